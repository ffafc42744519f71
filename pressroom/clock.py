"""The one source of "now". Tests and the browser journey inject a clock through the
app config (CLOCK: a callable returning an aware datetime) to move past an embargo."""

from __future__ import annotations

import datetime as dt

from flask import current_app, has_app_context


def now() -> dt.datetime:
    if has_app_context():
        clock = current_app.config.get("CLOCK")
        if clock is not None:
            return clock()
    return dt.datetime.now(dt.UTC)
