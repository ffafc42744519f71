"""The statement row lock every state change takes first."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import Revision, Statement


def lock_statement(statement: Statement) -> Revision:
    """Lock the statement row until commit (PostgreSQL; on SQLite a writing request holds
    the database's write lock already), then reload what may have changed meanwhile —
    status and current revision — so that two people's actions are ordered, never both
    built on the same state. Returns the current revision."""
    db.session.execute(
        sa.select(Statement.id).where(Statement.id == statement.id).with_for_update()
    )
    db.session.refresh(statement, ["current_revision_id", "status", "current_revision"])
    current = statement.current_revision
    assert current is not None  # every statement has revision 1 from its creation
    return current
