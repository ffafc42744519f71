"""Reads of statements and their revisions."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import Participant, Revision, Statement, User
from pressroom.queries.overview import statements_options


def statements_for(user: User) -> list[Statement]:
    """Statements in which the user's organization takes part, most recently created first."""
    if user.organization_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Statement)
            .join(Participant, Participant.statement_id == Statement.id)
            .where(Participant.organization_id == user.organization_id)
            .options(*statements_options())
            .order_by(Statement.created_at.desc(), Statement.id.desc())
        )
    )


def revisions_of(statement: Statement, *, newest_first: bool = False) -> list[Revision]:
    order = Revision.number.desc() if newest_first else Revision.number
    return list(db.session.scalars(
        sa.select(Revision).where(Revision.statement_id == statement.id).order_by(order)
    ))
