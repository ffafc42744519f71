"""A person's in-app notifications: what happened (kind + data, rendered in the reader's
language at display time), about which statement, language or comment, by whom, the path
that leads to the exact place, and whether it was read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.domain.notifications import Kind
from pressroom.models.user import User


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # The inbox (newest first) and the unread count of one person.
        sa.Index("ix_notifications_recipient_id_id", "recipient_id", "id"),
        sa.Index("ix_notifications_recipient_id_read_at", "recipient_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[Kind] = mapped_column(sa.Enum(Kind, native_enum=False, length=32))
    statement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str | None] = mapped_column(sa.String(16))
    comment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="SET NULL")
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    link: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")
