"""The signed-in home page: the statements the user's organization takes part in."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pressroom import queries
from pressroom.domain.permissions import Role
from pressroom.queries.overview import overviews
from pressroom.services import approvals

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@login_required
def index() -> str | Response:
    if current_user.role == Role.admin:
        return redirect(url_for("admin.users"))
    statements = queries.statements_for(current_user)
    views = overviews(statements)
    return render_template(
        "dashboard/index.html",
        statements=statements,
        waiting=approvals.waiting_for(current_user, statements, views),
        changes_requested=approvals.changes_requested_in(statements, views),
    )
