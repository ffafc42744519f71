"""Comments on a statement: optionally anchored to a body paragraph (the form editor) or to
a selection of a live field (two Yjs relative positions, so the anchor follows edits), one
level of replies, resolvable and reopenable. A head's request for changes is a thread of
its own kind. Like every service, these check permission, write the audit log and only
flush."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from flask_babel import gettext as _

from pressroom.db import db, utcnow
from pressroom.domain import limits
from pressroom.domain.content import split_paragraphs
from pressroom.domain.errors import NotFound, PermissionDenied, ValidationFailed
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.domain.validation import clean_text
from pressroom.models import Comment, Statement, User
from pressroom.services import audit, notifications

#: The live fields a selection may be in (the Y.Text roots the editor binds).
ANCHOR_FIELDS = ("title", "lead", "dateline_city", "body")
#: An encoded Yjs relative position is a few bytes (a type name or an item id, an assoc);
#: anything much longer is not one.
ANCHOR_MAX_BYTES = 128
#: How much of the selected text is kept to show once that text is deleted.
QUOTE_LIMIT = 500
KIND_COMMENT = "comment"
KIND_CHANGES_REQUESTED = "changes_requested"
KINDS = (KIND_COMMENT, KIND_CHANGES_REQUESTED)


@dataclass(frozen=True)
class Anchor:
    """A selection in a live field: start and end are base64 encoded Yjs relative
    positions (Y.encodeRelativePosition), lang "" is the source text."""

    field: str
    start: str
    end: str
    quote: str = ""
    lang: str = ""


def _varuint(raw: bytes, at: int) -> int:
    """The offset after the unsigned LEB128 number at `at` (IndexError past the end)."""
    for _step in range(10):
        byte = raw[at]
        at += 1
        if byte < 0x80:
            return at
    raise ValueError("varint too long")


def _is_relative_position(raw: bytes) -> bool:
    """The shape of Y.encodeRelativePosition: a tag (0: an item's client and clock, 1: a
    root type's name, 2: a type's client and clock), then an optional assoc."""
    try:
        tag, at = raw[0], 1
        if tag in (0, 2):
            at = _varuint(raw, _varuint(raw, at))
        elif tag == 1:
            length = raw[at]
            if length >= 0x80:
                return False
            at += 1 + length
            if at > len(raw):
                return False
        else:
            return False
        if at < len(raw):
            at = _varuint(raw, at)  # assoc (a signed varint: the same length rule)
    except (IndexError, ValueError):
        return False
    return at == len(raw)


def _position(value: object, name: str) -> str:
    """A base64 encoded relative position, or ValidationFailed naming `name`."""
    message = _("The position of the commented text is not valid. Select the text again.")
    if not isinstance(value, str) or not value or len(value) > 4 * ANCHOR_MAX_BYTES // 3 + 4:
        raise ValidationFailed(message, details={name: "invalid"})
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed(message, details={name: "invalid"}) from None
    if not 0 < len(raw) <= ANCHOR_MAX_BYTES or not _is_relative_position(raw):
        raise ValidationFailed(message, details={name: "invalid"})
    return value


def _clean_anchor(statement: Statement, anchor: Anchor) -> Anchor:
    if anchor.field not in ANCHOR_FIELDS:
        raise ValidationFailed(
            _("Comments can be made on the title, the lead, the dateline or the body."),
            details={"field": "invalid"},
        )
    lang = anchor.lang or ""
    if lang and lang not in statement.target_languages:
        raise ValidationFailed(
            _("This statement has no translation into that language."),
            details={"lang": "invalid"},
        )
    quote = str(anchor.quote or "")[:QUOTE_LIMIT]
    return Anchor(
        field=anchor.field,
        start=_position(anchor.start, "start"),
        end=_position(anchor.end, "end"),
        quote=quote,
        lang=lang,
    )


def _check(statement: Statement, actor: User) -> None:
    if not can_act_on_statement(actor, statement, Permission.comment):
        raise PermissionDenied(_("You are not allowed to comment on this statement."))


def paragraph_count(statement: Statement) -> int:
    """How many paragraphs the current body has: the valid anchors are 0 .. count-1."""
    revision = statement.current_revision
    return len(split_paragraphs(revision.content.get("body", ""))) if revision else 0


def add_comment(
    statement: Statement,
    actor: User,
    body: str,
    paragraph: int | None = None,
    parent: Comment | None = None,
    *,
    anchor: Anchor | None = None,
    kind: str = KIND_COMMENT,
) -> Comment:
    """A new comment, or a reply (kept one level deep: a reply to a reply joins its thread
    and takes its anchor). `anchor`: a selection in a live field; `kind`: KIND_COMMENT or
    KIND_CHANGES_REQUESTED (a head's request for changes, a thread on the statement)."""
    _check(statement, actor)
    if kind not in KINDS:
        raise ValidationFailed(_("Unknown kind of comment."), details={"kind": "invalid"})
    if not (body or "").strip():
        raise ValidationFailed(_("Write a comment first."), details={"body": "required"})
    text = clean_text(body, field="body", multiline=True, limit=limits.COMMENT)
    if parent is not None:
        if parent.statement_id != statement.id:
            raise NotFound(_("No such comment."))
        while parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id)
            assert parent is not None  # the foreign key guarantees the thread's root
        paragraph = parent.paragraph  # a reply belongs to its thread's anchor
        kind = KIND_COMMENT
        anchor = (
            Anchor(
                field=parent.field,
                start=parent.anchor_start or "",
                end=parent.anchor_end or "",
                quote=parent.quote or "",
                lang=parent.lang or "",
            )
            if parent.field
            else None
        )
    elif anchor is not None:
        anchor = _clean_anchor(statement, anchor)
        paragraph = None
    elif paragraph is not None and not 0 <= paragraph < paragraph_count(statement):
        raise ValidationFailed(
            _("There is no such paragraph."), details={"paragraph": "out of range"}
        )
    comment = Comment(
        statement_id=statement.id,
        author_id=actor.id,
        body=text,
        paragraph=paragraph,
        parent_id=parent.id if parent else None,
        kind=kind,
    )
    if anchor is not None:
        comment.field, comment.lang = anchor.field, anchor.lang
        comment.anchor_start, comment.anchor_end = anchor.start, anchor.end
        comment.quote = anchor.quote
    db.session.add(comment)
    db.session.flush()
    audit.record(
        "comment.add",
        actor=actor,
        obj=statement,
        comment=comment.id,
        parent=comment.parent_id,
        paragraph=paragraph,
        kind=kind,
        field=anchor.field if anchor else None,
        lang=anchor.lang if anchor else None,
    )
    notifications.comment_added(statement, comment, actor)
    return comment


def get_comment(statement: Statement, comment_id: int) -> Comment:
    """The comment if it belongs to this statement (404 otherwise: ids do not leak)."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.statement_id != statement.id:
        raise NotFound(_("No such comment."))
    return comment


def resolve_comment(comment: Comment, actor: User) -> None:
    """Mark a thread as dealt with; resolving twice changes nothing (double clicks)."""
    statement = db.session.get(Statement, comment.statement_id)
    assert statement is not None
    _check(statement, actor)
    if comment.resolved_at is not None:
        return
    comment.resolved_at, comment.resolved_by_id = utcnow(), actor.id
    db.session.flush()
    audit.record("comment.resolve", actor=actor, obj=statement, comment=comment.id)


def reopen_comment(comment: Comment, actor: User) -> None:
    """Undo a resolve: the thread needs attention again."""
    statement = db.session.get(Statement, comment.statement_id)
    assert statement is not None
    _check(statement, actor)
    if comment.resolved_at is None:
        return
    comment.resolved_at, comment.resolved_by_id = None, None
    db.session.flush()
    audit.record("comment.reopen", actor=actor, obj=statement, comment=comment.id)
