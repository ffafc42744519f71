"""Reads of presence: who was seen on a statement. Where presence lives (Redis or the
`presence` table) and the time window are `services.presence`'s; it passes either the ids
Redis holds or the moment since which a row counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.permissions import can_view_statement
from pressroom.models import Presence, Statement, User


def _visible(statement: Statement, query: sa.Select[Any], exclude_user: User | None) -> list[User]:
    if exclude_user is not None:
        query = query.where(User.id != exclude_user.id)
    return [u for u in db.session.scalars(query) if can_view_statement(u, statement)]


def among(statement: Statement, ids: list[int], exclude_user: User | None = None) -> list[User]:
    """The users of `ids` (seen on the statement, as Redis knows) who may view it, by
    name; `exclude_user` left out."""
    query = sa.select(User).where(User.id.in_(ids)).order_by(User.display_name, User.id)
    return _visible(statement, query, exclude_user)


def seen_since(
    statement: Statement, since: dt.datetime, exclude_user: User | None = None
) -> list[User]:
    """Users with a `presence` row on the statement at or after `since` who may view it,
    by name; `exclude_user` left out."""
    query = (
        sa.select(User)
        .join(Presence, Presence.user_id == User.id)
        .where(Presence.statement_id == statement.id, Presence.seen_at >= since)
        .order_by(User.display_name, User.id)
    )
    return _visible(statement, query, exclude_user)
