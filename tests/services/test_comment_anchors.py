"""Comments on a selection of the live text: the anchor (field, language, two encoded Yjs
relative positions, the quoted text) is checked and stored, replies take their thread's
anchor, and a head's request for changes becomes a thread on the statement."""

from __future__ import annotations

import base64

import pytest
import sqlalchemy as sa
from pycrdt import Assoc, Doc, StickyIndex, Text

from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.models import AuditEvent, Comment
from pressroom.queries import comments as comment_queries
from pressroom.services import approvals, comments


def _positions(text: str, start: int, end: int) -> tuple[str, str]:
    doc: Doc = Doc()
    ytext = doc.get("body", type=Text)
    ytext += text
    return tuple(  # type: ignore[return-value]
        base64.b64encode(StickyIndex.new(ytext, i, Assoc.BEFORE).encode()).decode()
        for i in (start, end)
    )


def _anchor(**overrides: str) -> comments.Anchor:
    start, end = _positions("The count was assessed negatively.", 4, 9)
    data = {"field": "body", "start": start, "end": end, "quote": "count", "lang": ""}
    data.update(overrides)
    return comments.Anchor(**data)


def test_comment_on_a_selection_stores_its_anchor(mission, dummy_statement):
    anchor = _anchor()
    comment = comments.add_comment(dummy_statement, mission["po_pace"], "Which?", anchor=anchor)
    db.session.refresh(comment)
    assert (comment.field, comment.lang, comment.quote) == ("body", "", "count")
    assert (comment.anchor_start, comment.anchor_end) == (anchor.start, anchor.end)
    assert comment.paragraph is None and comment.kind == "comment"
    event = db.session.scalar(sa.select(AuditEvent).order_by(AuditEvent.id.desc()))
    assert event.details["field"] == "body"


def test_a_root_type_position_is_accepted(mission, dummy_statement):
    # Yjs encodes a position at the end of a text by the root type's name.
    end = base64.b64encode(b"\x01\x04body\x00").decode()
    comment = comments.add_comment(
        dummy_statement, mission["po_pace"], "End.", anchor=_anchor(end=end)
    )
    assert comment.anchor_end == end


@pytest.mark.parametrize(
    ("overrides", "detail"),
    [
        ({"field": "contacts"}, {"field": "invalid"}),
        ({"field": ""}, {"field": "invalid"}),
        ({"lang": "xx"}, {"lang": "invalid"}),
        ({"start": "not base64!"}, {"start": "invalid"}),
        ({"start": ""}, {"start": "invalid"}),
        ({"end": base64.b64encode(b"\x00" * 200).decode()}, {"end": "invalid"}),
        ({"end": base64.b64encode(b"garbage!").decode()}, {"end": "invalid"}),
        ({"start": base64.b64encode(b"\x00\x01").decode()}, {"start": "invalid"}),
        ({"start": "A" * 5000}, {"start": "invalid"}),
    ],
)
def test_bad_anchors_are_refused(mission, dummy_statement, overrides, detail):
    with pytest.raises(ValidationFailed) as info:
        comments.add_comment(
            dummy_statement, mission["po_pace"], "Hm.", anchor=_anchor(**overrides)
        )
    assert info.value.details == detail
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_a_translation_language_of_the_statement_is_accepted(mission, dummy_statement):
    lang = dummy_statement.target_languages[0]
    comment = comments.add_comment(
        dummy_statement, mission["po_pace"], "Wording?", anchor=_anchor(lang=lang, field="title")
    )
    assert (comment.lang, comment.field) == (lang, "title")


def test_the_quote_is_kept_short(mission, dummy_statement):
    comment = comments.add_comment(
        dummy_statement, mission["po_pace"], "Long.", anchor=_anchor(quote="x" * 2000)
    )
    assert comment.quote == "x" * comments.QUOTE_LIMIT


def test_replies_inherit_the_anchor(mission, dummy_statement):
    root = comments.add_comment(dummy_statement, mission["po_pace"], "Which?", anchor=_anchor())
    other = _anchor(field="title", quote="other")
    reply = comments.add_comment(
        dummy_statement, mission["po_odihr"], "These.", parent=root, anchor=other, paragraph=1
    )
    assert reply.parent_id == root.id and reply.paragraph is None
    assert (reply.field, reply.anchor_start, reply.anchor_end, reply.quote) == (
        root.field,
        root.anchor_start,
        root.anchor_end,
        root.quote,
    )


def test_unknown_kind_is_refused(mission, dummy_statement):
    with pytest.raises(ValidationFailed):
        comments.add_comment(dummy_statement, mission["po_pace"], "Hm.", kind="praise")


def test_request_changes_opens_a_thread_on_the_statement(mission, dummy_statement):
    approvals.submit(dummy_statement, mission["po_odihr"])
    approvals.decide(
        dummy_statement, mission["head_pace"], "request_changes", 1, "Name the nine seats."
    )
    [thread] = comment_queries.comments_for(dummy_statement)
    assert thread.kind == comments.KIND_CHANGES_REQUESTED
    assert thread.author_id == mission["head_pace"].id
    assert thread.body == "Name the nine seats."
    assert thread.field is None and thread.paragraph is None
    reply = comments.add_comment(dummy_statement, mission["po_odihr"], "Done.", parent=thread)
    assert reply.kind == comments.KIND_COMMENT
    comments.resolve_comment(thread, mission["po_odihr"])
    assert thread.resolved_at is not None


def test_approving_opens_no_thread(mission, dummy_statement):
    approvals.submit(dummy_statement, mission["po_odihr"])
    approvals.decide(dummy_statement, mission["head_pace"], "approve", 1)
    assert comment_queries.comments_for(dummy_statement) == []
