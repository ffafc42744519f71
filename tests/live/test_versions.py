"""The live document becomes revisions: after an idle time (injected clock) and on "Save
version"; saves made elsewhere (the API) are written into it; the log is compacted."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from pycrdt import Doc, Text

from pressroom.db import db
from pressroom.domain.workflow import Status
from pressroom.live import store, versions
from pressroom.live.store import DocumentKey
from pressroom.models import AuditEvent, LiveUpdate
from pressroom.queries import approvals as approval_queries
from pressroom.services import approvals, bundles

T0 = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(app, monkeypatch):  # type: ignore[no-untyped-def]
    now = {"t": T0}
    monkeypatch.setitem(app.config, "CLOCK", lambda: now["t"])
    monkeypatch.setitem(app.config, "LIVE_IDLE_SECONDS", 10)
    return now


def _type(key: DocumentKey, user, change) -> None:  # type: ignore[no-untyped-def]
    """What a client does: change its copy of the document and send the update."""
    document = store.open_document(key)
    doc = store.load(document)
    before = doc.get_state()
    change(doc)
    store.append(document.id, doc.get_update(before), user.id)


def _append_title(text: str):  # type: ignore[no-untyped-def]
    def change(doc: Doc) -> None:
        title = doc.get("title", type=Text)
        title.insert(len(str(title)), text)

    return change


def test_idle_document_becomes_a_revision_with_its_authors(dummy_statement, mission, clock):
    key = DocumentKey(dummy_statement.id)
    _type(key, mission["po_odihr"], _append_title(" (live)"))
    clock["t"] = T0 + dt.timedelta(seconds=5)
    _type(key, mission["po_pace"], _append_title("!"))

    clock["t"] = T0 + dt.timedelta(seconds=14)  # 9 s after the last change: not yet
    assert versions.run_due() == []
    assert dummy_statement.current_revision.number == 1

    clock["t"] = T0 + dt.timedelta(seconds=15)
    assert versions.run_due() == [key]
    revision = dummy_statement.current_revision
    assert revision.number == 2
    assert revision.content["title"] == "Kazakh elections: progress and problems (live)!"
    assert revision.author_id == mission["po_pace"].id  # who changed it last
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "statement.live_version")
    )
    assert event.details["authors"] == [mission["po_odihr"].id, mission["po_pace"].id]

    clock["t"] = T0 + dt.timedelta(seconds=60)  # nothing new: nothing saved
    assert versions.run_due() == []
    assert dummy_statement.current_revision.number == 2


def test_save_version_at_once_and_approvals_follow(dummy_statement, mission, clock):
    approvals.submit(dummy_statement, mission["po_odihr"])
    approvals.decide(dummy_statement, mission["head_pace"], "approve", 1)
    key = DocumentKey(dummy_statement.id)
    _type(key, mission["po_odihr"], _append_title("."))
    result = versions.save_version(key, mission["po_odihr"])
    assert result.number == 2
    assert dummy_statement.status == Status.in_review
    assert not approvals.everyone_approved(dummy_statement)
    rows = {
        r.organization.slug: r
        for r in approval_queries.matrix(dummy_statement, bundles.current_hash(dummy_statement))
    }
    assert rows["pace"].latest is not None and not rows["pace"].current  # dismissed


def test_an_invalid_live_text_waits_for_the_next_change(dummy_statement, mission, clock):
    key = DocumentKey(dummy_statement.id)

    def clear_title(doc: Doc) -> None:
        title = doc.get("title", type=Text)
        del title[0 : len(str(title))]

    _type(key, mission["po_odihr"], clear_title)
    clock["t"] = T0 + dt.timedelta(seconds=30)
    assert versions.run_due() == [key]
    assert dummy_statement.current_revision.number == 1  # a title is required
    assert versions.run_due() == []  # not retried until someone changes it again
    _type(key, mission["po_odihr"], _append_title("A new title"))
    clock["t"] = T0 + dt.timedelta(seconds=60)
    assert versions.run_due() == [key]
    assert dummy_statement.current_revision.content["title"] == "A new title"


def test_api_save_is_written_into_the_live_document(
    client, dummy_statement, mission, api_token, clock
):
    key = DocumentKey(dummy_statement.id)
    _type(key, mission["po_pace"], _append_title(" (live)"))  # pending live typing
    headers, statement_id = api_token(mission["po_odihr"]), dummy_statement.id
    db.session.commit()  # the test's own savepoint must not enclose the request's
    response = client.put(
        f"/api/v1/statements/{statement_id}",
        json={"base_revision": 1, "lead": "A lead from the API."},
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()
    doc = store.load(store.find(key))
    assert str(doc.get("lead", type=Text)) == "A lead from the API."
    assert str(doc.get("title", type=Text)).endswith(" (live)")  # the live typing stays
    clock["t"] = T0 + dt.timedelta(seconds=30)
    assert versions.run_due() == [key]
    content = dummy_statement.current_revision.content
    assert dummy_statement.current_revision.number == 3
    assert content["lead"] == "A lead from the API."
    assert content["title"].endswith(" (live)")


def test_compaction_merges_what_revisions_hold(app, dummy_statement, mission, clock, monkeypatch):
    monkeypatch.setitem(app.config, "LIVE_COMPACT_AFTER", 3)
    key = DocumentKey(dummy_statement.id)
    for letter in "abcdef":
        _type(key, mission["po_odihr"], _append_title(letter))
    versions.save_version(key, mission["po_odihr"])
    document = store.find(key)
    rows = db.session.scalars(
        sa.select(LiveUpdate).where(LiveUpdate.document_id == document.id)
    ).all()
    assert len(rows) == 1 and rows[0].snapshot
    assert str(store.load(document).get("title", type=Text)).endswith("abcdef")
    assert dummy_statement.current_revision.content["title"].endswith("abcdef")


def test_save_version_button(client, auth, dummy_statement, mission, clock):
    key = DocumentKey(dummy_statement.id)
    _type(key, mission["po_pace"], _append_title(" v2"))
    statement_id = dummy_statement.id
    db.session.commit()
    auth.login(mission["po_odihr"])
    response = client.post(
        f"/statements/{statement_id}/live/version", headers={"Accept": "application/json"}
    )
    assert response.get_json()["revision"] == 2
    assert dummy_statement.current_revision.content["title"].endswith(" v2")
    assert dummy_statement.current_revision.author_id == mission["po_odihr"].id
    response = client.post(f"/statements/{statement_id}/live/version")
    assert response.status_code == 302  # nothing new: back to the editor, nothing saved
    assert dummy_statement.current_revision.number == 2


def test_outsiders_cannot_save_a_version(client, auth, create_statement, mission, clock):
    statement = create_statement()
    statement_id = statement.id
    db.session.commit()
    auth.login(mission["po_outsider"])
    assert client.post(f"/statements/{statement_id}/live/version").status_code == 404


def test_save_version_also_saves_the_target_languages(client, auth, dummy_statement, mission):
    """The live editor sends the target languages with "Save version" when they were
    changed: they are a setting of the statement, not part of the live document."""
    statement_id = dummy_statement.id
    db.session.commit()
    auth.login(mission["po_odihr"])
    response = client.post(
        f"/statements/{statement_id}/live/version",
        json={"target_languages": "ru, kk"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    assert "Target languages saved." in response.get_json()["message"]
    assert set(dummy_statement.target_languages) == {"ru", "kk"}
    response = client.post(
        f"/statements/{statement_id}/live/version",
        json={"target_languages": "ru, not a language!"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]
    assert set(dummy_statement.target_languages) == {"ru", "kk"}


def test_save_version_names_what_keeps_the_live_text_from_being_saved(
    client, auth, dummy_statement, mission, clock
):
    """An empty title cannot be a revision: "Save version" says so (the field and why)
    instead of "nothing changed", and the typed text stays in the live document."""
    key = DocumentKey(dummy_statement.id)

    def clear_title(doc: Doc) -> None:
        title = doc.get("title", type=Text)
        del title[0 : len(str(title))]

    _type(key, mission["po_pace"], clear_title)
    _type(key, mission["po_pace"], lambda doc: doc.get("lead", type=Text).insert(0, "Kept. "))
    statement_id = dummy_statement.id
    db.session.commit()
    auth.login(mission["po_odihr"])
    response = client.post(
        f"/statements/{statement_id}/live/version", headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert "title" in error["details"]
    assert dummy_statement.current_revision.number == 1
    assert str(store.load(store.find(key)).get("lead", type=Text)).startswith("Kept. ")
    response = client.post(f"/statements/{statement_id}/live/version")  # the form way
    assert response.status_code == 302
    with client.session_transaction() as session:
        category, message = session["_flashes"][-1]
    assert category == "error" and message


def test_a_document_an_editor_filled_with_junk_neither_crashes_nor_stops_other_versions(
    dummy_statement, create_statement, mission, clock
):
    """Any editor can put anything into the document (a string where a quote belongs, a
    map where a speaker's name belongs): it is read as nothing, and another document's
    idle version is still made."""
    from pycrdt import Array, Map

    junk_key = DocumentKey(dummy_statement.id)
    other = create_statement()
    other_key = DocumentKey(other.id)

    def junk(doc: Doc) -> None:
        doc.get("quotes", type=Array).append("not a quote")
        doc.get("contacts", type=Array).append(5)
        doc.get("meta", type=Map)["dateline_date"] = Map({"nested": Map({"deeper": "x"})})
        doc.get("title", type=Text).insert(0, "Junk: ")

    _type(junk_key, mission["po_odihr"], junk)
    _type(other_key, mission["po_odihr"], _append_title(" (other)"))
    clock["t"] = T0 + dt.timedelta(seconds=30)
    assert set(versions.run_due()) == {junk_key, other_key}
    assert other.current_revision.content["title"].endswith(" (other)")
    # The junk reads as an empty dateline date: "Save version" says so, nothing crashes.
    result = versions.save_version(junk_key, mission["po_odihr"])
    assert result.number is None
    assert result.refused is not None and "dateline_date" in (result.refused.details or {})
