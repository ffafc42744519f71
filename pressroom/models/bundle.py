"""Bundles: each distinct set of parts a statement's release would be made of, with the
files rendered from it. Rendering happens when a bundle is complete (every translation
done), before anyone approves, so heads preview exactly what will be published and
publishing renders nothing."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.models.release import RenderedFile


class RenderStatus(enum.StrEnum):
    incomplete = "incomplete"  # a translation is missing or outdated: nothing to render
    pending = "pending"  # queued
    done = "done"  # every language's page and PDF stored
    failed = "failed"  # see render_error; publishing retries


class BundleRecord(Base):
    __tablename__ = "bundles"
    __table_args__ = (sa.UniqueConstraint("statement_id", "hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statements.id", ondelete="CASCADE"))
    hash: Mapped[str] = mapped_column(sa.String(64))
    parts: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # domain.bundle.Bundle.parts()
    refs: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # domain.bundle.BundleRefs
    # Ids of the exact revisions, so a render or a diff reads those, not the current ones.
    source_revision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("revisions.id", ondelete="RESTRICT")
    )
    translation_revision_ids: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    render_status: Mapped[RenderStatus] = mapped_column(
        sa.Enum(RenderStatus, native_enum=False, length=16), default=RenderStatus.incomplete
    )
    render_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    rendered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    files: Mapped[list[BundleFile]] = relationship(
        back_populates="bundle",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="BundleFile.id",
    )


class BundleFile(RenderedFile, Base):
    """One rendered file of a bundle, stored content-addressed (see services.storage)."""

    __tablename__ = "bundle_files"
    __table_args__ = (sa.UniqueConstraint("bundle_id", "lang", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(sa.ForeignKey("bundles.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(sa.String(64))

    bundle: Mapped[BundleRecord] = relationship(back_populates="files")
