"""Organizations, their names per language, and their press contacts."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    names: Mapped[list[OrganizationName]] = relationship(
        back_populates="organization",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="OrganizationName.lang",
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Contact.name"
    )

    def name_in(self, lang: str, fallback: str = "en") -> OrganizationName | None:
        """The names in `lang`, else in `fallback`, else any: letterheads never come out blank."""
        by_lang = {n.lang: n for n in self.names}
        base = lang.split("_")[0]
        return (
            by_lang.get(lang)
            or by_lang.get(base)
            or by_lang.get(fallback)
            or (self.names[0] if self.names else None)
        )

    def name(self, lang: str = "en") -> str:
        found = self.name_in(lang)
        return found.name if found else self.slug

    def short_name(self, lang: str = "en") -> str:
        found = self.name_in(lang)
        return (found.short_name or found.name) if found else self.slug

    def __repr__(self) -> str:
        return f"<Organization {self.slug}>"


class OrganizationName(Base):
    """Name, short name and letterhead lines of an organization in one language."""

    __tablename__ = "organization_names"
    __table_args__ = (sa.UniqueConstraint("organization_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE")
    )
    lang: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.String(200))
    short_name: Mapped[str] = mapped_column(sa.String(60), default="")
    letterhead: Mapped[str] = mapped_column(sa.Text, default="")  # lines, newline-separated
    # The logo for this language, sanitized (pressroom.domain.logos): "" / None for none.
    logo_type: Mapped[str] = mapped_column(sa.String(32), default="", server_default="")
    logo_data: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    logo_sha256: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")

    organization: Mapped[Organization] = relationship(back_populates="names")


class Contact(Base):
    """A press contact of an organization, offered in contact blocks and as a vCard."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    phone: Mapped[str] = mapped_column(sa.String(32))  # E.164
    email: Mapped[str] = mapped_column(sa.String(254))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    organization: Mapped[Organization] = relationship(back_populates="contacts")
