"""Comment routes on the statements blueprint: add (or reply), resolve, reopen. A refused
comment comes back in the editor with the typed text and the message next to it.

The live editor uses the JSON routes under /statements/<id>/threads (docs/live.md,
"Comments"): list, create (anchored to a selection), reply, resolve, reopen. After each
change a job writes into the live document's `threads` map, so every open editor fetches
the threads again."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from pressroom.db import db
from pressroom.domain.errors import DomainError, SignInRequired, ValidationFailed
from pressroom.domain.permissions import Permission
from pressroom.i18n import current_language
from pressroom.live import threads as live_threads
from pressroom.models import Comment, User
from pressroom.queries import comments as comment_queries
from pressroom.services import comments
from pressroom.web.authz import actor, get_statement, signed_in
from pressroom.web.errors import json_error
from pressroom.web.params import parse_int
from pressroom.web.statements import bp
from pressroom.web.statements.routes import Page, render_editor


@dataclass
class CommentDraft:
    """A comment as typed, shown again when it was refused."""

    body: str = ""
    paragraph: str = ""  # "" = the whole statement, else a 0-based paragraph index
    parent: int | None = None  # the thread replied to
    error: str = ""


def _back(statement_id: int, comment_id: int) -> Response:
    return redirect(
        url_for("statements.edit", statement_id=statement_id, _anchor=f"comment-{comment_id}")
    )


@bp.route("/<int:statement_id>/comments", methods=["POST"])
@login_required
def add_comment(statement_id: int) -> Page:
    statement = get_statement(statement_id, Permission.comment)
    parent_raw = request.form.get("parent", "")
    draft = CommentDraft(
        body=request.form.get("body", ""),
        paragraph=request.form.get("paragraph", ""),
        parent=parse_int(parent_raw),
    )
    parent = comments.get_comment(statement, draft.parent) if draft.parent else None
    paragraph = parse_int(draft.paragraph)
    try:
        comment = comments.add_comment(
            statement, signed_in(), draft.body, paragraph=paragraph, parent=parent
        )
    except ValidationFailed as exc:
        draft.error = exc.message
        return render_editor(statement, draft=draft)
    live_threads.changed(statement.id, comment.lang or "", str(comment.parent_id or comment.id))
    flash(_("Reply added.") if parent else _("Comment added."), "success")
    return _back(statement.id, comment.id)


@bp.route("/<int:statement_id>/comments/<int:comment_id>/resolve", methods=["POST"])
@login_required
def resolve_comment(statement_id: int, comment_id: int) -> Response:
    statement = get_statement(statement_id, Permission.comment)
    comment = comments.get_comment(statement, comment_id)
    comments.resolve_comment(comment, signed_in())
    live_threads.changed(statement.id, comment.lang or "", str(comment.id))
    flash(_("Comment resolved."), "success")
    return _back(statement.id, comment.id)


@bp.route("/<int:statement_id>/comments/<int:comment_id>/reopen", methods=["POST"])
@login_required
def reopen_comment(statement_id: int, comment_id: int) -> Response:
    statement = get_statement(statement_id, Permission.comment)
    comment = comments.get_comment(statement, comment_id)
    comments.reopen_comment(comment, signed_in())
    live_threads.changed(statement.id, comment.lang or "", str(comment.id))
    flash(_("Comment reopened."), "info")
    return _back(statement.id, comment.id)


# --- JSON, for the live editor -------------------------------------------------------


def json_api(view: Callable[..., Any]) -> Callable[..., Any]:
    """Signed-in callers only (401 JSON otherwise, no redirect to the sign-in page); a
    refused request is a 4xx JSON error with a message for the user."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            if actor() is None:
                raise SignInRequired(_("Sign in to comment."))
            return view(*args, **kwargs)
        except DomainError as exc:
            db.session.rollback()
            return json_error(exc.status, exc.code, exc.message, exc.details)

    return wrapper


