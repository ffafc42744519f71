"""Photos and documents of a release (domain.media): the stored files, content-addressed
(`media_files`, one row per SHA-256, never changed), the statement's current media in order
(`statement_media`, part of its bundle) and each release's media frozen at publication
(`release_media`)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.domain.media import MediaKind


class MediaFile(Base):
    """A re-encoded photo (with its web-size derivative) or a checked PDF, as stored."""

    __tablename__ = "media_files"

    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[MediaKind] = mapped_column(sa.Enum(MediaKind, native_enum=False, length=16))
    ext: Mapped[str] = mapped_column(sa.String(8))  # jpg | png | pdf (the storage kind)
    mimetype: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    width: Mapped[int | None]
    height: Mapped[int | None]
    pages: Mapped[int | None]
    web_sha256: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    web_size: Mapped[int | None] = mapped_column(sa.BigInteger)
    web_width: Mapped[int | None]
    web_height: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class MediumText:
    """What is said about a medium: part of the bundle (domain.bundle.MediaPart)."""

    filename: Mapped[str] = mapped_column(sa.String(120))
    caption: Mapped[str] = mapped_column(sa.Text, default="")
    credit: Mapped[str] = mapped_column(sa.String(200), default="")
    alt: Mapped[str] = mapped_column(sa.Text, default="")
    licence: Mapped[str] = mapped_column(sa.String(200), default="")

    def text_fields(self) -> dict[str, str]:
        return {
            "filename": self.filename,
            "caption": self.caption,
            "credit": self.credit,
            "alt": self.alt,
            "licence": self.licence,
        }


class StatementMedium(MediumText, Base):
    __tablename__ = "statement_media"
    __table_args__ = (sa.UniqueConstraint("statement_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(sa.ForeignKey("media_files.sha256", ondelete="RESTRICT"))
    added_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    file: Mapped[MediaFile] = relationship(lazy="joined")


class ReleaseMedium(MediumText, Base):
    __tablename__ = "release_media"

    release_id: Mapped[int] = mapped_column(
        sa.ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(
        sa.ForeignKey("media_files.sha256", ondelete="RESTRICT"), index=True
    )

    file: Mapped[MediaFile] = relationship(lazy="joined")
