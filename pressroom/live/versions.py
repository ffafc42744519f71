"""Live document -> immutable revision (after an idle time, and on "Save version"), and
revision -> live document (a save made elsewhere: the API, the form editor).

A revision is made through the same services as a form save, so permissions, the
three-way merge, approvals dismissed by a real change and the bundle hash work as for any
save. The authors of the changes since the last revision are recorded in the audit log;
the revision's author is the one who changed it last (or who pressed "Save version")."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from pycrdt import Doc

from pressroom import clock
from pressroom.db import db
from pressroom.domain.content import SOURCE_FIELDS, TRANSLATION_FIELDS
from pressroom.domain.errors import DomainError
from pressroom.live import fanout, schema, store
from pressroom.live.store import DocumentKey
from pressroom.models import LiveDocument, Revision, Statement, TranslationRevision, User
from pressroom.queries.statements import get_revision
from pressroom.queries.translations import get_translation
from pressroom.services import audit, effects, statements, translations

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VersionResult:
    number: int | None  # the new revision's number; None: nothing to save
    authors: tuple[int, ...] = ()
    # Why the live text could not become a revision (an empty title, an invalid phone):
    # for "Save version" to name the field; the changes stay in the log either way.
    refused: DomainError | None = None


def save_version(key: DocumentKey, actor: User | None = None) -> VersionResult:
    """Turn the live document's pending changes into a revision. Commits (or rolls back)."""
    document = store.find(key, lock=True)
    if document is None:
        db.session.rollback()
        return VersionResult(None)
    up_to = store.last_update_id(document)
    authors = store.pending_authors(document)
    if not authors and actor is None:
        document.changed_at = None
        db.session.commit()
        return VersionResult(None)
    statement = db.session.get(Statement, key.statement_id)
    assert statement is not None  # the live document's foreign key (ON DELETE CASCADE)
    if actor is None:
        actor = db.session.get(User, authors[-1])
        assert actor is not None  # the update rows still name them (ON DELETE SET NULL)
    doc = store.load(document, up_to=up_to)
    try:
        number, content = _save(statement, document, key, doc, actor)
    except DomainError as exc:
        # Not saveable now (an invalid text, a state that allows no edit): the changes
        # stay in the log and a later change tries again.
        db.session.rollback()
        log.info("live document %s not saved: %s", key, exc)
        document = store.find(key)
        if document is not None:
            document.changed_at = None
            db.session.commit()
        return VersionResult(None, tuple(authors), exc)
    if number is not None:
        audit.record(
            "statement.live_version",
            actor=actor,
            obj=statement,
            lang=key.lang or None,
            revision=number,
            authors=authors,
        )
    before = doc.get_state()
    _record_decisions(statement, key, schema.take_decisions(doc), authors, actor, number)
    extra = _write_back(document, doc, content, key.source, before)
    document.revision_number = number if number is not None else document.revision_number
    document.synced_update_id = extra or up_to
    document.changed_at = None
    store.compact(document)
    db.session.commit()
    if extra:
        fanout.announce_stored(key, extra)
    return VersionResult(number, tuple(authors))


def _save(
    statement: Statement, document: LiveDocument, key: DocumentKey, doc: Doc, actor: User
) -> tuple[int | None, dict]:
    """Save through the services; returns the new revision's number and its content (what
    the live document should say now: a merge may have brought others' changes)."""
    if key.source:
        base = get_revision(statement, document.revision_number)
        mine = schema.read_content(doc, base.content, source=True)
        changes = {name: mine[name] for name in SOURCE_FIELDS if name in mine}
        result = statements.save(statement, actor, base.number, changes)
        if result.conflict:
            raise DomainError(_("Someone saved at the same moment: try again."))
        current = statement.current_revision
        assert current is not None  # revision 1 exists from creation on
        return (result.revision.number if result.revision else None), current.content
    translation = get_translation(statement, key.lang)
    base_rev = translation.current_revision if translation else None
    mine = schema.read_content(doc, base_rev.content if base_rev else {}, source=False)
    changes = {name: mine[name] for name in TRANSLATION_FIELDS if name in mine}
    base_number = document.revision_number or None
    source = statement.current_revision
    assert source is not None  # revision 1 exists from creation on
    outcome = translations.save_translation(
        statement, actor, key.lang, base_number, source.number, changes
    )
    if outcome.conflict:
        raise DomainError(_("Someone saved at the same moment: try again."))
    saved = outcome.revision or outcome.translation.current_revision
    return (outcome.revision.number if outcome.revision else None), (
        saved.content if saved else mine
    )


