"""Embargoed access for accredited journalists.

Each organization keeps an accreditation list (name, e-mail, outlet, language), managed by
its press officers and heads (and admins). While a statement's release is scheduled under
embargo, the press officers of its participating organizations invite journalists from
their organization's list: each gets a personal link made of a random token, of which only
the SHA-256 is stored (a lost database copy opens nothing; revoking is a column). The link
shows the release page and a PDF stamped "EMBARGOED UNTIL <time, zone>" with the
journalist's name, in every language of the release; every use is logged (a job, after
the request's commit: the page view itself writes nothing). After the embargo the link
leads to the public release; EMBARGO_LINK_DAYS later it is refused; a revoked, cancelled or
withdrawn release's link is refused at once.

Stamped PDFs: re-rendered from the approved bundle's own documents with the stamp, by the
rendering pool, in a job queued with the invitation (one per language), stored through
the storage interface. They are tagged PDF/UA like every release PDF, and deliberately
neither signed nor published: their hashes are not release artifacts, so the verify page
does not vouch for a personal copy (docs/architecture.md, "Embargoed access")."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager, selectinload

from pressroom import clock
from pressroom.config import public_url
from pressroom.db import db
from pressroom.domain.errors import InvalidTransition, PermissionDenied, ValidationFailed
from pressroom.domain.permissions import (
    Permission,
    can_act_on_statement,
    can_manage_accreditations_of,
)
from pressroom.domain.validation import clean_text
from pressroom.models import (
    AccessKind,
    Accreditation,
    ArtifactKind,
    BundleRecord,
    EmbargoAccess,
    EmbargoCopy,
    EmbargoInvitation,
    Organization,
    Release,
    Statement,
    User,
)
from pressroom.services import audit, effects, notifications, storage
from pressroom.services.accounts import normalize_email

# --- the accreditation list ---------------------------------------------------------------


def accreditations(org: Organization) -> list[Accreditation]:
    return list(
        db.session.scalars(
            sa.select(Accreditation)
            .where(Accreditation.organization_id == org.id)
            .order_by(sa.func.lower(Accreditation.name), Accreditation.id)
        )
    )


def _check_manage(actor: User | None, organization_id: int) -> None:
    if not can_manage_accreditations_of(actor, organization_id):
        raise PermissionDenied(
            _("You may manage only your own organization's accredited journalists.")
        )


def add_accreditation(
    org: Organization, *, name: str, email: str, outlet: str, language: str = "", actor: User
) -> Accreditation:
    """One journalist on `org`'s list; an address appears once per organization."""
    _check_manage(actor, org.id)
    if not (name or "").strip():
        raise ValidationFailed(_("Enter the journalist's name."), details={"name": "required"})
    name = clean_text(name, field="name", limit=200)
    if not (email or "").strip():
        raise ValidationFailed(
            _("Enter the journalist's e-mail address."), details={"email": "required"}
        )
    address = normalize_email(email)
    if not (outlet or "").strip():
        raise ValidationFailed(
            _("Enter the outlet the journalist writes for."), details={"outlet": "required"}
        )
    outlet = clean_text(outlet, field="outlet", limit=200)
    language = (language or "").strip()
    if language and language not in current_app.config["LANGUAGES"]:
        raise ValidationFailed(
            _("Choose one of the languages offered."), details={"language": language[:16]}
        )
    exists = db.session.scalar(
        sa.select(Accreditation.id).where(
            Accreditation.organization_id == org.id, Accreditation.email == address
        )
    )
    if exists is not None:
        raise ValidationFailed(
            _("%(email)s is on the list already.", email=address), details={"email": "duplicate"}
        )
    row = Accreditation(
        organization_id=org.id,
        name=name,
        email=address,
        outlet=outlet,
        language=language,
        created_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record("accreditation.add", actor=actor, obj=row, organization=org.slug, email=address)
    return row


def remove_accreditation(row: Accreditation, actor: User) -> None:
    """Off the list; invitations already sent keep their copy of the name and address."""
    _check_manage(actor, row.organization_id)
    audit.record("accreditation.remove", actor=actor, obj=row, email=row.email)
    db.session.delete(row)
    db.session.flush()


# --- invitations --------------------------------------------------------------------------


def embargoed_release(statement: Statement) -> Release | None:
    """The statement's release still under embargo (scheduled, not cancelled or withdrawn)."""
    return db.session.scalar(
        sa.select(Release)
        .where(
            Release.statement_id == statement.id,
            Release.cancelled_at.is_(None),
            Release.withdrawn_at.is_(None),
            Release.public_at > clock.now(),
        )
        .order_by(Release.version.desc())
        .limit(1)
    )


def invitations(statement: Statement) -> list[EmbargoInvitation]:
    """The statement's links, newest first, with what their rows show (a fixed number of
    queries whatever their number)."""
    return list(
        db.session.scalars(
            sa.select(EmbargoInvitation)
            .where(EmbargoInvitation.statement_id == statement.id)
            .options(
                selectinload(EmbargoInvitation.accesses),
                selectinload(EmbargoInvitation.invited_by),
                selectinload(EmbargoInvitation.organization),
            )
            .order_by(EmbargoInvitation.id.desc())
        )
    )


def accesses(statement: Statement) -> list[EmbargoAccess]:
    """The access log of every link to this statement, newest first (one query)."""
    return list(
        db.session.scalars(
            sa.select(EmbargoAccess)
            .join(EmbargoInvitation)
            .where(EmbargoInvitation.statement_id == statement.id)
            .options(contains_eager(EmbargoAccess.invitation))
            .order_by(EmbargoAccess.id.desc())
        )
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _mail_language(invitation: EmbargoInvitation, release: Release) -> str:
    languages = current_app.config["LANGUAGES"]
    for candidate in (invitation.language, release.statement.source_language):
        if candidate in languages:
            return candidate
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def stamp(release: Release, lang: str) -> str:
    """ "EMBARGOED UNTIL 20 August 2007, 12:00 (Astana, UTC+5)" in `lang` when the interface
    speaks it (else in English): the time in the release's zone."""
    from pressroom.i18n import format_in_zone

    ui = lang if lang in current_app.config["LANGUAGES"] else "en"
    with force_locale(ui):
        return str(
            _("EMBARGOED UNTIL %(when)s", when=format_in_zone(release.public_at, release.timezone))
        )


def recipient_line(invitation: EmbargoInvitation, lang: str) -> str:
    ui = lang if lang in current_app.config["LANGUAGES"] else "en"
    with force_locale(ui):
        return str(
            _(
                "Personal copy for %(name)s (%(outlet)s): do not forward it or "
                "publish before the embargo.",
                name=invitation.name,
                outlet=invitation.outlet,
            )
        )


def invite(
    statement: Statement, actor: User, accreditation_ids: list[int]
) -> list[EmbargoInvitation]:
    """Personal links for journalists of the actor's organization's list, to the release
    scheduled under embargo. Someone already holding a valid link is not invited twice."""
    if not can_act_on_statement(actor, statement, Permission.invite_embargoed):
        raise PermissionDenied(_("You are not allowed to invite journalists to this release."))
    release = embargoed_release(statement)
    if release is None:
        raise InvalidTransition(
            _("Journalists can be invited while the release is scheduled under embargo.")
        )
    if not accreditation_ids:
        raise ValidationFailed(
            _("Choose at least one journalist."), details={"journalists": "required"}
        )
    chosen = list(
        db.session.scalars(
            sa.select(Accreditation).where(
                Accreditation.id.in_(accreditation_ids),
                Accreditation.organization_id == actor.organization_id,
            )
        )
    )
    if len(chosen) != len(set(accreditation_ids)):
        raise ValidationFailed(
            _("Choose journalists from your organization's list."),
            details={"journalists": "unknown"},
        )
    holding = set(
        db.session.scalars(
            sa.select(EmbargoInvitation.email).where(
                EmbargoInvitation.release_id == release.id, EmbargoInvitation.revoked_at.is_(None)
            )
        )
    )
    days = int(current_app.config["EMBARGO_LINK_DAYS"])
    made = []
    for journalist in chosen:
        if journalist.email in holding:
            continue
        token = secrets.token_urlsafe(32)
        invitation = EmbargoInvitation(
            statement_id=statement.id,
            release_id=release.id,
            bundle_hash=release.bundle_hash,
            accreditation_id=journalist.id,
            organization_id=journalist.organization_id,
            token_hash=token_hash(token),
            name=journalist.name,
            email=journalist.email,
            outlet=journalist.outlet,
            language=journalist.language,
            invited_by_id=actor.id,
            expires_at=release.public_at + dt.timedelta(days=days),
        )
        db.session.add(invitation)
        db.session.flush()
        _send_link(invitation, release, token)
        effects.enqueue(render_copies, invitation.id)
        audit.record(
            "embargo.invite",
            actor=actor,
            obj=statement,
            invitation=invitation.id,
            email=invitation.email,
            version=release.version,
        )
        made.append(invitation)
    return made


def _send_link(invitation: EmbargoInvitation, release: Release, token: str) -> None:
    url = public_url(url_for("embargoed.entry", token=token))
    lang = _mail_language(invitation, release)
    title = next((a.title for a in release.artifacts if a.lang == lang), release.title)
    with force_locale(lang):
        from pressroom.i18n import format_in_zone

        when = format_in_zone(release.public_at, release.timezone)
        subject = _("Embargoed until %(when)s: %(title)s", when=when, title=title)
        body = _(
            "Hello %(name)s,\n\n%(org)s gives you this press release before its "
            "embargo:\n\n%(title)s\n\nEMBARGOED UNTIL %(when)s. Do not publish, "
            "broadcast or share it before then.\n\nYour personal link (every use is "
            "logged; do not forward it):\n\n%(url)s\n\nAfter the embargo the same link "
            "leads to the public release.\n",
            name=invitation.name,
            org=invitation.organization.name(lang),
            title=title,
            when=when,
            url=url,
        )
    effects.enqueue(notifications.send, [invitation.email], subject, body)


def revoke(invitation: EmbargoInvitation, actor: User) -> None:
    statement = db.session.get(Statement, invitation.statement_id)
    if statement is None or not can_act_on_statement(actor, statement, Permission.invite_embargoed):
        raise PermissionDenied(_("You are not allowed to revoke this link."))
    if invitation.revoked_at is not None:
        return
    invitation.revoked_at = clock.now()
    invitation.revoked_by_id = actor.id
    db.session.flush()
    audit.record(
        "embargo.revoke",
        actor=actor,
        obj=statement,
        invitation=invitation.id,
        email=invitation.email,
    )


class LinkState(enum.StrEnum):
    embargoed = "embargoed"  # before the embargo: the page and the stamped PDF
    public = "public"  # the embargo lifted: on to the public release
    revoked = "revoked"  # a press officer revoked it
    expired = "expired"  # EMBARGO_LINK_DAYS after the embargo
    withdrawn = "withdrawn"  # the release was withdrawn
    cancelled = "cancelled"  # the schedule was cancelled: this text will not be published


@dataclass(frozen=True)
class Link:
    state: LinkState
    invitation: EmbargoInvitation
    release: Release | None


def status(invitation: EmbargoInvitation, now: dt.datetime | None = None) -> str:
    """What the press officers see: revoked, expired, opened or sent."""
    now = now or clock.now()
    if invitation.revoked_at is not None:
        return "revoked"
    if now >= invitation.expires_at:
        return "expired"
    return "opened" if invitation.accesses else "sent"


def resolve(token: str) -> Link | None:
    """The link's invitation and what it may show now; None when no link has this token."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(
        sa.select(EmbargoInvitation).where(EmbargoInvitation.token_hash == token_hash(token))
    )
    if invitation is None:
        return None
    release = db.session.get(Release, invitation.release_id) if invitation.release_id else None
    if release is not None and release.bundle_hash != invitation.bundle_hash:
        release = None  # not the text this link was given for
    now = clock.now()
    if invitation.revoked_at is not None:
        state = LinkState.revoked
    elif release is not None and release.withdrawn_at is not None:
        state = LinkState.withdrawn
    elif release is None or release.cancelled_at is not None:
        state = LinkState.cancelled
    elif now >= invitation.expires_at:
        state = LinkState.expired
    elif now >= release.public_at:
        state = LinkState.public
    else:
        state = LinkState.embargoed
    return Link(state, invitation, release)


def log_access(invitation: EmbargoInvitation, kind: str, lang: str) -> None:
    """Queue the access record: written by a job after the request, which itself only reads."""
    effects.enqueue(record_access, invitation.id, kind, lang, clock.now().isoformat())


def record_access(invitation_id: int, kind: str, lang: str, at: str) -> None:
    """Job: one line of the access log."""
    if kind not in (AccessKind.page, AccessKind.pdf):
        raise ValueError(kind)
    if db.session.get(EmbargoInvitation, invitation_id) is None:
        return
    db.session.add(
        EmbargoAccess(
            invitation_id=invitation_id, kind=kind, lang=lang[:16], at=dt.datetime.fromisoformat(at)
        )
    )


# --- the stamped PDFs ---------------------------------------------------------------------


def copy_of(invitation: EmbargoInvitation, lang: str) -> EmbargoCopy | None:
    return next((c for c in invitation.copies if c.lang == lang), None)


def render_copies(invitation_id: int) -> None:
    """Job: the invitation's stamped PDF in every language of its release. Idempotent
    (languages already stored are skipped); nothing is held locked while rendering."""
    from pressroom.rendering import render_pdf, render_release_html
    from pressroom.services import bundles

    invitation = db.session.get(EmbargoInvitation, invitation_id)
    if invitation is None:
        return
    release = db.session.get(Release, invitation.release_id or 0)
    if (
        invitation.revoked_at is not None
        or release is None
        or release.bundle_hash != invitation.bundle_hash
    ):
        return
    row = db.session.scalar(
        sa.select(BundleRecord).where(
            BundleRecord.statement_id == invitation.statement_id,
            BundleRecord.hash == invitation.bundle_hash,
        )
    )
    if row is None:
        return
    done = {c.lang for c in invitation.copies}
    with (
        contextlib.nullcontext()
        if has_request_context()
        else current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"])
    ):
        jobs = [job for job in bundles.release_documents(row) if job["lang"] not in done]
        docs = [
            dataclasses.replace(
                job["doc"],
                embargo_stamp=stamp(release, job["lang"]),
                embargo_recipient=recipient_line(invitation, job["lang"]),
            )
            for job in jobs
        ]
    db.session.rollback()  # end the read transaction: rendering holds nothing
    rendered = []
    for doc in docs:
        pdf = render_pdf(
            render_release_html(doc, for_pdf=True),
            lang=doc.lang,
            title=doc.title,
            author=doc.author,
            subject=doc.dateline,
        )
        digest, size = storage.store(pdf, ArtifactKind.pdf.value)
        rendered.append((doc.lang, digest, size))
    invitation = db.session.get(EmbargoInvitation, invitation_id)
    if invitation is None:
        return
    have = {c.lang for c in invitation.copies}
    for lang, digest, size in rendered:
        if lang not in have:
            invitation.copies.append(EmbargoCopy(lang=lang, sha256=digest, size=size))
