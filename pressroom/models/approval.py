"""Approvals: append-only decisions of a head of delegation, bound to a bundle hash."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.models.organization import Organization
from pressroom.models.statement import Revision
from pressroom.models.user import User


class Decision(enum.StrEnum):
    approve = "approve"
    request_changes = "request_changes"


class Approval(Base):
    __tablename__ = "approvals"
    __table_args__ = (sa.Index("ix_approvals_statement_org", "statement_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statements.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT")
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("revisions.id", ondelete="RESTRICT"))
    content_hash: Mapped[str] = mapped_column(sa.String(64))  # the source text's
    # What the decision binds to: the whole release bundle (domain.bundle). It counts only
    # while this is the statement's current bundle hash.
    bundle_hash: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    decision: Mapped[Decision] = mapped_column(sa.Enum(Decision, native_enum=False, length=20))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")
    revision: Mapped[Revision] = relationship(lazy="joined")