def _record_decisions(
    statement: Statement,
    key: DocumentKey,
    decisions: list[dict],
    authors: list[int],
    actor: User,
    number: int | None,
) -> None:
    """Audit events for the suggestions accepted or rejected since the last version. Who
    decided is what the browser logged when that person sent updates since then (the
    server knows who sent each update); otherwise the version's author."""
    for entry in decisions:
        decision = entry.get("decision")
        if decision not in ("accepted", "rejected"):
            continue
        by = _user_id(entry.get("by"))
        decider = db.session.get(User, by) if by in authors else None
        audit.record(
            f"statement.suggestion_{decision}",
            actor=decider or actor,
            obj=statement,
            lang=key.lang or None,
            revision=number,
            field=str(entry.get("field", ""))[:40],
            original=str(entry.get("original", ""))[:_AUDIT_TEXT],
            insert=str(entry.get("insert", ""))[:_AUDIT_TEXT],
            suggested_by=_user_id(entry.get("author")),
        )


_AUDIT_TEXT = 2000  # characters of a suggestion's text kept in its audit event


def _user_id(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _write_back(
    document: LiveDocument, doc: Doc, content: dict, source: bool, before: bytes | None = None
) -> int | None:
    """Write what the revision says into the live document when it differs (a merge):
    appended as an update of nobody (with what changed in `doc` since `before`, if given).
    Returns its id, or None when nothing differed."""
    before = doc.get_state() if before is None else before
    schema.write_content(doc, content, source=source)
    update = doc.get_update(before)
    if update == b"\x00\x00":
        return None
    from pressroom.models import LiveUpdate

    row = LiveUpdate(document_id=document.id, data=update, user_id=None)
    db.session.add(row)
    db.session.flush()
    return row.id


def revision_saved(statement_id: int, lang: str = "") -> None:
    """After a save made outside the live document (API, form editor, restore): write the
    fields that save changed into the live document, if there is one, so the next live
    version builds on it. Runs after the commit (effects.after_commit)."""
    key = DocumentKey(statement_id, lang)
    document = store.find(key, lock=True)
    if document is None:
        db.session.rollback()
        return
    statement = db.session.get(Statement, statement_id)
    assert statement is not None  # the live document's foreign key (ON DELETE CASCADE)
    revision: Revision | TranslationRevision | None
    if key.source:
        revision = statement.current_revision
    else:
        translation = get_translation(statement, lang)
        revision = translation.current_revision if translation else None
    parent: Revision | TranslationRevision | None = None
    if isinstance(revision, Revision) and revision.parent_id:
        parent = db.session.get(Revision, revision.parent_id)
    elif isinstance(revision, TranslationRevision) and revision.parent_id:
        parent = db.session.get(TranslationRevision, revision.parent_id)
    if revision is None or revision.number == document.revision_number:
        db.session.rollback()
        return
    doc = store.load(document)
    current = schema.read_content(doc, revision.content, source=key.source)
    old = parent.content if parent else {}
    # Only the fields this save changed: live typing in other fields is kept.
    wanted = {**current, **{k: v for k, v in revision.content.items() if old.get(k) != v}}
    extra = _write_back(document, doc, wanted, key.source)
    if document.changed_at is None:
        document.revision_number = revision.number
        document.synced_update_id = extra or store.last_update_id(document)
    db.session.commit()
    if extra:
        fanout.announce_stored(key, extra)


def run_due() -> list[DocumentKey]:
    """Save a version of every document idle for LIVE_IDLE_SECONDS (by pressroom.clock)."""
    idle = float(current_app.config.get("LIVE_IDLE_SECONDS", 10))
    keys = store.due(clock.now(), idle)
    for key in keys:
        try:
            save_version(key)
        except Exception:
            # One broken document must not stop the others' versions (or retry every
            # second): it waits for its next change.
            db.session.rollback()
            log.exception("live document %s: version failed", key)
            document = store.find(key)
            if document is not None:
                document.changed_at = None
                db.session.commit()
    return keys


def saved_elsewhere(statement_id: int, lang: str = "") -> None:
    """A revision was saved outside the live document (API, form editor, restore): once
    committed, a job writes what it changed into the live document."""
    effects.enqueue(revision_saved, statement_id, lang)
