"""Statements, their participating organizations and languages, and immutable revisions."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.domain.workflow import Status
from pressroom.models.organization import Organization
from pressroom.models.user import User


class Statement(Base):
    __tablename__ = "statements"
    __table_args__ = (sa.Index("ix_statements_public_slug", "public_slug", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public URL's name: made from the published title at first publication, never
    # from a draft (None until then).
    slug: Mapped[str | None] = mapped_column("public_slug", sa.String(120))
    # The first version's slug column, kept as an internal unique key: a random token for
    # new statements, so no draft title is ever stored where a URL could show it.
    key: Mapped[str] = mapped_column("slug", sa.String(120), unique=True)
    status: Mapped[Status] = mapped_column(
        sa.Enum(Status, native_enum=False, length=16), default=Status.draft, index=True
    )
    source_language: Mapped[str] = mapped_column(sa.String(16))
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # release version in work
    correction_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Points at the newest revision; use_alter breaks the statements<->revisions cycle.
    current_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("revisions.id", ondelete="SET NULL", use_alter=True)
    )

    created_by: Mapped[User] = relationship()
    current_revision: Mapped[Revision | None] = relationship(
        foreign_keys=[current_revision_id], post_update=True
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="statement",
        cascade="all, delete-orphan",
        order_by="Participant.position",
        lazy="selectin",
    )
    languages: Mapped[list[TargetLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="TargetLanguage.lang", lazy="selectin"
    )

    @property
    def organizations(self) -> list[Organization]:
        return [p.organization for p in self.participants]

    @property
    def lead_organization(self) -> Organization | None:
        return self.participants[0].organization if self.participants else None

    @property
    def target_languages(self) -> list[str]:
        return sorted(t.lang for t in self.languages)

    def takes_part(self, organization_id: int | None) -> bool:
        return organization_id is not None and any(
            p.organization_id == organization_id for p in self.participants
        )

    def __repr__(self) -> str:
        return f"<Statement {self.slug} {self.status}>"


class Participant(Base):
    """An organization taking part in a statement; position 0 is the lead."""

    __tablename__ = "statement_organizations"

    statement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    statement: Mapped[Statement] = relationship(back_populates="participants")
    organization: Mapped[Organization] = relationship(lazy="joined")


class TargetLanguage(Base):
    __tablename__ = "statement_languages"

    statement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(sa.String(16), primary_key=True)


class RevisionKind(enum.StrEnum):
    edit = "edit"  # a save based on the current revision
    merge = "merge"  # a save based on an older revision, merged three-way
    restore = "restore"  # an old revision's content saved again
    correction = "correction"  # copied from a published version to start version N+1


class Revision(Base):
    """An immutable snapshot of a statement's source content. Never updated."""

    __tablename__ = "revisions"
    __table_args__ = (sa.UniqueConstraint("statement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statements.id", ondelete="CASCADE"))
    number: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("revisions.id", ondelete="RESTRICT")
    )
    kind: Mapped[RevisionKind] = mapped_column(sa.Enum(RevisionKind, native_enum=False, length=16))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    content_hash: Mapped[str] = mapped_column(sa.String(64), index=True)
    # Whose concurrent change this save was merged with (a merge revision only).
    merged_with_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("revisions.id", ondelete="RESTRICT")
    )

    author: Mapped[User] = relationship(lazy="joined")
    organization: Mapped[Organization | None] = relationship()
    parent: Mapped[Revision | None] = relationship(remote_side=[id], foreign_keys=[parent_id])


class PendingRevision(Base):
    """A user's text that conflicted with someone else's: kept until resolved or discarded."""

    __tablename__ = "pending_revisions"
    __table_args__ = (sa.UniqueConstraint("statement_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statements.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    base_revision_id: Mapped[int] = mapped_column(sa.ForeignKey("revisions.id", ondelete="CASCADE"))
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Presence(Base):
    """Who has a statement open: refreshed by the editor's heartbeat."""

    __tablename__ = "presence"

    statement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
