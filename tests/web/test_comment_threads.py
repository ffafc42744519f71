"""The live editor's comment API (/statements/<id>/threads): members list, create (on a
selection), reply, resolve and reopen as JSON; outsiders get 404, anonymous callers 401,
a missing CSRF token or a bad anchor a 400 JSON error with a message. Every change is
written into the live document's `threads` map, which no revision holds."""

from __future__ import annotations

import base64
import re

import pytest
import sqlalchemy as sa
from pycrdt import Assoc, Doc, Map, StickyIndex, Text

from pressroom.db import db
from pressroom.live import schema, store, versions
from pressroom.live.store import DocumentKey
from pressroom.models import Comment
from tests.web.browsing import login, text


def _anchor(words: str = "count") -> dict[str, str]:
    doc: Doc = Doc()
    body = doc.get("body", type=Text)
    body += "The count was assessed negatively."
    at = str(body).index(words)

    def encode(i: int) -> str:
        return base64.b64encode(StickyIndex.new(body, i, Assoc.BEFORE).encode()).decode()

    return {"field": "body", "start": encode(at), "end": encode(at + len(words)), "quote": words}


def _post(client, url: str, payload: object, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(url, json=payload, headers=headers)


def test_member_comments_on_a_selection_and_everyone_sees_the_thread(app, mission, dummy_statement):
    pace, odihr = login(app, mission["po_pace"]), login(app, mission["head_odihr"])
    url = f"/statements/{dummy_statement.id}/threads"
    response = _post(pace, url, {"body": "Which stations?", **_anchor()})
    assert response.status_code == 201, response.get_json()
    thread = response.get_json()["thread"]
    assert thread["quote"] == "count" and thread["field"] == "body" and thread["lang"] == ""
    assert thread["author"] == {"name": "Officer pace", "organization": "PACE"}
    assert thread["kind"] == "comment" and thread["resolved"] is False

    # A head of delegation (who may not type into the text) answers and resolves.
    reply = _post(odihr, f"{url}/{thread['id']}/replies", {"body": "Name them."})
    assert reply.status_code == 201
    assert [r["body"] for r in reply.get_json()["thread"]["replies"]] == ["Name them."]
    resolved = _post(odihr, f"{url}/{thread['id']}/resolve", {})
    assert resolved.status_code == 200
    assert resolved.get_json()["thread"]["resolved"] is True
    assert resolved.get_json()["thread"]["resolved_by"]["name"] == "Head odihr"

    listed = pace.get(url).get_json()["threads"]
    assert [t["id"] for t in listed] == [thread["id"]]
    assert listed[0]["start"] == thread["start"] and listed[0]["replies"][0]["body"] == "Name them."
    reopened = _post(pace, f"{url}/{thread['id']}/reopen", {})
    assert reopened.get_json()["thread"]["resolved"] is False
    # The form editor lists it with the words it is about.
    editor = text(pace.get(f"/statements/{dummy_statement.id}"))
    card = editor[editor.index(f'id="comment-{thread["id"]}"') :]
    assert "Body: <q>count</q>" in card[: card.index("</li>")]


def test_outsiders_get_404_and_anonymous_callers_401(app, client, mission, dummy_statement):
    pace = login(app, mission["po_pace"])
    url = f"/statements/{dummy_statement.id}/threads"
    thread = _post(pace, url, {"body": "Hm.", **_anchor()}).get_json()["thread"]
    outsider = login(app, mission["po_outsider"])
    for response in (
        outsider.get(url),
        _post(outsider, url, {"body": "Let me in.", **_anchor()}),
        _post(outsider, f"{url}/{thread['id']}/replies", {"body": "Me too."}),
        _post(outsider, f"{url}/{thread['id']}/resolve", {}),
    ):
        assert response.status_code == 404
        assert response.get_json()["error"]["message"]
    for response in (client.get(url), _post(client, url, {"body": "Anyone?", **_anchor()})):
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 1


def test_a_thread_of_another_statement_is_not_found(
    app, mission, create_statement, dummy_statement
):
    pace = login(app, mission["po_pace"])
    other = create_statement()
    thread = _post(
        pace, f"/statements/{other.id}/threads", {"body": "Elsewhere.", **_anchor()}
    ).get_json()["thread"]
    response = _post(
        pace, f"/statements/{dummy_statement.id}/threads/{thread['id']}/replies", {"body": "X"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"start": "%%%"}, "start"),
        ({"end": base64.b64encode(b"garbage!").decode()}, "end"),
        ({"field": "quotes"}, "field"),
        ({"body": "   "}, "body"),
    ],
)
def test_bad_input_is_a_400_json_error_with_a_message(
    app, mission, dummy_statement, change, detail
):
    pace = login(app, mission["po_pace"])
    payload = {"body": "Which?", **_anchor(), **change}
    response = _post(pace, f"/statements/{dummy_statement.id}/threads", payload)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert detail in error["details"] and error["message"]


