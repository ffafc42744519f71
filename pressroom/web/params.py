"""Reading numbers from forms and query strings: plain ASCII digits within the database's
integer range, else None (the caller answers 400 or ignores it). `str.isdigit()` accepts
"²" and "١", and int() of twenty digits overflows the database: neither may reach it."""

from __future__ import annotations

import re

_ID = re.compile(r"[0-9]{1,9}")


def parse_int(value: str | None) -> int | None:
    if value is None or not _ID.fullmatch(value.strip()):
        return None
    return int(value)
