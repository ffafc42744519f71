"""A comment's anchor follows the text: the relative positions stored with it still point
at the same words after another client inserted text before them (and they are the
encoding Yjs uses, so browser and server agree)."""

from __future__ import annotations

import base64

from pycrdt import Assoc, Doc, StickyIndex, Text

from pressroom.live import store
from pressroom.live.store import DocumentKey
from pressroom.services import comments


def _words(doc: Doc, start: str, end: str) -> str:
    body = doc.get("body", type=Text)
    first = StickyIndex.decode(base64.b64decode(start), body).get_index()
    last = StickyIndex.decode(base64.b64decode(end), body).get_index()
    return str(body)[first:last]


def test_stored_positions_resolve_to_the_same_words_after_an_insert_before_them(
    app, mission, dummy_statement
):
    key = DocumentKey(dummy_statement.id)
    document = store.open_document(key)
    mine = store.load(document)
    body = mine.get("body", type=Text)
    words = "assessed negatively"
    at = str(body).index(words)
    # Start sticks to the first commented character, end to the character after the last.
    start = StickyIndex.new(body, at, Assoc.AFTER).encode()
    end = StickyIndex.new(body, at + len(words), Assoc.BEFORE).encode()
    comment = comments.add_comment(
        dummy_statement,
        mission["po_pace"],
        "Too harsh?",
        anchor=comments.Anchor(
            field="body",
            start=base64.b64encode(start).decode(),
            end=base64.b64encode(end).decode(),
            quote=words,
        ),
    )

    # Another editor types before the words (and inside nothing else), concurrently.
    theirs: Doc = Doc()
    theirs.apply_update(mine.get_update())
    their_body = theirs.get("body", type=Text)
    before = theirs.get_state()
    their_body.insert(0, "UPDATE: ")
    their_body.insert(str(their_body).index(words), "very ")
    mine.apply_update(theirs.get_update(before))

    assert str(body).index(words) > at  # the words moved
    assert comment.anchor_start and comment.anchor_end
    assert _words(mine, comment.anchor_start, comment.anchor_end) == words
    # The server's copy from the log agrees once the insert is stored.
    store.append(document.id, theirs.get_update(before), mission["po_odihr"].id)
    server = store.load(store.find(key))
    assert _words(server, comment.anchor_start, comment.anchor_end) == words


def test_deleted_words_collapse_the_anchor(app, mission, dummy_statement):
    doc: Doc = Doc()
    body = doc.get("body", type=Text)
    body += "Keep this. Drop these words. Keep that."
    at = str(body).index("these words")
    start = base64.b64encode(StickyIndex.new(body, at, Assoc.AFTER).encode()).decode()
    end = base64.b64encode(StickyIndex.new(body, at + 11, Assoc.BEFORE).encode()).decode()
    del body[at - 5 : at + 12]
    assert _words(doc, start, end) == ""  # the editor then shows the quote as removed
