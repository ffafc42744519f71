"""What publishing produced: a release version and its per-language artifacts."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.models.organization import Organization
from pressroom.models.statement import Statement


class ArtifactKind(enum.StrEnum):
    html = "html"
    pdf = "pdf"


class Release(Base):
    __tablename__ = "releases"
    __table_args__ = (
        sa.UniqueConstraint("statement_id", "version"),
        sa.Index("ix_releases_public_at", "public_at"),
        # The lift sweep walks only releases not yet lifted (a handful at any time).
        sa.Index(
            "ix_releases_unlifted",
            "public_at",
            sqlite_where=sa.text("lifted_at IS NULL"),
            postgresql_where=sa.text("lifted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statements.id", ondelete="RESTRICT"))
    version: Mapped[int]
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("revisions.id", ondelete="RESTRICT"))
    source_hash: Mapped[str] = mapped_column(sa.String(64))
    # The approved bundle this release publishes; its first 12 characters are printed on
    # the PDF as the short hash.
    bundle_hash: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    # Frozen at publication: public surfaces never read the statement's current draft.
    title: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # The release's date, as its dateline gives it, and the zone its times are shown in.
    release_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")
    published_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When it becomes (or became) public: now, or the embargo. Readers compare with the
    # clock; nothing has to run for it to be readable.
    public_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # When the lift job (services/lifting.py) ran its effects (alerts, …): claimed once, by
    # one process, with UPDATE … WHERE lifted_at IS NULL. NULL: not yet (or never: cancelled).
    lifted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    correction_note: Mapped[str] = mapped_column(sa.Text, default="")
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawal_notice: Mapped[str] = mapped_column(sa.Text, default="")
    superseded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("releases.id", ondelete="SET NULL")
    )
    # Who signed the PDFs (services.signing), frozen at publication; None: not signed.
    signers: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)

    statement: Mapped[Statement] = relationship()
    authors: Mapped[list[ReleaseOrganization]] = relationship(
        cascade="all, delete-orphan", order_by="ReleaseOrganization.position", lazy="selectin"
    )
    artifacts: Mapped[list[Artifact]] = relationship(
        back_populates="release", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def date(self) -> dt.date:
        """The one date every surface shows: the dateline's (or, for releases without
        one, the day it became public in its zone)."""
        if self.release_date is not None:
            return self.release_date
        from zoneinfo import ZoneInfo

        return self.public_at.astimezone(ZoneInfo(self.timezone or "UTC")).date()

    @property
    def organizations(self) -> list[Organization]:
        return [a.organization for a in self.authors]


class ReleaseOrganization(Base):
    """An organization that issued a release, frozen at publication (position 0: lead)."""

    __tablename__ = "release_organizations"

    release_id: Mapped[int] = mapped_column(
        sa.ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    organization: Mapped[Organization] = relationship(lazy="joined")


class RenderedFile:
    """What a rendered page or PDF is, wherever it is listed: a bundle's files before
    publication (models.bundle.BundleFile), a release's after (Artifact)."""

    lang: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[ArtifactKind] = mapped_column(sa.Enum(ArtifactKind, native_enum=False, length=8))
    size: Mapped[int]
    title: Mapped[str] = mapped_column(sa.Text, default="")
    text: Mapped[str] = mapped_column(sa.Text, default="")  # plain text, for search

    def file_fields(self) -> dict[str, object]:
        # `lang` is a column of each class using the mixin, not of the mixin (attr-defined).
        return {
            "lang": self.lang,
            "kind": self.kind,
            "sha256": self.sha256,  # type: ignore[attr-defined]
            "size": self.size,
            "title": self.title,
            "text": self.text,
        }


class Artifact(RenderedFile, Base):
    """One rendered file of a release, stored content-addressed by its SHA-256."""

    __tablename__ = "release_artifacts"
    __table_args__ = (sa.UniqueConstraint("release_id", "lang", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(sa.ForeignKey("releases.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)  # verify looks files up

    release: Mapped[Release] = relationship(back_populates="artifacts")
