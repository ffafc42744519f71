"""Live documents and their append-only update log (pressroom.live)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db import Base, UTCDateTime, utcnow


class LiveDocument(Base):
    """One CRDT document: a statement's source text (lang "") or one of its translations.

    `revision_number` is the revision the document said at update `synced_update_id`: the
    updates after it are the changes not yet turned into a revision."""

    __tablename__ = "live_documents"
    __table_args__ = (sa.UniqueConstraint("statement_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statements.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(sa.String(16), default="", server_default="")
    revision_number: Mapped[int] = mapped_column(default=0, server_default="0")
    synced_update_id: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the newest change not yet in a revision arrived (None: nothing pending).
    changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LiveUpdate(Base):
    """One Yjs update as a client sent it, or (`snapshot`) the merge of older ones.
    Appended before it is broadcast; rows are only ever deleted by compaction."""

    __tablename__ = "live_updates"
    __table_args__ = (sa.Index("ix_live_updates_document_id_id", "document_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("live_documents.id", ondelete="CASCADE"))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    snapshot: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
