"""Reads of statements and their revisions."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.errors import NotFound
from pressroom.domain.messages import msg
from pressroom.models import (
    Approval,
    Participant,
    PendingRevision,
    Revision,
    Statement,
    TranslationRevision,
    User,
)
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
    return list(
        db.session.scalars(
            sa.select(Revision).where(Revision.statement_id == statement.id).order_by(order)
        )
    )


def revision_by_id(revision_id: int) -> Revision | None:
    return db.session.get(Revision, revision_id)


def translation_revision_by_id(revision_id: int) -> TranslationRevision | None:
    return db.session.get(TranslationRevision, revision_id)


def decisions_of(statement: Statement) -> list[Approval]:
    """Every approval and request for changes on the statement, newest first."""
    return list(
        db.session.scalars(
            sa.select(Approval)
            .where(Approval.statement_id == statement.id)
            .order_by(Approval.id.desc())
        )
    )


def get_revision(statement: Statement, number: int) -> Revision:
    revision = db.session.scalar(
        sa.select(Revision).where(Revision.statement_id == statement.id, Revision.number == number)
    )
    if revision is None:
        raise NotFound(msg("Revision %(n)d does not exist.", n=number))
    return revision


def pending_for(statement: Statement, actor: User) -> PendingRevision | None:
    """The actor's kept conflicting version of the statement, if any."""
    return db.session.scalar(
        sa.select(PendingRevision).where(
            PendingRevision.statement_id == statement.id, PendingRevision.user_id == actor.id
        )
    )
