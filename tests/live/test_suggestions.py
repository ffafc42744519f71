"""Suggestions (assets/live/suggestions.js) live in the document's `suggestions` root: they
follow others' edits through Yjs relative positions, and only an accepted suggestion's
text ever reaches a revision (and so the bundle hash, previews and the PDF)."""

from __future__ import annotations

import base64

import sqlalchemy as sa
from pycrdt import Array, Assoc, Doc, Map, StickyIndex, Text

from pressroom.db import db
from pressroom.live import schema, store, versions
from pressroom.live.store import DocumentKey
from pressroom.models import AuditEvent
from tests.live.test_schema import _content

# What a browser (Yjs 13) writes for "Voting was calm." typed by client 7 into `body`, and
# the relative positions of a suggestion on "calm" (Y.relativePositionToJSON): the start
# sticks to "c" (assoc 0), the end to "m" (assoc -1).
BROWSER_UPDATE = base64.b64decode("AQEHAAQBBGJvZHkQVm90aW5nIHdhcyBjYWxtLgA=")
BROWSER_START = {"tname": "body", "item": {"client": 7, "clock": 11}, "assoc": 0}
BROWSER_END = {"tname": "body", "item": {"client": 7, "clock": 14}, "assoc": -1}


def _position(text: Text, index: int, assoc: Assoc, name: str) -> dict:
    """A relative position as JSON, in the shape Yjs writes it (with the root's name)."""
    return {"tname": name, **StickyIndex.new(text, index, assoc).to_json()}


def _suggest(doc: Doc, field: str, start: int, end: int, insert: str, author: int) -> str:
    """Propose replacing [start, end) of `field` with `insert`, as suggestions.js does."""
    text = doc.get(field, type=Text)
    record = Map()
    key = f"{doc.client_id}-{start}"
    doc.get("suggestions", type=Map)[key] = record
    record["field"] = field
    record["start"] = _position(text, start, Assoc.AFTER, field)
    record["end"] = _position(text, end, Assoc.BEFORE, field)
    record["original"] = str(text)[start:end]
    record["insert"] = insert
    record["author"] = str(author)
    record["name"] = "Someone"
    record["organization"] = "ODIHR"
    record["created"] = "2026-12-01T12:00:00Z"
    return key


def _numbers(value: object) -> object:
    """JSON as Yjs reads it: pycrdt gives every number back as a float."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    return int(value) if isinstance(value, float) else value


def _range(doc: Doc, record: Map) -> tuple[int, int]:
    text = doc.get(str(record["field"]), type=Text)
    start = StickyIndex.from_json(_numbers(record["start"]), text).get_index()  # type: ignore[arg-type]
    end = StickyIndex.from_json(_numbers(record["end"]), text).get_index()  # type: ignore[arg-type]
    return start, max(start, end)


def test_the_revision_content_of_a_document_ignores_its_suggestions():
    content = _content()
    doc = Doc()
    doc.apply_update(schema.seed_update(content, source=True))
    _suggest(doc, "body", 0, 6, "Balloting", author=1)
    doc.get("suggestion_decisions", type=Array).append(_decision_stub())
    assert schema.read_content(doc, {}, source=True) == content


def test_a_translations_revision_content_ignores_its_suggestions_too():
    """Suggestion mode works in the live translation editor: its document's suggestions
    never reach the translation's revision either."""
    translated = {
        "title": "Выборы в Казахстане: прогресс и проблемы",
        "lead": "Хотя выборы отразили прогресс, стандарты не соблюдены.",
        "dateline_city": "Астана",
        "body": "Голосование проходило спокойно.\n\nПодсчет оценен отрицательно.",
        "quotes": [{"id": "pace", "text": "Построение демократии — долгая задача."}],
        "contacts": [{"email": "bas.klein@coe.int", "name": "Бас Кляйн", "affiliation": ""}],
    }
    doc = Doc()
    doc.apply_update(schema.seed_update(translated, source=False))
    before = schema.read_content(doc, {}, source=False)
    _suggest(doc, "title", 0, 6, "Голосование", author=1)
    _suggest(doc, "body", 0, 11, "Выборы", author=2)
    doc.get("suggestion_decisions", type=Array).append(_decision_stub())
    after = schema.read_content(doc, {}, source=False)
    assert after == before
    assert after["title"] == translated["title"] and after["body"] == translated["body"]
    assert "suggestions" not in after and "suggestion_decisions" not in after


def _decision_stub() -> dict:
    return {"id": "x", "decision": "rejected", "field": "body", "insert": "Balloting"}


def test_positions_written_by_a_browser_follow_an_insert_before_them():
    doc = Doc()
    doc.apply_update(BROWSER_UPDATE)
    body = doc.get("body", type=Text)
    body.insert(0, "On election day, ")  # someone types before the suggestion
    start = StickyIndex.from_json(BROWSER_START, body).get_index()
    end = StickyIndex.from_json(BROWSER_END, body).get_index()  # just after "m"
    assert str(body)[start:end] == "calm"


def test_a_suggestion_follows_others_typing_and_stops_applying_when_its_text_goes():
    content = _content()
    seed = schema.seed_update(content, source=True)
    officer, other = Doc(), Doc()
    officer.apply_update(seed)
    other.apply_update(seed)
    start = content["title"].index("progress")
    key = _suggest(officer, "title", start, start + len("progress"), "advances", author=1)
    other.apply_update(officer.get_update(other.get_state()))

    title = other.get("title", type=Text)
    title.insert(0, "Breaking: ")  # an insert before the suggestion, on another copy
    officer.apply_update(other.get_update(officer.get_state()))
    record = officer.get("suggestions", type=Map)[key]
    begin, end = _range(officer, record)
    assert str(officer.get("title", type=Text))[begin:end] == "progress" == record["original"]

    del title[len("Breaking: ") + start : len("Breaking: ") + start + len("progress")]
    officer.apply_update(other.get_update(officer.get_state()))
    begin, end = _range(officer, record)
    assert str(officer.get("title", type=Text))[begin:end] != record["original"]  # stale


