"""Comments on a statement: optionally anchored to a body paragraph, one level of replies,
resolvable and reopenable. Like every service, these check permission, write the audit
log and only flush."""

from __future__ import annotations

from flask_babel import gettext as _

from pressroom.db import db, utcnow
from pressroom.domain import limits
from pressroom.domain.content import split_paragraphs
from pressroom.domain.errors import NotFound, PermissionDenied, ValidationFailed
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.domain.validation import clean_text
from pressroom.models import Comment, Statement, User
from pressroom.services import audit, notifications


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
) -> Comment:
    """A new comment, or a reply (kept one level deep: a reply to a reply joins its thread)."""
    _check(statement, actor)
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
    )
    db.session.add(comment)
    db.session.flush()
    audit.record(
        "comment.add",
        actor=actor,
        obj=statement,
        comment=comment.id,
        parent=comment.parent_id,
        paragraph=paragraph,
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
