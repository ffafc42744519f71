"""The `threads` root of a live document: a Y.Map of comment thread id -> ISO time of its
last change. The server writes it after a comment is added, answered, resolved or reopened
(and after a head requests changes); every editor observes it and fetches the threads
again, so everyone's comment panel follows within a moment. It is not part of a revision
(schema.read_content reads only the text roots)."""

from __future__ import annotations

from pycrdt import Map

from pressroom import clock
from pressroom.db import db
from pressroom.live import fanout, store
from pressroom.live.store import DocumentKey
from pressroom.models import LiveUpdate
from pressroom.services import effects

ROOT = "threads"


def changed(statement_id: int, lang: str, thread: str) -> None:
    """A thread changed: once committed, a job tells the live document's editors."""
    effects.enqueue(touch, statement_id, lang or "", str(thread))


def touch(statement_id: int, lang: str, thread: str) -> None:
    """Write `thread` -> now into the document's `threads` map, store it as an update of
    nobody and relay it. Nothing to do without a live document (nobody edits live)."""
    key = DocumentKey(statement_id, lang)
    document = store.find(key)
    if document is None:
        db.session.rollback()
        return
    doc = store.load(document)
    threads = doc.get(ROOT, type=Map)
    before = doc.get_state()
    threads[thread] = clock.now().isoformat()
    row = LiveUpdate(document_id=document.id, data=doc.get_update(before), user_id=None)
    db.session.add(row)
    db.session.commit()
    fanout.announce_stored(key, row.id)