def _person(user: User) -> dict[str, str]:
    org = user.organization
    return {
        "name": user.display_name,
        "organization": org.short_name(current_language()) if org else "",
    }


def _entry(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "author": _person(comment.author),
        "body": comment.body,
        "created_at": comment.created_at.isoformat(),
    }


def thread_json(comment: Comment) -> dict[str, Any]:
    """A thread as the live editor's comment panel shows it."""
    resolved_by = db.session.get(User, comment.resolved_by_id) if comment.resolved_by_id else None
    return {
        **_entry(comment),
        "kind": comment.kind,
        "field": comment.field,
        "lang": comment.lang or "",
        "start": comment.anchor_start,
        "end": comment.anchor_end,
        "quote": comment.quote,
        "paragraph": comment.paragraph,
        "resolved": comment.resolved_at is not None,
        "resolved_at": comment.resolved_at.isoformat() if comment.resolved_at else None,
        "resolved_by": _person(resolved_by) if resolved_by else None,
        "replies": [_entry(reply) for reply in comment.replies],
    }


def _json_body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationFailed(_("Send the comment as a JSON object."), details={"body": "json"})
    return data


def _string(value: object) -> str:
    """A JSON string as sent; anything else as "" (which the service refuses)."""
    return value if isinstance(value, str) else ""


def _thread_response(statement_id: int, comment: Comment, status: int = 200) -> Response:
    root = comment
    if comment.parent_id is not None:
        found = db.session.get(Comment, comment.parent_id)
        assert found is not None  # the foreign key guarantees the thread's root
        root = found
    live_threads.changed(statement_id, root.lang or "", str(root.id))
    db.session.flush()
    db.session.refresh(root)
    response = jsonify({"thread": thread_json(root)})
    response.status_code = status
    return response


@bp.get("/<int:statement_id>/threads")
@json_api
def list_threads(statement_id: int) -> Response:
    statement = get_statement(statement_id)
    return jsonify({"threads": [thread_json(c) for c in comment_queries.comments_for(statement)]})


@bp.post("/<int:statement_id>/threads")
@json_api
def create_thread(statement_id: int) -> Response:
    statement = get_statement(statement_id, Permission.comment)
    data = _json_body()
    anchor = None
    if data.get("field") is not None:
        anchor = comments.Anchor(
            field=str(data.get("field")),
            start=_string(data.get("start")),
            end=_string(data.get("end")),
            quote=str(data.get("quote") or ""),
            lang=str(data.get("lang") or ""),
        )
    comment = comments.add_comment(
        statement, signed_in(), str(data.get("body") or ""), anchor=anchor
    )
    return _thread_response(statement.id, comment, 201)


@bp.post("/<int:statement_id>/threads/<int:comment_id>/replies")
@json_api
def reply_to_thread(statement_id: int, comment_id: int) -> Response:
    statement = get_statement(statement_id, Permission.comment)
    parent = comments.get_comment(statement, comment_id)
    data = _json_body()
    reply = comments.add_comment(statement, signed_in(), str(data.get("body") or ""), parent=parent)
    return _thread_response(statement.id, reply, 201)


@bp.post("/<int:statement_id>/threads/<int:comment_id>/resolve")
@json_api
def resolve_thread(statement_id: int, comment_id: int) -> Response:
    statement = get_statement(statement_id, Permission.comment)
    comment = comments.get_comment(statement, comment_id)
    comments.resolve_comment(comment, signed_in())
    return _thread_response(statement.id, comment)


@bp.post("/<int:statement_id>/threads/<int:comment_id>/reopen")
@json_api
def reopen_thread(statement_id: int, comment_id: int) -> Response:
    statement = get_statement(statement_id, Permission.comment)
    comment = comments.get_comment(statement, comment_id)
    comments.reopen_comment(comment, signed_in())
    return _thread_response(statement.id, comment)
