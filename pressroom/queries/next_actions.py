"""The dashboard's next action per statement for one viewer (pressroom.domain.next_action
decides; this reads what it needs, in one query more than the overviews)."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.next_action import Decided, NextAction, Situation, next_action
from pressroom.domain.permissions import Permission, can_act_on_statement, can_approve_for
from pressroom.domain.translation import TranslationStatus
from pressroom.domain.workflow import Status
from pressroom.models import PendingRevision, User
from pressroom.queries.overview import MatrixRow, Overview


def _decided(row: MatrixRow) -> Decided:
    if row.approved:
        return Decided.approved
    if row.changes_requested:
        return Decided.changes_requested
    return Decided.open


def conflicted(user: User, statement_ids: list[int]) -> set[int]:
    """Which of the statements hold a pending (conflicting) version of the user."""
    if not statement_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(PendingRevision.statement_id).where(
                PendingRevision.user_id == user.id,
                PendingRevision.statement_id.in_(statement_ids),
            )
        )
    )


def next_actions(user: User, views: dict[int, Overview]) -> dict[int, NextAction]:
    pending = conflicted(user, list(views))
    own = user.organization
    result = {}
    for statement_id, view in views.items():
        statement = view.statement
        result[statement_id] = next_action(
            Situation(
                status=Status(statement.status),
                decisions=tuple((row.organization.slug, _decided(row)) for row in view.matrix),
                translations={
                    lang: TranslationStatus(state) for lang, state in view.translations.items()
                },
                own_organization=own.slug if own else None,
                may_edit=can_act_on_statement(user, statement, Permission.edit_statement),
                may_approve=own is not None and can_approve_for(user, statement, own.id),
                has_conflict=statement_id in pending,
            )
        )
    return result
