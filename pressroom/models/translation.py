"""Translations of a statement, one per target language, each with its own revisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.domain.content import upgrade_content
from pressroom.models.statement import PendingRevision, Revision
from pressroom.models.user import User


class Translation(Base):
    __tablename__ = "translations"
    __table_args__ = (sa.UniqueConstraint("statement_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statements.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(sa.String(16))
    current_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("translation_revisions.id", ondelete="SET NULL", use_alter=True)
    )

    current_revision: Mapped[TranslationRevision | None] = relationship(
        foreign_keys=[current_revision_id], post_update=True
    )


class TranslationRevision(Base):
    """Immutable snapshot of a translation, recording the source revision it was made from."""

    __tablename__ = "translation_revisions"
    __table_args__ = (sa.UniqueConstraint("translation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("translations.id", ondelete="CASCADE")
    )
    number: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("translation_revisions.id", ondelete="RESTRICT")
    )
    source_revision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("revisions.id", ondelete="RESTRICT")
    )
    source_hash: Mapped[str] = mapped_column(sa.String(64))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    content_hash: Mapped[str] = mapped_column(sa.String(64))

    author: Mapped[User] = relationship(lazy="joined")
    source_revision: Mapped[Revision] = relationship()


@sa.event.listens_for(Revision, "load")
@sa.event.listens_for(PendingRevision, "load")
@sa.event.listens_for(TranslationRevision, "load")
def _upgrade_loaded_content(target: Any, _context: Any) -> None:
    """Content stored before quotes had ids reads in today's shape (the rows, immutable,
    are never rewritten; see pressroom.domain.content.upgrade_content)."""
    if isinstance(target.content, dict):
        set_committed_value(target, "content", upgrade_content(target.content))
