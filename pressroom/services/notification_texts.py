"""What a notification says, rendered when it is shown or mailed, in the language active
then (the reader's UI language, or flask_babel.force_locale(recipient.locale) for mail):
rows store only the kind and its data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from pressroom.domain.bundle import Change
from pressroom.domain.notifications import Kind
from pressroom.models import Notification

#: How each kind is named on the /account page (which kinds arrive by e-mail).
KIND_LABELS = {
    Kind.review_requested: _l("A statement is submitted for review"),
    Kind.changes_requested: _l("A head of delegation requests changes"),
    Kind.approval_dismissed: _l("A change dismissed your organization's approval"),
    Kind.ready_to_publish: _l("Every organization approved: ready to publish"),
    Kind.translation_needed: _l("A translation is needed"),
    Kind.translation_outdated: _l("The source changed after a translation was made"),
    Kind.mentioned: _l("A comment mentions you"),
    Kind.reply: _l("A reply in a comment thread you wrote in"),
    Kind.published: _l("A release is published or scheduled"),
    Kind.embargo_lifted: _l("An embargo lifts"),
}


@dataclass(frozen=True)
class Text:
    subject: str  # a short line: the inbox entry's heading and the mail's subject
    body: str  # one or two sentences


def _language(code: str | None) -> str:
    from pressroom.i18n import ui_language_name

    return ui_language_name(code) if code else ""


def excerpt(text: str, limit: int = 200) -> str:
    """A comment's text on one line, cut at `limit` characters (stored with a mention)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _when(value: Any) -> str:
    try:
        return str(format_datetime(dt.datetime.fromisoformat(str(value)), "medium"))
    except ValueError:
        return str(value)


def describe(notification: Notification) -> Text:
    """The notification in the current language."""
    from pressroom.services.approvals import describe_changes

    data: dict[str, Any] = notification.data or {}
    title = data.get("title") or _("(untitled)")
    who = notification.actor.label if notification.actor is not None else _("Someone")
    lang = _language(notification.lang)
    kind = notification.kind
    if kind == Kind.review_requested:
        return Text(
            _("Approval needed: %(title)s", title=title),
            _("%(who)s submitted the statement for review.", who=who),
        )
    if kind == Kind.changes_requested:
        return Text(
            _("Changes requested: %(title)s", title=title),
            _("%(who)s requests changes: %(comment)s", who=who, comment=data.get("comment", "")),
        )
    if kind == Kind.approval_dismissed:
        changes = [
            Change(c.get("code", ""), {k: v for k, v in c.items() if k != "code"})
            for c in data.get("changes", [])
        ]
        return Text(
            _("Approval dismissed: %(title)s", title=title),
            _(
                "%(who)s changed %(what)s. Your organization's approval no longer "
                "counts: please review the release again.",
                who=who,
                what=describe_changes(changes),
            ),
        )
    if kind == Kind.ready_to_publish:
        return Text(
            _("Ready to publish: %(title)s", title=title),
            _("Every participating organization approved the release. It can be published."),
        )
    if kind == Kind.translation_needed:
        return Text(
            _("Translation needed: %(title)s", title=title),
            _("The release is to be published in %(lang)s: a translation is needed.", lang=lang),
        )
    if kind == Kind.translation_outdated:
        return Text(
            _("Translation outdated: %(title)s", title=title),
            _(
                "%(who)s changed the source text (revision %(n)s) after the %(lang)s "
                "translation was made: it needs updating.",
                who=who,
                n=data.get("revision", "?"),
                lang=lang,
            ),
        )
    if kind == Kind.mentioned:
        return Text(
            _("%(who)s mentioned you: %(title)s", who=who, title=title),
            _("%(who)s mentioned you in a comment: %(text)s", who=who, text=data.get("excerpt")),
        )
    if kind == Kind.reply:
        return Text(
            _("New reply: %(title)s", title=title),
            _(
                "%(who)s replied in a comment thread you wrote in: %(text)s",
                who=who,
                text=data.get("excerpt"),
            ),
        )
    if kind == Kind.published:
        if data.get("public_at") and data.get("scheduled"):
            body = _(
                "%(who)s scheduled the release: it becomes public on %(when)s.",
                who=who,
                when=_when(data["public_at"]),
            )
        else:
            body = _("%(who)s published the release.", who=who)
        return Text(_("Published: %(title)s", title=title), body)
    return Text(
        _("Embargo lifted: %(title)s", title=title),
        _("The embargo has lifted: the release is public now."),
    )


def describe_in(locale: str | None, notification: Notification) -> Text:
    with force_locale(locale or "en"):
        return describe(notification)
