"""The caller's notifications: the inbox as JSON (texts in the caller's language) and
marking them as read. Callers only ever see and change their own."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from pressroom.config import public_url
from pressroom.domain.errors import ValidationFailed
from pressroom.models import Notification
from pressroom.queries import notifications as notification_queries
from pressroom.services import notifications
from pressroom.services.notification_texts import describe
from pressroom.web.api import bp, require_token, schemas
from pressroom.web.api.payload import load
from pressroom.web.params import parse_int


def notification_document(notification: Notification) -> dict[str, Any]:
    text = describe(notification)
    return {
        "id": notification.id,
        "kind": notification.kind.value,
        "subject": text.subject,
        "body": text.body,
        "statement": notification.statement_id,
        "lang": notification.lang,
        "comment": notification.comment_id,
        "actor": notification.actor.label if notification.actor is not None else None,
        "data": notification.data or {},
        "url": public_url(notification.link),
        "created_at": notification.created_at.isoformat(),
        "read_at": notification.read_at.isoformat() if notification.read_at else None,
    }


@bp.get("/notifications")
def list_notifications() -> ResponseReturnValue:
    user = require_token()
    unknown = sorted(set(request.args) - {"before"})
    if unknown:  # a misspelt parameter would otherwise silently list the newest page
        raise ValidationFailed(
            _("Unknown parameter: %(names)s.", names=", ".join(unknown)),
            details={name or "(empty)": "unknown parameter" for name in unknown},
        )
    raw = request.args.get("before")
    before = parse_int(raw)
    if raw is not None and before is None:
        raise ValidationFailed(
            _("before must be a notification id (a whole number)."), details={"before": raw}
        )
    rows = notification_queries.inbox(user, before)
    older = (
        url_for("api.list_notifications", before=rows[-1].id)
        if len(rows) == notification_queries.PAGE
        else None
    )
    return {
        "notifications": [notification_document(n) for n in rows],
        "unread": notification_queries.unread_count(user),
        "older": older,
    }


@bp.post("/notifications/read")
def mark_notifications_read() -> ResponseReturnValue:
    user = require_token()
    data = load(schemas.NotificationReadRequest)
    if data.get("all") is True:
        marked = notifications.mark_read(user, None)
    elif data.get("ids"):
        marked = notifications.mark_read(user, list(data["ids"]))
    else:
        raise ValidationFailed(
            _('Send {"ids": [...]} or {"all": true}.'), details={"ids": "required"}
        )
    return {"marked": marked, "unread": notification_queries.unread_count(user)}
