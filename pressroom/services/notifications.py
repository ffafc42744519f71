"""E-mail notifications. Optional: with SMTP_HOST set they are sent, without it they are
logged, and a mail server that is down never makes a save or an approval fail.

Recipients and texts (in each recipient's language) are settled inside the transaction;
the sending is a job that runs after the commit (services/effects.py), so no request waits
on a mail server, and nothing is sent for an action that was rolled back."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from pressroom.db import db
from pressroom.models import Participant, Role, Statement, User
from pressroom.services import effects

log = logging.getLogger("pressroom.notifications")


def _members(statement: Statement, role: Role | None = None) -> list[User]:
    query = (
        sa.select(User)
        .join(Participant, Participant.organization_id == User.organization_id)
        .where(Participant.statement_id == statement.id, User.active.is_(True))
    )
    if role is not None:
        query = query.where(User.role == role)
    return list(db.session.scalars(query))


def compose(
    to: list[str], subject: str, body: str, headers: dict[str, str] | None = None
) -> EmailMessage:
    """One plain-text message from MAIL_FROM, with a Date and a Message-ID."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = ", ".join(to)
    message["Subject"] = " ".join(subject.split())  # a title's line breaks cannot go in a header
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=mail_domain())
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def mail_domain() -> str:
    sender = str(current_app.config.get("MAIL_FROM") or "")
    return sender.rpartition("@")[2].strip("> ") or "localhost"


@contextmanager
def connection() -> Iterator[Callable[[EmailMessage], object]]:
    """A function that sends messages through one SMTP connection (SMTP_TIMEOUT per
    step); without SMTP_HOST it logs them instead. Errors are raised to the caller.
    (What the function returns is not for the caller: smtplib's refused recipients.)"""
    host = current_app.config.get("SMTP_HOST")
    if not host:

        def log_only(message: EmailMessage) -> None:
            log.info(
                "mail (no SMTP_HOST, not sent) to=%s subject=%s", message["To"], message["Subject"]
            )

        yield log_only
        return
    with smtplib.SMTP(
        host, current_app.config["SMTP_PORT"], timeout=current_app.config.get("SMTP_TIMEOUT", 10)
    ) as smtp:
        yield smtp.send_message


def send(to: list[str], subject: str, body: str, headers: dict[str, str] | None = None) -> None:
    """The mail job (plain data only): one message, sent with SMTP_TIMEOUT per step."""
    if not to:
        return
    message = compose(to, subject, body, headers)
    try:
        with connection() as deliver:
            deliver(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail to %s failed: %s", ",".join(to), exc)
        raise  # the task queue sends it again later, with backoff


def _title(statement: Statement) -> str:
    return statement.current_revision.content.get("title", "") if statement.current_revision else ""


def review_requested(statement: Statement, actor: User) -> None:
    for head in _members(statement, Role.head_of_delegation):
        with force_locale(head.locale or "en"):
            effects.enqueue(
                send,
                [head.email],
                _("Approval needed: %(title)s", title=_title(statement)),
                _("%(who)s submitted the statement for review.", who=actor.label),
            )


def changes_requested(statement: Statement, actor: User, comment: str) -> None:
    for member in _members(statement):
        if member.id == actor.id:
            continue
        with force_locale(member.locale or "en"):
            effects.enqueue(
                send,
                [member.email],
                _("Changes requested: %(title)s", title=_title(statement)),
                _("%(who)s requests changes: %(comment)s", who=actor.label, comment=comment),
            )


def approvals_dismissed(
    statement: Statement, actor: User | None, organization_ids: list[int], changes: list[Any]
) -> None:
    """Heads whose approvals a change dismissed: they must review again."""
    from pressroom.services.approvals import describe_changes

    for head in _members(statement, Role.head_of_delegation):
        if head.organization_id not in organization_ids:
            continue
        with force_locale(head.locale or "en"):
            effects.enqueue(
                send,
                [head.email],
                _("Approval dismissed: %(title)s", title=_title(statement)),
                _(
                    "%(who)s changed %(what)s. Your organization's approval no longer "
                    "counts: please review the release again.",
                    who=actor.label if actor else _("Someone"),
                    what=describe_changes(changes),
                ),
            )
