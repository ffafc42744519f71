"""Comments on a statement, optionally anchored to a body paragraph (form editor) or to a
selection of a live field (two Yjs relative positions); resolvable."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.models.user import User


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    paragraph: Mapped[int | None]  # 0-based body paragraph index, None = whole statement
    body: Mapped[str] = mapped_column(sa.Text)
    #: "comment", or "changes_requested": a head's request for changes (services.approvals)
    kind: Mapped[str] = mapped_column(sa.String(32), default="comment", server_default="comment")
    #: A selection in the live editor: the field ("title", "lead", "body"), the language
    #: ("" / None: the source), start and end as base64 encoded Yjs relative positions, and
    #: the text selected when the comment was made (shown once that text is deleted).
    field: Mapped[str | None] = mapped_column(sa.String(32))
    lang: Mapped[str | None] = mapped_column(sa.String(16))
    anchor_start: Mapped[str | None] = mapped_column(sa.String(256))
    anchor_end: Mapped[str | None] = mapped_column(sa.String(256))
    quote: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT")
    )

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    replies: Mapped[list[Comment]] = relationship(order_by="Comment.created_at")
