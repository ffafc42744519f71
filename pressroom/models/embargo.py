"""Embargoed access: an organization's accredited journalists, the personal links a
statement's press officers send them before the embargo, what each link was used for, and
the PDFs stamped for each of them."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.models.organization import Organization
from pressroom.models.user import User


class Accreditation(Base):
    """A journalist on an organization's accreditation list, reused across statements."""

    __tablename__ = "accreditations"
    __table_args__ = (sa.UniqueConstraint("organization_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    outlet: Mapped[str] = mapped_column(sa.String(200))
    language: Mapped[str] = mapped_column(sa.String(16), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    organization: Mapped[Organization] = relationship()


class EmbargoInvitation(Base):
    """One journalist's personal link to one scheduled release. The token is random and
    only its SHA-256 is stored; who it was for is copied here, so that removing someone
    from the accreditation list keeps the record of what they were sent and read."""

    __tablename__ = "embargo_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    # The release it gives access to; a cancelled schedule deletes the release (NULL here).
    release_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("releases.id", ondelete="SET NULL")
    )
    bundle_hash: Mapped[str] = mapped_column(sa.String(64))  # the approved text it shows
    accreditation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accreditations.id", ondelete="SET NULL")
    )
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT")
    )  # whose list it came from
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    outlet: Mapped[str] = mapped_column(sa.String(200))
    language: Mapped[str] = mapped_column(sa.String(16), default="", server_default="")
    invited_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])
    organization: Mapped[Organization] = relationship()
    accesses: Mapped[list[EmbargoAccess]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", order_by="EmbargoAccess.id"
    )
    copies: Mapped[list[EmbargoCopy]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class AccessKind:
    page = "page"
    pdf = "pdf"


class EmbargoAccess(Base):
    """One use of a link: when, what (the page or the PDF) and in which language. Who is
    the invitation; no IP address is kept (README, "Embargoed access")."""

    __tablename__ = "embargo_accesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("embargo_invitations.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(sa.String(8))
    lang: Mapped[str] = mapped_column(sa.String(16))

    invitation: Mapped[EmbargoInvitation] = relationship(back_populates="accesses")


class EmbargoCopy(Base):
    """The PDF stamped "EMBARGOED UNTIL …" with one journalist's name, in one language,
    stored content-addressed like every rendered file."""

    __tablename__ = "embargo_copies"

    invitation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("embargo_invitations.id", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
