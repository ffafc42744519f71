"""The inbox: one's own notifications, newest first, unread ones marked. Reading it writes
nothing; marking as read, and opening a notification (which marks it read, then goes to
its place), are POSTs with the form's CSRF token."""

from __future__ import annotations

from typing import Any

from flask import abort, has_request_context, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pressroom.models import Notification, User
from pressroom.queries import notifications as notification_queries
from pressroom.services import notifications
from pressroom.services.notification_texts import describe
from pressroom.web.notifications import bp
from pressroom.web.params import parse_int


@bp.app_context_processor
def unread_badge() -> dict[str, Any]:
    """The header's unread count, for a signed-in person's pages (one COUNT)."""
    if (
        not has_request_context()
        or request.blueprint in ("api", "public", "newsroom")
        or not current_user.is_authenticated
    ):
        return {}
    return {"unread_notifications": notification_queries.unread_count(current_user)}


def safe_link(notification: Notification) -> str:
    """Where a notification leads: its stored site path, never another site."""
    link = notification.link or ""
    return link if link.startswith("/") and not link.startswith("//") else url_for(".index")


def _own(notification_id: int) -> tuple[User, Notification]:
    user = current_user._get_current_object()
    found = notification_queries.own(user, notification_id)
    if found is None:
        abort(404)
    return user, found


@bp.get("")
@login_required
def index() -> str:
    before = parse_int(request.args.get("before"))
    rows = notification_queries.inbox(current_user, before)
    return render_template(
        "notifications/index.html",
        items=[(n, describe(n), safe_link(n)) for n in rows],
        older=rows[-1].id if len(rows) == notification_queries.PAGE else None,
    )


@bp.post("/<int:notification_id>/open")
@login_required
def open_notification(notification_id: int) -> Response:
    user, notification = _own(notification_id)
    notifications.mark_read(user, [notification.id])
    return redirect(safe_link(notification))


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int) -> Response:
    user, notification = _own(notification_id)
    notifications.mark_read(user, [notification.id])
    return redirect(url_for(".index"))


@bp.post("/read")
@login_required
def mark_all_read() -> Response:
    notifications.mark_read(current_user._get_current_object(), None)
    return redirect(url_for(".index"))
