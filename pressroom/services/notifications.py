"""Notifications: who is told what (the event functions below, called by the services where
things happen), stored as rows of each recipient's in-app inbox, and mailed to those who
want that kind by e-mail (users.email_notifications; domain.notifications.EMAIL_DEFAULTS).
Also the mail transport the other mails use (`send`, `connection`, `compose`).

Mail is optional: with SMTP_HOST set it is sent, without it it is logged, and a mail server
that is down never makes a save or an approval fail. Recipients and texts (in each
recipient's language, services.notification_texts) are settled inside the transaction;
the sending is a job that runs after the commit (services/effects.py), so no request waits
on a mail server, and nothing is sent for an action that was rolled back. The actor is
never told about their own action."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from pressroom.config import public_url
from pressroom.db import db, utcnow
from pressroom.domain.bundle import Change
from pressroom.domain.mentions import Candidate, mentioned_ids
from pressroom.domain.notifications import Kind, email_settings, wants_email
from pressroom.models import Comment, Notification, Participant, Release, Role, Statement, User
from pressroom.services import effects

log = logging.getLogger("pressroom.notifications")


def _members(
    statement: Statement, role: Role | None = None, organization_ids: list[int] | None = None
) -> list[User]:
    """Active people of the participating organizations (of a role, of some of them)."""
    query = (
        sa.select(User)
        .join(Participant, Participant.organization_id == User.organization_id)
        .where(Participant.statement_id == statement.id, User.active.is_(True))
        .order_by(User.id)
    )
    if role is not None:
        query = query.where(User.role == role)
    if organization_ids is not None:
        query = query.where(User.organization_id.in_(organization_ids))
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


def _path(endpoint: str, **values: Any) -> str:
    """A site path (for the row's link); a job has no request, so one is made up."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


# --- the mechanism ------------------------------------------------------------------------


def deliver(
    kind: Kind,
    recipients: list[User],
    statement: Statement,
    actor: User | None,
    link: str,
    *,
    lang: str | None = None,
    comment_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> list[Notification]:
    """One inbox row per recipient (never the actor, each person once), and a mail after
    the commit to those who want `kind` by e-mail, in their language, with the absolute
    link."""
    rows: list[tuple[User, Notification]] = []
    seen: set[int] = set()
    for user in recipients:
        if user.id in seen or (actor is not None and user.id == actor.id) or not user.active:
            continue
        seen.add(user.id)
        notification = Notification(
            recipient_id=user.id,
            kind=kind,
            statement_id=statement.id,
            lang=lang,
            comment_id=comment_id,
            actor=actor,
            data={"title": _title(statement), **(data or {})},
            link=link,
        )
        db.session.add(notification)
        rows.append((user, notification))
    db.session.flush()
    for user, notification in rows:
        if wants_email(user.email_notifications, kind):
            _mail(user, notification)
    return [notification for _user, notification in rows]


def _mail(user: User, notification: Notification) -> None:
    from pressroom.services.notification_texts import describe

    with force_locale(user.locale or "en"):
        text = describe(notification)
        body = "\n\n".join(
            [
                text.body,
                public_url(notification.link),
                "-- \n"
                + _(
                    "Choose which notifications reach you by e-mail: %(url)s",
                    url=public_url(_path("auth.account")),
                ),
            ]
        )
    # Auto-Submitted (RFC 3834): no out-of-office replies; the kind: for mail filters.
    headers = {
        "Auto-Submitted": "auto-generated",
        "X-Pressroom-Notification": notification.kind.value,
    }
    effects.enqueue(send, [user.email], text.subject, body, headers)


def mark_read(user: User, ids: list[int] | None) -> int:
    """Mark the user's own notifications `ids` (None: all of them) as read; others' ids
    change nothing. Returns how many were unread."""
    query = sa.update(Notification).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None)
    )
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    result = db.session.execute(
        query.values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def set_email_choices(user: User, kinds: set[str]) -> None:
    """Which kinds reach `user` by e-mail (the person's own choice): those in `kinds`, no
    others; unknown names are ignored. The inbox keeps showing every kind."""
    from pressroom.services import audit

    user.email_notifications = email_settings(kinds)
    db.session.flush()
    audit.record(
        "user.email_notifications",
        actor=user,
        obj=user,
        email=sorted(k for k, on in user.email_notifications.items() if on),
    )


# --- who is told what ---------------------------------------------------------------------


def review_requested(statement: Statement, actor: User) -> None:
    """Submitted for review: the heads of every participating organization decide."""
    deliver(
        Kind.review_requested,
        _members(statement, Role.head_of_delegation),
        statement,
        actor,
        _path("review.show", statement_id=statement.id),
    )


def changes_requested(statement: Statement, actor: User, comment: str) -> None:
    """A head requested changes: everyone taking part, in the editor."""
    deliver(
        Kind.changes_requested,
        _members(statement),
        statement,
        actor,
        _path("statements.edit", statement_id=statement.id),
        data={"comment": comment},
    )


def approvals_dismissed(
    statement: Statement, actor: User | None, organization_ids: list[int], changes: list[Change]
) -> None:
    """Heads whose approvals a change dismissed review again: the review page, on the
    language that changed when it was one translation."""
    languages = [c.params.get("lang") for c in changes if c.code == "translation"]
    lang = languages[0] if len(languages) == 1 and len(changes) == 1 else None
    deliver(
        Kind.approval_dismissed,
        _members(statement, Role.head_of_delegation, organization_ids),
        statement,
        actor,
        _path("review.show", statement_id=statement.id, **({"lang": lang} if lang else {})),
        lang=lang,
        data={"changes": [{"code": c.code, **c.params} for c in changes]},
    )


def ready_to_publish(statement: Statement, actor: User | None) -> None:
    """Every organization approved: the heads, and the lead organization's press officers
    (who publish)."""
    lead = statement.lead_organization
    recipients = _members(statement, Role.head_of_delegation)
    if lead is not None:
        recipients += _members(statement, Role.press_officer, [lead.id])
    deliver(
        Kind.ready_to_publish,
        recipients,
        statement,
        actor,
        _path("publishing.index", statement_id=statement.id),
    )


def translation_needed(statement: Statement, actor: User, languages: list[str]) -> None:
    """New target languages: the press officers of every participating organization."""
    for lang in languages:
        deliver(
            Kind.translation_needed,
            _members(statement, Role.press_officer),
            statement,
            actor,
            _path("translations.edit", statement_id=statement.id, lang=lang),
            lang=lang,
        )


def translation_outdated(statement: Statement, actor: User, languages: list[str]) -> None:
    """The source changed after these translations were made (they were up to date)."""
    revision = statement.current_revision
    for lang in languages:
        deliver(
            Kind.translation_outdated,
            _members(statement, Role.press_officer),
            statement,
            actor,
            _path("translations.edit", statement_id=statement.id, lang=lang),
            lang=lang,
            data={"revision": revision.number if revision else None},
        )


def comment_added(statement: Statement, comment: Comment, actor: User) -> None:
    """People a comment @mentions (among the participants), and the earlier authors of the
    thread it replies to (unless mentioned: one notification each)."""
    from pressroom.services.notification_texts import excerpt

    people = _members(statement)
    by_id = {u.id: u for u in people}
    mentioned = mentioned_ids(
        comment.body,
        [Candidate(u.id, (u.display_name, u.email.partition("@")[0])) for u in people],
    )
    link = _path("statements.edit", statement_id=statement.id) + f"#comment-{comment.id}"
    data = {"excerpt": excerpt(comment.body)}
    deliver(
        Kind.mentioned,
        [by_id[i] for i in mentioned],
        statement,
        actor,
        link,
        comment_id=comment.id,
        data=data,
    )
    if comment.parent_id is None:
        return
    authors = db.session.scalars(
        sa.select(Comment.author_id)
        .where(
            sa.or_(Comment.id == comment.parent_id, Comment.parent_id == comment.parent_id),
            Comment.id != comment.id,
        )
        .order_by(Comment.id)
    )
    earlier = [by_id[i] for i in dict.fromkeys(authors) if i in by_id and i not in mentioned]
    deliver(Kind.reply, earlier, statement, actor, link, comment_id=comment.id, data=data)


def published(statement: Statement, actor: User, release: Release) -> None:
    """Published now (the public page) or scheduled (the statement's publishing page)."""
    scheduled = release.public_at > utcnow()
    deliver(
        Kind.published,
        _members(statement),
        statement,
        actor,
        _path("publishing.index", statement_id=statement.id)
        if scheduled
        else _release_path(statement),
        data={"scheduled": scheduled, "public_at": release.public_at.isoformat()},
    )


def release_became_public(release: Release) -> None:
    """A lift effect (services.lifting): a release that waited for its embargo is public."""
    if release.public_at <= release.created_at:
        return  # published at once: `published` said so
    statement = db.session.get(Statement, release.statement_id)
    assert statement is not None
    deliver(
        Kind.embargo_lifted,
        _members(statement),
        statement,
        None,
        _release_path(statement),
        data={"title": release.title},
    )


def _release_path(statement: Statement) -> str:
    return _path("public.release_page", lang=statement.source_language, slug=statement.slug)


def source_changed(
    statement: Statement, actor: User, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """A new source revision: the translations that were up to date with `before` and are
    not with `after` are outdated now (told once, not at every later save)."""
    from pressroom.domain.translation import source_hash
    from pressroom.models import Translation, TranslationRevision

    old, new = source_hash(before), source_hash(after)
    if old == new:
        return
    languages = db.session.scalars(
        sa.select(Translation.lang)
        .join(TranslationRevision, TranslationRevision.id == Translation.current_revision_id)
        .where(Translation.statement_id == statement.id, TranslationRevision.source_hash == old)
        .order_by(Translation.lang)
    )
    translation_outdated(statement, actor, list(languages))
