"""Comment routes on the statements blueprint: add (or reply), resolve, reopen. A refused
comment comes back in the editor with the typed text and the message next to it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from pressroom.domain.errors import ValidationFailed
from pressroom.domain.permissions import Permission
from pressroom.services import comments
from pressroom.web.authz import get_statement, signed_in
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
    flash(_("Reply added.") if parent else _("Comment added."), "success")
    return _back(statement.id, comment.id)


@bp.route("/<int:statement_id>/comments/<int:comment_id>/resolve", methods=["POST"])
@login_required
def resolve_comment(statement_id: int, comment_id: int) -> Response:
    statement = get_statement(statement_id, Permission.comment)
    comment = comments.get_comment(statement, comment_id)
    comments.resolve_comment(comment, signed_in())
    flash(_("Comment resolved."), "success")
    return _back(statement.id, comment.id)


@bp.route("/<int:statement_id>/comments/<int:comment_id>/reopen", methods=["POST"])
@login_required
def reopen_comment(statement_id: int, comment_id: int) -> Response:
    statement = get_statement(statement_id, Permission.comment)
    comment = comments.get_comment(statement, comment_id)
    comments.reopen_comment(comment, signed_in())
    flash(_("Comment reopened."), "info")
    return _back(statement.id, comment.id)