def test_a_body_that_is_not_json_is_refused(app, mission, dummy_statement):
    pace = login(app, mission["po_pace"])
    response = pace.post(
        f"/statements/{dummy_statement.id}/threads",
        data="body=hello",
        content_type="application/json",
    )
    assert response.status_code == 400 and response.get_json()["error"]["message"]


@pytest.fixture
def csrf_on(app):  # type: ignore[no-untyped-def]
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_posts_need_the_csrf_header(app, mission, dummy_statement, csrf_on):
    app.config["WTF_CSRF_ENABLED"] = False
    pace = login(app, mission["po_pace"])
    app.config["WTF_CSRF_ENABLED"] = True
    url = f"/statements/{dummy_statement.id}/threads"
    refused = _post(pace, url, {"body": "Forged?", **_anchor()})
    assert refused.status_code == 400
    assert "security token" in refused.get_json()["error"]["message"]
    page = text(pace.get(f"/statements/{dummy_statement.id}"))
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert token is not None
    accepted = _post(pace, url, {"body": "Real.", **_anchor()}, **{"X-CSRFToken": token[1]})
    assert accepted.status_code == 201


def test_changes_reach_the_live_documents_threads_map_but_no_revision(
    app, mission, dummy_statement
):
    key = DocumentKey(dummy_statement.id)
    store.open_document(key)
    db.session.commit()
    pace = login(app, mission["po_pace"])
    url = f"/statements/{dummy_statement.id}/threads"
    thread = _post(pace, url, {"body": "Which?", **_anchor()}).get_json()["thread"]
    doc = store.load(store.find(key))
    stamps = doc.get("threads", type=Map)
    assert str(thread["id"]) in stamps
    first = stamps[str(thread["id"])]
    _post(pace, f"{url}/{thread['id']}/resolve", {})
    doc = store.load(store.find(key))
    assert str(thread["id"]) in doc.get("threads", type=Map)
    assert doc.get("threads", type=Map)[str(thread["id"])] >= first
    # Not text: nobody typed, so there is no new revision, and content has no threads.
    assert versions.save_version(key).number is None
    assert "threads" not in schema.read_content(doc, {}, source=True)


def test_form_comments_reach_the_threads_map_too(app, mission, dummy_statement):
    key = DocumentKey(dummy_statement.id)
    store.open_document(key)
    db.session.commit()
    pace = login(app, mission["po_pace"])
    pace.post(f"/statements/{dummy_statement.id}/comments", data={"body": "From the form."})
    [comment] = db.session.scalars(sa.select(Comment))
    doc = store.load(store.find(key))
    assert str(comment.id) in doc.get("threads", type=Map)


