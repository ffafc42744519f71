"""E-mail alerts for journalists: subscribe (double opt-in), confirm, unsubscribe in one
click, and the alert mail when a release becomes public.

* Nothing is stored before the address confirmed: the confirmation link carries the address
  and the preferences, signed with SECRET_KEY (itsdangerous) and expiring after
  ALERTS_CONFIRM_HOURS. Following it stores the address, the preferences and the time of
  consent — nothing else (no name, no IP address). Subscribing again with the same address
  replaces the preferences, once confirmed. The answer to a request is the same whether or
  not the address is known, and requests are rate-limited per client address and per
  e-mail address.
* Every alert carries List-Unsubscribe (https) and List-Unsubscribe-Post (RFC 8058): a POST
  to that URL deletes the subscriber, with no login and no CSRF token.
* When a release becomes public (services/lifting.py) one delivery row per matching
  subscriber is made in the lift's transaction, and batch jobs of ALERTS_BATCH_SIZE send
  them: a delivery is claimed before sending and marked sent after, so a retried batch
  mails nobody twice; a delivery left unsent by a dead job is sent by the next sweep.
* The audit log (append-only) names subscribers by id only, never by address: deleting a
  subscriber leaves no address behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
import smtplib
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from pressroom import clock
from pressroom.config import public_url
from pressroom.db import UTCDateTime, db
from pressroom.domain.errors import DomainError, ValidationFailed
from pressroom.models import (
    AlertDelivery,
    Artifact,
    ArtifactKind,
    Organization,
    Release,
    ReleaseOrganization,
    Statement,
    Subscriber,
    SubscriberOrganization,
    User,
)
from pressroom.services import accounts, audit, effects, notifications, ratelimit
from pressroom.services.organizations import validate_locale
from pressroom.services.signin import Client, Throttled

log = logging.getLogger("pressroom.alerts")

CONFIRM_SALT = "pressroom.alerts.confirm"
UNSUBSCRIBE_SALT = "pressroom.alerts.unsubscribe"
MAX_LANGUAGES = 8


class InvalidLink(DomainError):
    code = "invalid_link"
    status = 400


@dataclass(frozen=True)
class Preferences:
    email: str
    all_organizations: bool
    organization_ids: tuple[int, ...]
    languages: tuple[str, ...]


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _url(endpoint: str, **values: Any) -> str:
    """An absolute address on the public site (PRESSROOM_BASE_URL)."""
    return public_url(url_for(endpoint, _external=False, **values))


def ui_language(languages: list[str] | tuple[str, ...]) -> str:
    """The interface language of a subscriber's mails and pages: their first chosen
    language the interface speaks, else English."""
    return next((code for code in languages if code in current_app.config["LANGUAGES"]), "en")


# --- subscribing --------------------------------------------------------------------------


def check_preferences(
    email: str, *, all_organizations: bool, organizations: list[str], languages: list[str]
) -> Preferences:
    """Validated preferences; ValidationFailed names the field (email, organizations,
    languages)."""
    address = accounts.normalize_email(email)
    chosen: list[str] = []
    for code in languages:
        code = validate_locale(code) if code.strip() else ""
        if code and code not in chosen:
            chosen.append(code)
    if not chosen:
        raise ValidationFailed(
            _("Choose at least one language."), details={"languages": "required"}
        )
    if len(chosen) > MAX_LANGUAGES:
        raise ValidationFailed(
            _("Choose at most %(n)d languages.", n=MAX_LANGUAGES), details={"languages": "too many"}
        )
    org_ids: tuple[int, ...] = ()
    if not all_organizations:
        slugs = sorted({s.strip() for s in organizations if s.strip()})
        found = (
            list(db.session.scalars(sa.select(Organization).where(Organization.slug.in_(slugs))))
            if slugs
            else []
        )
        if not found or len(found) != len(slugs):
            raise ValidationFailed(
                _("Choose the organizations whose releases you want."),
                details={"organizations": "required"},
            )
        org_ids = tuple(sorted(o.id for o in found))
    return Preferences(address, all_organizations, org_ids, tuple(chosen))


def confirmation_token(preferences: Preferences) -> str:
    hours = current_app.config["ALERTS_CONFIRM_HOURS"]
    expires = int((clock.now() + dt.timedelta(hours=hours)).timestamp())
    return str(
        _serializer(CONFIRM_SALT).dumps(
            {
                "e": preferences.email,
                "a": preferences.all_organizations,
                "o": list(preferences.organization_ids),
                "l": list(preferences.languages),
                "x": expires,
            }
        )
    )


def preferences_for_token(token: str) -> Preferences:
    """What a confirmation link asks for; InvalidLink when forged or expired."""
    invalid = InvalidLink(
        _(
            "This confirmation link is not valid any more: it has expired. "
            "Subscribe again to get a new one."
        )
    )
    try:
        data: Any = _serializer(CONFIRM_SALT).loads(token)
        preferences = Preferences(
            str(data["e"]),
            bool(data["a"]),
            tuple(int(i) for i in data["o"]),
            tuple(str(code) for code in data["l"]),
        )
        expires = int(data["x"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise invalid from None
    if expires < clock.now().timestamp():
        raise invalid
    return preferences


def request_subscription(preferences: Preferences, client: Client, lang: str) -> None:
    """Mail a confirmation link. The same outcome whether or not the address is subscribed
    already (the link then replaces its preferences). Throttled per client address and per
    e-mail address."""
    checks = [
        ("ALERTS_SUBSCRIBE_LIMIT_PER_ADDRESS", client.address or "-"),
        ("ALERTS_SUBSCRIBE_LIMIT_PER_EMAIL", preferences.email),
    ]
    wait = ratelimit.retry_after(checks)
    if wait:
        raise Throttled(wait)
    ratelimit.hit(checks)
    mail_lang = (
        lang if lang in current_app.config["LANGUAGES"] else ui_language(preferences.languages)
    )
    url = _url("alerts.confirm", lang=mail_lang, token=confirmation_token(preferences))
    hours = current_app.config["ALERTS_CONFIRM_HOURS"]
    with force_locale(mail_lang):
        subject = _("Confirm your press release alerts")
        body = _(
            "Someone (probably you) asked to receive press releases by e-mail at this "
            "address. Confirm with this link (valid for %(hours)d hours):\n\n%(url)s\n\n"
            "If it was not you, ignore this message: nothing is stored until the link "
            "is followed.\n",
            hours=hours,
            url=url,
        )
    effects.enqueue(notifications.send, [preferences.email], subject, body)


def confirm(token: str) -> Subscriber:
    """Store the address and preferences (or replace a subscriber's), with the time of
    consent."""
    preferences = preferences_for_token(token)
    subscriber = db.session.scalar(
        sa.select(Subscriber).where(Subscriber.email == preferences.email)
    )
    now = clock.now()
    created = subscriber is None
    if subscriber is None:
        subscriber = Subscriber(email=preferences.email, key=secrets.token_hex(16))
        db.session.add(subscriber)
    subscriber.all_organizations = preferences.all_organizations
    subscriber.languages = list(preferences.languages)
    subscriber.confirmed_at = now
    organizations = (
        list(
            db.session.scalars(
                sa.select(Organization).where(Organization.id.in_(preferences.organization_ids))
            )
        )
        if not preferences.all_organizations
        else []
    )
    subscriber.organizations = organizations
    db.session.flush()
    audit.record(
        "subscriber.confirm",
        obj=subscriber,
        created=created,
        all_organizations=subscriber.all_organizations,
        organizations=[o.slug for o in organizations],
        languages=subscriber.languages,
    )
    return subscriber


# --- unsubscribing and the subscriber's data ----------------------------------------------


def unsubscribe_token(subscriber: Subscriber) -> str:
    return str(_serializer(UNSUBSCRIBE_SALT).dumps({"s": subscriber.id, "k": subscriber.key}))


def subscriber_for_unsubscribe(token: str) -> Subscriber | None:
    """The subscription an unsubscribe link names; None when it is gone already (the link
    is then simply done); InvalidLink when forged."""
    try:
        data: Any = _serializer(UNSUBSCRIBE_SALT).loads(token)
        subscriber_id, key = int(data["s"]), str(data["k"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise InvalidLink(_("This unsubscribe link is not valid.")) from None
    subscriber = db.session.get(Subscriber, subscriber_id)
    if subscriber is None or not secrets.compare_digest(subscriber.key, key):
        return None
    return subscriber


def unsubscribe(token: str) -> bool:
    """Delete the subscriber the link names (address, preferences, deliveries); False when
    there was nothing left to delete."""
    subscriber = subscriber_for_unsubscribe(token)
    if subscriber is None:
        return False
    audit.record("subscriber.unsubscribe", obj=subscriber)
    _delete(subscriber)
    return True


def _delete(subscriber: Subscriber) -> None:
    db.session.execute(sa.delete(AlertDelivery).where(AlertDelivery.subscriber_id == subscriber.id))
    subscriber.organizations = []
    db.session.delete(subscriber)
    db.session.flush()


def search(query: str, limit: int = 50) -> list[Subscriber]:
    """Admin search: addresses containing `query` (all, newest first, when empty)."""
    selection = (
        sa.select(Subscriber)
        .order_by(Subscriber.confirmed_at.desc(), Subscriber.id.desc())
        .limit(limit)
    )
    term = query.strip().lower()
    if term:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        selection = selection.where(Subscriber.email.like(f"%{escaped}%", escape="\\"))
    return list(db.session.scalars(selection))


def export(subscriber: Subscriber, actor: User) -> dict[str, Any]:
    """Everything stored about a subscriber, as JSON-ready data (audited)."""
    deliveries = list(
        db.session.execute(
            sa.select(AlertDelivery.sent_at, Release.version, Statement.slug)
            .join(Release, Release.id == AlertDelivery.release_id)
            .join(Statement, Statement.id == Release.statement_id)
            .where(AlertDelivery.subscriber_id == subscriber.id, AlertDelivery.sent_at.is_not(None))
            .order_by(AlertDelivery.sent_at)
        )
    )
    audit.record("subscriber.export", actor=actor, obj=subscriber)
    return {
        "email": subscriber.email,
        "all_organizations": subscriber.all_organizations,
        "organizations": [o.slug for o in subscriber.organizations],
        "languages": list(subscriber.languages),
        "consent_at": subscriber.confirmed_at.isoformat(),
        "alerts_sent": [
            {"release": slug, "version": version, "sent_at": sent.isoformat()}
            for sent, version, slug in deliveries
            if sent is not None
        ],  # always (the query's filter): narrows
    }


def delete(subscriber: Subscriber, actor: User) -> None:
    """An admin erases a subscriber's data (on request)."""
    audit.record("subscriber.delete", actor=actor, obj=subscriber)
    _delete(subscriber)


# --- alerting: a release became public ----------------------------------------------------


def release_became_public(release: Release) -> None:
    """The lift effect (services/lifting.py), in the lift's transaction: one delivery per
    matching subscriber (every organization, or one of the release's), then batch jobs."""
    authored = sa.exists().where(
        SubscriberOrganization.subscriber_id == Subscriber.id,
        SubscriberOrganization.organization_id == ReleaseOrganization.organization_id,
        ReleaseOrganization.release_id == release.id,
    )
    now = clock.now()
    matching = sa.select(
        sa.literal(release.id), Subscriber.id, sa.literal(now, UTCDateTime()), sa.literal(0)
    ).where(
        sa.or_(Subscriber.all_organizations.is_(True), authored),
        ~sa.exists().where(
            AlertDelivery.release_id == release.id, AlertDelivery.subscriber_id == Subscriber.id
        ),
    )
    db.session.execute(
        sa.insert(AlertDelivery).from_select(
            ["release_id", "subscriber_id", "created_at", "attempts"], matching
        )
    )
    _queue_batches(
        release.id,
        list(
            db.session.scalars(
                sa.select(AlertDelivery.subscriber_id)
                .where(AlertDelivery.release_id == release.id, AlertDelivery.sent_at.is_(None))
                .order_by(AlertDelivery.subscriber_id)
            )
        ),
    )


def _queue_batches(release_id: int, subscriber_ids: list[int]) -> None:
    size = max(int(current_app.config["ALERTS_BATCH_SIZE"]), 1)
    for start in range(0, len(subscriber_ids), size):
        effects.enqueue(send_batch, release_id, subscriber_ids[start : start + size])


def requeue_stale() -> int:
    """Deliveries still unsent whose claim expired or that nobody claimed for
    ALERTS_CLAIM_SECONDS (a job lost with its process): queued again, unless the release
    was withdrawn meanwhile (then they are never sent). For the sweep."""
    limit = clock.now() - dt.timedelta(seconds=int(current_app.config["ALERTS_CLAIM_SECONDS"]))
    rows = db.session.execute(
        sa.select(AlertDelivery.release_id, AlertDelivery.subscriber_id)
        .join(Release, Release.id == AlertDelivery.release_id)
        .where(
            Release.withdrawn_at.is_(None),
            Release.cancelled_at.is_(None),
            AlertDelivery.sent_at.is_(None),
            AlertDelivery.created_at < limit,
            sa.or_(AlertDelivery.claimed_at.is_(None), AlertDelivery.claimed_at < limit),
        )
        .order_by(AlertDelivery.release_id, AlertDelivery.subscriber_id)
        .limit(5000)
    ).all()
    by_release: dict[int, list[int]] = {}
    for release_id, subscriber_id in rows:
        by_release.setdefault(release_id, []).append(subscriber_id)
    for release_id, ids in by_release.items():
        _queue_batches(release_id, ids)
    return len(rows)


def send_batch(release_id: int, subscriber_ids: list[int]) -> None:
    """The batch job: claim the batch's unsent deliveries, end the transaction, send each
    alert through one SMTP connection, mark each sent. Idempotent: what was sent is not
    sent again; on a mail server error what is left is released and the job raises (the
    task queue retries it; the sweep otherwise)."""
    now = clock.now()
    stale = now - dt.timedelta(seconds=int(current_app.config["ALERTS_CLAIM_SECONDS"]))
    release = db.session.get(Release, release_id)
    if release is None or release.withdrawn_at is not None or release.cancelled_at is not None:
        return
    claimed = list(
        db.session.scalars(
            sa.update(AlertDelivery)
            .where(
                AlertDelivery.release_id == release_id,
                AlertDelivery.subscriber_id.in_(subscriber_ids),
                AlertDelivery.sent_at.is_(None),
                sa.or_(AlertDelivery.claimed_at.is_(None), AlertDelivery.claimed_at < stale),
            )
            .values(claimed_at=now, attempts=AlertDelivery.attempts + 1)
            .returning(AlertDelivery.subscriber_id)
            .execution_options(synchronize_session=False)
        )
    )
    if not claimed:
        return
    subscribers = list(
        db.session.scalars(
            sa.select(Subscriber).where(Subscriber.id.in_(claimed)).order_by(Subscriber.id)
        )
    )
    texts = _Texts(release)
    # Links are built as in a request to the public site (a job has no request).
    with (
        contextlib.nullcontext()
        if has_request_context()
        else current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"])
    ):
        messages = [(s.id, _alert(release, s, texts)) for s in subscribers]
    db.session.commit()  # the claim holds; nothing is locked while the mail server talks
    sent: list[int] = []
    failure: Exception | None = None
    try:
        with notifications.connection() as deliver:
            for subscriber_id, message in messages:
                deliver(message)
                sent.append(subscriber_id)
    except (OSError, smtplib.SMTPException) as exc:
        failure = exc
        log.warning(
            "alerts of release %s: %d of %d sent, then: %s",
            release_id,
            len(sent),
            len(messages),
            exc,
        )
    done = clock.now()
    if sent:
        db.session.execute(
            sa.update(AlertDelivery)
            .where(AlertDelivery.release_id == release_id, AlertDelivery.subscriber_id.in_(sent))
            .values(sent_at=done)
            .execution_options(synchronize_session=False)
        )
    unsent = [i for i in claimed if i not in set(sent)]
    if unsent:
        db.session.execute(
            sa.update(AlertDelivery)
            .where(AlertDelivery.release_id == release_id, AlertDelivery.subscriber_id.in_(unsent))
            .values(claimed_at=None)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    if failure is not None:
        raise failure


# --- the alert message --------------------------------------------------------------------


class _Texts:
    """A release's text per language, read once per batch from the stored pages."""

    def __init__(self, release: Release) -> None:
        self.release = release
        self.artifacts = {(a.lang, a.kind): a for a in release.artifacts}
        self.languages = sorted({a.lang for a in release.artifacts})
        self._cache: dict[str, str] = {}

    def text(self, lang: str) -> str:
        if lang not in self._cache:
            from pressroom.rendering.mailtext import release_text
            from pressroom.services import storage

            artifact = self.artifacts[(lang, ArtifactKind.html)]
            page = storage.read_bytes(artifact.sha256, "html").decode("utf-8")
            self._cache[lang] = release_text(page)
        return self._cache[lang]

    def title(self, lang: str) -> str:
        artifact = self.artifacts.get((lang, ArtifactKind.html))
        return artifact.title if artifact is not None and artifact.title else self.release.title

    def pdf(self, lang: str) -> Artifact | None:
        return self.artifacts.get((lang, ArtifactKind.pdf))


def alert_languages(release_languages: list[str], chosen: list[str], source: str) -> list[str]:
    """The subscriber's chosen languages the release has, in their order; when it has none
    of them, the release's source language (or its first)."""
    found = [code for code in chosen if code in release_languages]
    if found:
        return found
    return [source if source in release_languages else release_languages[0]]


def _alert(release: Release, subscriber: Subscriber, texts: _Texts) -> Any:
    from pressroom.i18n import format_size

    langs = alert_languages(
        texts.languages, list(subscriber.languages), release.statement.source_language
    )
    frame = ui_language(subscriber.languages)
    slug = release.statement.slug
    unsubscribe = _url("alerts.unsubscribe", lang=frame, token=unsubscribe_token(subscriber))
    with force_locale(frame):
        parts = []
        for lang in langs:
            page = _url("public.release_page", lang=lang, slug=slug)
            lines = [
                texts.title(lang),
                "=" * min(len(texts.title(lang)), 72),
                "",
                texts.text(lang),
                "",
                _("Read it online: %(url)s", url=page),
            ]
            pdf = texts.pdf(lang)
            if pdf is not None:
                lines.append(
                    _(
                        "PDF (%(size)s): %(url)s",
                        size=format_size(pdf.size),
                        url=_url("public.release_pdf", lang=lang, slug=slug),
                    )
                )
            parts.append("\n".join(lines))
        others = [code for code in texts.languages if code not in langs]
        footer = []
        if not set(langs) & set(subscriber.languages):
            footer.append(_("This release is not available in the languages you chose."))
        if others:
            footer.append(_("Also available in: %(languages)s.", languages=", ".join(others)))
        footer += [
            "--",
            _(
                "You receive this because you subscribed to press release alerts "
                "at %(site)s. Unsubscribe with one click: %(url)s",
                site=current_app.config["PUBLIC_BASE_URL"],
                url=unsubscribe,
            ),
        ]
        title = texts.title(langs[0])
        subject = _("Correction: %(title)s", title=title) if release.version > 1 else title
    body = "\n\n\n".join(parts) + "\n\n" + "\n".join(footer) + "\n"
    return notifications.compose(
        [subscriber.email],
        subject,
        body,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"press releases <alerts.{notifications.mail_domain()}>",
            "Auto-Submitted": "auto-generated",
            "Precedence": "bulk",
        },
    )
