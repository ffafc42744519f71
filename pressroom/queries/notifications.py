"""A person's inbox: their own notifications only, newest first, and the unread count of
the header badge (one COUNT on an index)."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import Notification, User

PAGE = 50


def unread_count(user: User) -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Notification)
            .where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


def inbox(user: User, before: int | None = None, limit: int = PAGE) -> list[Notification]:
    """The newest `limit` notifications of `user` (with ids below `before`: older ones)."""
    query = sa.select(Notification).where(Notification.recipient_id == user.id)
    if before is not None:
        query = query.where(Notification.id < before)
    return list(db.session.scalars(query.order_by(Notification.id.desc()).limit(limit)))


def own(user: User, notification_id: int) -> Notification | None:
    """The notification if it is `user`'s (None otherwise: others' ids do not leak)."""
    found = db.session.get(Notification, notification_id)
    return found if found is not None and found.recipient_id == user.id else None