def test_a_heads_request_for_changes_leads_the_editors_comment_list(
    app, client, api_token, mission, dummy_statement
):
    from pressroom.services import approvals, comments

    comments.add_comment(dummy_statement, mission["po_pace"], "An older remark.")
    approvals.submit(dummy_statement, mission["po_odihr"])
    db.session.commit()
    head = login(app, mission["head_pace"])
    response = head.post(
        f"/statements/{dummy_statement.id}/approvals",
        data={"decision": "request_changes", "revision": "1", "comment": "Name the seats."},
    )
    assert response.status_code in (200, 302), text(response)[:500]
    editor = text(login(app, mission["po_odihr"]).get(f"/statements/{dummy_statement.id}"))
    threads = editor[editor.index('<ol class="threads">') :]
    first = threads[: threads.index("</li>")]
    assert "changes-requested" in first and "Changes requested" in first
    assert "Head pace" in first and "PACE" in first and "Name the seats." in first
    listed = login(app, mission["po_odihr"]).get(f"/statements/{dummy_statement.id}/threads")
    kinds = [t["kind"] for t in listed.get_json()["threads"]]
    assert sorted(kinds) == ["changes_requested", "comment"]
    # API clients see the kind and the anchor too.
    api = client.get(
        f"/api/v1/statements/{dummy_statement.id}/comments",
        headers=api_token(mission["po_odihr"]),
    ).get_json()["comments"]
    assert {(c["kind"], c["field"], c["quote"]) for c in api} == {
        ("comment", None, None),
        ("changes_requested", None, None),
    }


def test_a_translator_comments_on_the_translation_and_its_document_hears_of_it(
    app, mission, dummy_statement
):
    source, russian = DocumentKey(dummy_statement.id), DocumentKey(dummy_statement.id, "ru")
    store.open_document(source)
    store.open_document(russian)
    db.session.commit()
    pace, odihr = login(app, mission["po_pace"]), login(app, mission["po_odihr"])
    url = f"/statements/{dummy_statement.id}/threads"
    response = _post(pace, url, {"body": "Спокойно?", "lang": "ru", **_anchor()})
    assert response.status_code == 201, response.get_json()
    thread = response.get_json()["thread"]
    assert thread["lang"] == "ru" and thread["field"] == "body" and thread["quote"] == "count"
    # The Russian document's editors are told (its `threads` map), the source's are not.
    assert str(thread["id"]) in store.load(store.find(russian)).get("threads", type=Map)
    assert str(thread["id"]) not in store.load(store.find(source)).get("threads", type=Map)
    # Another translator answers and resolves; the Russian document hears of each change.
    first = store.load(store.find(russian)).get("threads", type=Map)[str(thread["id"])]
    reply = _post(odihr, f"{url}/{thread['id']}/replies", {"body": "Да."})
    assert reply.get_json()["thread"]["lang"] == "ru"
    assert _post(odihr, f"{url}/{thread['id']}/resolve", {}).status_code == 200
    stamps = store.load(store.find(russian)).get("threads", type=Map)
    assert stamps[str(thread["id"])] >= first
    assert str(thread["id"]) not in store.load(store.find(source)).get("threads", type=Map)
    [listed] = [t for t in pace.get(url).get_json()["threads"] if t["id"] == thread["id"]]
    assert listed["lang"] == "ru" and listed["resolved"] is True
    # Not text: no translation revision comes of it.
    assert versions.save_version(russian).number is None


def test_a_translation_comment_needs_one_of_the_statements_languages_and_membership(
    app, mission, dummy_statement
):
    url = f"/statements/{dummy_statement.id}/threads"
    pace = login(app, mission["po_pace"])
    refused = _post(pace, url, {"body": "Бир.", "lang": "kk", **_anchor()})
    assert refused.status_code == 400
    assert "lang" in refused.get_json()["error"]["details"]
    outsider = login(app, mission["po_outsider"])
    response = _post(outsider, url, {"body": "Let me in.", "lang": "ru", **_anchor()})
    assert response.status_code == 404 and response.get_json()["error"]["message"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_the_translation_editor_has_the_comment_panel_and_suggestion_mode(
    app, mission, dummy_statement
):
    page = text(
        login(app, mission["po_pace"]).get(f"/statements/{dummy_statement.id}/translations/ru")
    )
    panel = page[page.index('id="live-threads"') :]
    panel = panel[: panel.index("</aside>")]
    assert 'data-lang="ru"' in panel
    assert f'data-url="/statements/{dummy_statement.id}/threads"' in panel
    assert "Post comment" in panel  # the panel's strings
    assert f'href="/statements/{dummy_statement.id}"' in panel  # to the source's comments
    box = page[page.index('id="live-editor"') :]
    assert "data-live-suggest" in box[: box.index("</div>")]
