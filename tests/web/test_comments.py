"""Comments in the editor: add, anchor to a paragraph, reply, resolve, reopen; refused
comments come back with the message next to the field; comment text is escaped."""

from __future__ import annotations

import re

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import AuditEvent, Comment
from tests.web.browsing import flashes, login, text


def _comments() -> list[Comment]:
    return list(db.session.scalars(sa.select(Comment).order_by(Comment.id)))


def test_comment_anchored_to_a_paragraph_shows_author_and_organization(
    app, mission, dummy_statement
):
    client = login(app, mission["po_pace"])
    editor = text(client.get(f"/statements/{dummy_statement.id}"))
    assert '<option value="1">Paragraph 2: The count was assessed negatively.</option>' in editor
    response = client.post(
        f"/statements/{dummy_statement.id}/comments",
        data={"body": "Say which stations.", "paragraph": "1"},
    )
    comment = _comments()[0]
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    page = flashes(client, response)
    assert "Comment added." in page
    assert comment.paragraph == 1 and comment.author_id == mission["po_pace"].id
    thread = page[page.index(f'id="comment-{comment.id}"') :]
    assert "Paragraph 2: <q>The count was assessed negatively.</q>" in thread
    assert '<strong>Officer pace</strong> <span class="org">PACE</span>' in thread
    assert "Say which stations." in thread


def test_reply_resolve_and_reopen(app, mission, dummy_statement):
    pace, odihr = login(app, mission["po_pace"]), login(app, mission["head_odihr"])
    sid = dummy_statement.id
    flashes(pace, pace.post(f"/statements/{sid}/comments", data={"body": "Too long?"}))
    root = _comments()[0]
    page = flashes(
        odihr,
        odihr.post(
            f"/statements/{sid}/comments", data={"body": "Agreed, shorten it.", "parent": root.id}
        ),
    )
    assert "Reply added." in page
    reply = _comments()[1]
    assert reply.parent_id == root.id
    replies = page[page.index('<ol class="replies">') :]
    assert "Agreed, shorten it." in replies and "Head odihr" in replies

    page = flashes(odihr, odihr.post(f"/statements/{sid}/comments/{root.id}/resolve"))
    assert "Comment resolved." in page
    db.session.refresh(root)
    assert root.resolved_at is not None and root.resolved_by_id == mission["head_odihr"].id
    assert f'id="comment-{root.id}" class="thread resolved"' in page
    assert f"/comments/{root.id}/reopen" in page

    page = flashes(pace, pace.post(f"/statements/{sid}/comments/{root.id}/reopen"))
    assert "Comment reopened." in page
    db.session.refresh(root)
    assert root.resolved_at is None
    actions = list(
        db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.action.like("comment.%"))
            .order_by(AuditEvent.id)
        )
    )
    assert actions == ["comment.add", "comment.add", "comment.resolve", "comment.reopen"]


def test_empty_comment_is_refused_next_to_the_field(app, mission, dummy_statement):
    client = login(app, mission["po_odihr"])
    response = client.post(
        f"/statements/{dummy_statement.id}/comments", data={"body": "   ", "paragraph": "2"}
    )
    assert response.status_code == 200
    page = text(response)
    assert re.search(r'id="comment-body-error" role="alert">Write a comment first\.</p>', page)
    assert '<option value="2" selected>' in page
    assert _comments() == []


def test_refused_reply_keeps_the_typed_text_in_its_thread(app, mission, dummy_statement):
    client = login(app, mission["po_odihr"])
    flashes(
        client, client.post(f"/statements/{dummy_statement.id}/comments", data={"body": "First."})
    )
    root = _comments()[0]
    response = client.post(
        f"/statements/{dummy_statement.id}/comments", data={"body": "x" * 10_001, "parent": root.id}
    )
    page = text(response)
    assert re.search(rf'id="reply-{root.id}-error" role="alert">At most 10000 characters\.', page)
    assert '<details class="reply" open>' in page
    assert "x" * 10_001 + "</textarea>" in page


def test_paragraph_out_of_range_is_refused(app, mission, dummy_statement):
    client = login(app, mission["po_odihr"])
    response = client.post(
        f"/statements/{dummy_statement.id}/comments", data={"body": "Hm.", "paragraph": "7"}
    )
    assert response.status_code == 200
    assert "There is no such paragraph." in text(response)
    assert _comments() == []


def test_comment_of_another_statement_is_404(app, mission, create_statement):
    first, second = create_statement(), create_statement(title="Another one")
    client = login(app, mission["po_odihr"])
    flashes(client, client.post(f"/statements/{first.id}/comments", data={"body": "Here."}))
    comment = _comments()[0]
    assert client.post(f"/statements/{second.id}/comments/{comment.id}/resolve").status_code == 404
    assert (
        client.post(
            f"/statements/{second.id}/comments", data={"body": "Reply.", "parent": comment.id}
        ).status_code
        == 404
    )


def test_comment_text_is_escaped(app, mission, dummy_statement):
    client = login(app, mission["po_odihr"])
    page = flashes(
        client,
        client.post(
            f"/statements/{dummy_statement.id}/comments",
            data={"body": '<script>alert("c")</script>'},
        ),
    )
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;c&#34;)&lt;/script&gt;" in page
