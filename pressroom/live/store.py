"""The update log: every update a client sends is appended here, in its own short
transaction, before anyone else sees it; a document is the merge of its rows.

Yjs updates commute, so the rows' order does not matter: compaction replaces the rows
already captured in a revision by one snapshot row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from pycrdt import Doc, merge_updates

from pressroom.db import db, utcnow
from pressroom.live import schema
from pressroom.models import LiveDocument, LiveUpdate, Statement
from pressroom.queries.translations import get_translation


@dataclass(frozen=True)
class DocumentKey:
    """A statement's source document (lang "") or one of its translations."""

    statement_id: int
    lang: str = ""

    @property
    def source(self) -> bool:
        return not self.lang

    @property
    def channel(self) -> str:
        return f"{self.statement_id}:{self.lang}"


def _base_content(statement: Statement, lang: str) -> tuple[int, dict[str, Any]]:
    """The revision a new live document starts from: number and content."""
    if not lang:
        revision = statement.current_revision
        return (revision.number, revision.content) if revision else (0, {})
    translation = get_translation(statement, lang)
    translated = translation.current_revision if translation else None
    return (translated.number, translated.content) if translated else (0, {})


def open_document(key: DocumentKey) -> LiveDocument:
    """The document's row, created and seeded from the current revision the first time.
    Commits. Two nodes seeding at once write the same seed update (schema.SEED_CLIENT_ID)."""
    row = _row(key)
    if row is None:
        statement = db.session.get(Statement, key.statement_id)
        assert statement is not None  # rooms open a document only after access.check found it
        number, content = _base_content(statement, key.lang)
        row = LiveDocument(statement_id=key.statement_id, lang=key.lang, revision_number=number)
        db.session.add(row)
        try:
            db.session.flush()
        except sa.exc.IntegrityError:  # another node created it meanwhile
            db.session.rollback()
            row = _row(key)
            assert row is not None
            return row
        seed = LiveUpdate(
            document_id=row.id, data=schema.seed_update(content, source=key.source), snapshot=True
        )
        db.session.add(seed)
        db.session.flush()
        row.synced_update_id = seed.id
        db.session.commit()
    return row


def _row(key: DocumentKey, *, lock: bool = False) -> LiveDocument | None:
    query = sa.select(LiveDocument).where(
        LiveDocument.statement_id == key.statement_id, LiveDocument.lang == key.lang
    )
    if lock:
        query = query.with_for_update()
    return db.session.scalar(query)


def find(key: DocumentKey, *, lock: bool = False) -> LiveDocument | None:
    return _row(key, lock=lock)


def load(document: LiveDocument, *, up_to: int | None = None) -> Doc[Any]:
    """The document as the log has it (up to update id `up_to`)."""
    query = sa.select(LiveUpdate.data).where(LiveUpdate.document_id == document.id)
    if up_to is not None:
        query = query.where(LiveUpdate.id <= up_to)
    doc: Doc[Any] = Doc()
    updates = list(db.session.scalars(query.order_by(LiveUpdate.id)))
    if updates:
        doc.apply_update(merge_updates(*updates))
    return doc


def append(document_id: int, data: bytes, user_id: int | None) -> int:
    """Persist one update (its own transaction, committed before it is broadcast)."""
    row = LiveUpdate(document_id=document_id, data=data, user_id=user_id)
    db.session.add(row)
    db.session.flush()
    update_id = row.id
    db.session.execute(
        sa.update(LiveDocument).where(LiveDocument.id == document_id).values(changed_at=utcnow())
    )
    db.session.commit()
    return update_id


def pending_authors(document: LiveDocument) -> list[int]:
    """Who made the changes not yet in a revision, in the order they first typed."""
    rows = db.session.execute(
        sa.select(LiveUpdate.user_id, sa.func.min(LiveUpdate.id))
        .where(
            LiveUpdate.document_id == document.id,
            LiveUpdate.id > document.synced_update_id,
            LiveUpdate.snapshot.is_(False),
            LiveUpdate.user_id.is_not(None),
        )
        .group_by(LiveUpdate.user_id)
    )
    # user_id IS NOT NULL is in the query; the test narrows the type.
    return [user_id for user_id, _first in sorted(rows, key=lambda r: r[1]) if user_id is not None]


def last_update_id(document: LiveDocument) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.max(LiveUpdate.id)).where(LiveUpdate.document_id == document.id)
        )
        or 0
    )


def compact(document: LiveDocument) -> bool:
    """Merge the rows already captured in a revision into one snapshot when there are more
    than LIVE_COMPACT_AFTER of them. The caller commits."""
    limit = int(current_app.config.get("LIVE_COMPACT_AFTER", 200))
    old = sa.and_(LiveUpdate.document_id == document.id, LiveUpdate.id <= document.synced_update_id)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(LiveUpdate).where(old))
    if not count or count <= limit:
        return False
    merged = merge_updates(
        *db.session.scalars(sa.select(LiveUpdate.data).where(old).order_by(LiveUpdate.id))
    )
    db.session.execute(sa.delete(LiveUpdate).where(old))
    # Kept at the last merged row's id, so "after synced_update_id" still means "newer".
    db.session.add(
        LiveUpdate(
            id=document.synced_update_id, document_id=document.id, data=merged, snapshot=True
        )
    )
    db.session.flush()
    return True


def due(now: dt.datetime, idle_seconds: float) -> list[DocumentKey]:
    """Documents whose changes have rested for `idle_seconds`: time for a revision."""
    cutoff = now - dt.timedelta(seconds=idle_seconds)
    rows = db.session.execute(
        sa.select(LiveDocument.statement_id, LiveDocument.lang).where(
            LiveDocument.changed_at.is_not(None), LiveDocument.changed_at <= cutoff
        )
    )
    return [DocumentKey(s, lang) for s, lang in rows]
