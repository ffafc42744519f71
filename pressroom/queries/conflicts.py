"""The conflict page's read: a person's pending version merged against a stored revision."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from pressroom.db import db
from pressroom.domain.content import SOURCE_FIELDS
from pressroom.domain.diff import changed_fields
from pressroom.domain.errors import NotFound
from pressroom.domain.merge import MergeResult, merge3
from pressroom.domain.messages import msg
from pressroom.models import PendingRevision, Revision, Statement


@dataclass(frozen=True)
class Conflict:
    base: Revision  # the revision the pending version started from
    result: MergeResult  # conflicts to choose; the rest merged
    authors: list[str]  # who saved between the base and `theirs`, in order
    merged_mine: list[str]  # fields changed only by the pending version (merged as is)
    merged_theirs: list[str]  # fields changed only by the others (kept as stored)


def conflict_of(statement: Statement, pending: PendingRevision, theirs: Revision) -> Conflict:
    base = db.session.get(Revision, pending.base_revision_id)
    if base is None or base.statement_id != statement.id:
        raise NotFound(msg("Not found."))
    result = merge3(base.content, pending.content, theirs.content, SOURCE_FIELDS)
    conflicting = {c.field for c in result.conflicts}
    between = db.session.scalars(
        sa.select(Revision)
        .where(
            Revision.statement_id == statement.id,
            Revision.number > base.number,
            Revision.number <= theirs.number,
        )
        .options(selectinload(Revision.author))
        .order_by(Revision.number)
    )
    return Conflict(
        base,
        result,
        list(dict.fromkeys(r.author.label for r in between)),
        [f for f in changed_fields(base.content, pending.content) if f not in conflicting],
        [f for f in changed_fields(base.content, theirs.content) if f not in conflicting],
    )
