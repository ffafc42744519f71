"""Maintenance of the full-text index (pressroom.queries.search reads it): `flask search
rebuild` after restoring a SQLite dump without the index, or after a migration that
rebuilt release_artifacts and so dropped the triggers that keep it in step."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom.db import db
from pressroom.queries.search import FTS_TABLE


def rebuild() -> bool:
    """Refill the SQLite index from the HTML artifacts; False on PostgreSQL, which
    maintains its index itself. The caller commits."""
    if db.session.get_bind().dialect.name != "sqlite":
        return False
    db.session.execute(sa.text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')"))  # noqa: S608 - constant
    folded = "replace(replace({}, 'ё', 'е'), 'Ё', 'Е')"  # as the migration's triggers
    db.session.execute(
        sa.text(
            f"INSERT INTO {FTS_TABLE}(rowid, title, body) SELECT id, {folded.format('title')}, "  # noqa: S608 - constants
            f"{folded.format('text')} FROM release_artifacts WHERE kind = 'html'"
        )
    )
    return True
