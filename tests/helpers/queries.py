"""Counting the SQL statements a piece of code sends."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa

from pressroom.db import db


@contextlib.contextmanager
def counting() -> Iterator[list[str]]:
    """The statements sent inside the block (savepoint bookkeeping left out)."""
    seen: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
