"""Rendered files stored in the database (PRESSROOM_STORAGE=database): content-addressed
blobs cut into chunks, so a download streams one chunk at a time and no node needs a
shared disk. Written once, never modified (see services.storage)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db import Base, UTCDateTime, utcnow


class StoredBlob(Base):
    __tablename__ = "stored_blobs"

    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(8))  # "pdf", "html", "crl"
    size: Mapped[int] = mapped_column(sa.BigInteger)
    chunks: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)


class BlobChunk(Base):
    __tablename__ = "stored_blob_chunks"

    sha256: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("stored_blobs.sha256", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