def test_suggestions_never_reach_the_revision(dummy_statement, mission):
    key = DocumentKey(dummy_statement.id)
    original = dummy_statement.current_revision.content
    document = store.open_document(key)
    doc = store.load(document)
    before = doc.get_state()
    title = doc.get("title", type=Text)
    words = str(title)
    # One suggestion is accepted (its text replaces the range, its record goes), one stays
    # open, one was rejected.
    accepted = _suggest(doc, "title", words.index("progress"), words.index(" and"), "advances", 1)
    _suggest(doc, "title", words.index("problems"), len(words), "setbacks", 1)
    rejected = _suggest(doc, "lead", 0, 0, "REJECTED ", 2)
    suggestions = doc.get("suggestions", type=Map)
    with doc.transaction():
        start = words.index("progress")
        del title[start : start + len("progress")]
        title.insert(start, "advances")
        del suggestions[accepted]
    del suggestions[rejected]
    store.append(document.id, doc.get_update(before), mission["po_pace"].id)

    result = versions.save_version(key, mission["po_pace"])
    assert result.number == 2
    content = dummy_statement.current_revision.content
    assert content["title"] == original["title"].replace("progress", "advances")
    assert content["lead"] == original["lead"]
    assert "suggestions" not in content
    assert "setbacks" not in repr(content) and "REJECTED" not in repr(content)
    # The open suggestion is still in the live document for the editors.
    saved = store.load(store.find(key))
    assert [str(r["insert"]) for r in saved.get("suggestions", type=Map).values()] == ["setbacks"]


def _decision(decision: str, field: str, original: str, insert: str, author, by) -> dict:  # type: ignore[no-untyped-def]
    """An entry of `suggestion_decisions` as suggestions.js logs it on Accept / Reject."""
    return {
        "id": f"{field}-{decision}",
        "decision": decision,
        "field": field,
        "original": original,
        "insert": insert,
        "author": str(author.id),
        "by": str(by.id),
        "at": "2026-12-01T12:00:00Z",
    }


def test_decisions_are_audited_at_the_next_version_and_leave_the_document(dummy_statement, mission):
    key = DocumentKey(dummy_statement.id)
    document = store.open_document(key)
    doc = store.load(document)
    before = doc.get_state()
    officer, other = mission["po_pace"], mission["po_odihr"]
    title = doc.get("title", type=Text)
    start = str(title).index("progress")
    decisions = doc.get("suggestion_decisions", type=Array)
    with doc.transaction():  # what suggestions.js does on Accept
        del title[start : start + len("progress")]
        title.insert(start, "advances")
        decisions.append(_decision("accepted", "title", "progress", "advances", other, officer))
    # A rejection naming as decider someone who sent nothing since the last version: the
    # version's author is recorded instead.
    decisions.append(_decision("rejected", "lead", "", "Later. ", officer, mission["head_pace"]))
    store.append(document.id, doc.get_update(before), officer.id)

    assert versions.save_version(key, officer).number == 2
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.action.like("statement.suggestion_%"))
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id) for e in events] == [
        ("statement.suggestion_accepted", officer.id),
        ("statement.suggestion_rejected", officer.id),
    ]
    assert events[0].details["original"] == "progress"
    assert events[0].details["insert"] == "advances"
    assert events[0].details["suggested_by"] == other.id
    assert events[0].details["revision"] == 2
    saved = store.load(store.find(key))
    assert len(saved.get("suggestion_decisions", type=Array)) == 0  # recorded once only
    assert "Later." not in dummy_statement.current_revision.content["lead"]


def test_a_translations_accepted_suggestion_is_saved_and_audited_with_its_language(
    dummy_statement, mission
):
    from pressroom.queries.translations import get_translation
    from pressroom.services import translations

    officer, other = mission["po_pace"], mission["po_odihr"]
    russian = {"title": "Выборы: прогресс и проблемы", "lead": "Лид.", "body": "Голосование."}
    translations.save_translation(dummy_statement, officer, "ru", None, 1, russian)
    db.session.commit()
    key = DocumentKey(dummy_statement.id, "ru")
    document = store.open_document(key)
    doc = store.load(document)
    before = doc.get_state()
    title = doc.get("title", type=Text)
    at = len(str(title)[: str(title).index("прогресс")].encode())  # pycrdt: UTF-8 offsets
    with doc.transaction():  # Accept, as suggestions.js does it
        del title[at : at + len("прогресс".encode())]
        title.insert(at, "успехи")
        doc.get("suggestion_decisions", type=Array).append(
            _decision("accepted", "title", "прогресс", "успехи", other, officer)
        )
    _suggest(doc, "body", 0, 5, "Выборы", author=other.id)  # still open: never saved
    store.append(document.id, doc.get_update(before), officer.id)

    assert versions.save_version(key, officer).number == 2
    saved = get_translation(dummy_statement, "ru").current_revision.content
    assert saved["title"] == "Выборы: успехи и проблемы" and saved["body"] == "Голосование."
    [event] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "statement.suggestion_accepted")
    )
    assert event.details["lang"] == "ru" and event.details["insert"] == "успехи"
