"""The signed-in home page: the statements the user's organization takes part in."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from pressroom import queries
from pressroom.domain.permissions import Role
from pressroom.i18n import current_language
from pressroom.queries import approvals as approval_queries
from pressroom.queries.next_actions import next_actions
from pressroom.queries.overview import overviews
from pressroom.web.dashboard import bp
from pressroom.web.dashboard.actions import action_links
from pressroom.web.release_list import release_list


@bp.route("/")
def index() -> str | Response | tuple[str, int]:
    """Anonymous visitors (journalists) get the newsroom in their best language; signed-in
    people their work, with a link to the newsroom."""
    if not current_user.is_authenticated:
        return release_list(current_language(), home=True)
    if current_user.role == Role.admin:
        return redirect(url_for("admin.users"))
    statements = queries.statements_for(current_user)
    views = overviews(statements)
    return render_template(
        "dashboard/index.html",
        statements=statements,
        actions=action_links(statements, next_actions(current_user, views)),
        waiting=approval_queries.waiting_for(current_user, statements, views),
        changes_requested=approval_queries.changes_requested_in(statements, views),
    )
