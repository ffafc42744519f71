"""Reads of user accounts."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import User, UserSession


def users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.email)))


def sessions_of(user: User) -> list[UserSession]:
    """The user's open sessions, newest first (the account page)."""
    return list(
        db.session.scalars(
            sa.select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
            .order_by(UserSession.created_at.desc(), UserSession.id.desc())
        )
    )
