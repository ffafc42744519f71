"""Publishing: render every language once (HTML + tagged PDF), store the files by their
SHA-256, and record a Release. Embargoes need no job runner: a release is public when
readers' "now" has passed its public_at. Corrections start version N+1; withdrawal keeps
the page with a notice."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from pressroom import clock, releases
from pressroom.config import public_url
from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.errors import InvalidTransition, PermissionDenied, ValidationFailed
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.models import (
    Artifact,
    ArtifactKind,
    Release,
    Revision,
    RevisionKind,
    Statement,
    Translation,
    User,
)
from pressroom.rendering import render_pdf, render_release_html
from pressroom.rendering.markdown import render_markdown
from pressroom.services import approvals, audit, documents, storage, translations
from pressroom.services.locking import lock_statement

SHORT_HASH = 12  # characters of the source hash printed on every page of the PDF


def languages_of(statement: Statement) -> list[str]:
    return [statement.source_language, *statement.target_languages]


def readiness_problems(statement: Statement) -> list[str]:
    """Everything that stands between this statement and publication, in words."""
    problems = []
    # The approvals of the current text decide, whatever the stored state says.
    lang = str(get_locale() or "en")
    missing = [row.organization.short_name(lang) for row in approvals.matrix(statement)
               if not row.approved]
    if missing:
        problems.append(_("Not yet approved by: %(orgs)s.", orgs=", ".join(missing)))
    for lang, state in translations.status_by_language(statement).items():
        if state == "missing":
            problems.append(_("The %(lang)s translation is missing.", lang=lang))
        elif state == "in_progress":
            problems.append(_("The %(lang)s translation is incomplete.", lang=lang))
        elif state == "outdated":
            problems.append(_("The %(lang)s translation is outdated: the source changed since.",
                              lang=lang))
    return problems


def translation_content(statement: Statement, lang: str) -> dict[str, Any] | None:
    translation = db.session.scalar(
        sa.select(Translation).where(Translation.statement_id == statement.id,
                                     Translation.lang == lang)
    )
    if translation is None or translation.current_revision is None:
        return None
    return translation.current_revision.content


def latest_release(statement: Statement) -> Release | None:
    return db.session.scalar(
        sa.select(Release).where(Release.statement_id == statement.id,
                                 Release.cancelled_at.is_(None))
        .order_by(Release.version.desc()).limit(1)
    )


def _verify_url(short_hash: str) -> str:
    return public_url(f"/verify/{short_hash}")


def _render_language(statement: Statement, release: Release, revision: Revision, lang: str,
                     vcard_url: Callable[[int], str]) -> dict[str, Any]:
    """Build and lay out one language; returns what the worker threads need."""
    tz = ZoneInfo(statement.timezone) if statement.timezone else dt.UTC
    doc = documents.release_document(
        statement, lang, content=revision.content,
        translation=translation_content(statement, lang) if lang != statement.source_language
        else None,
        preview=False, published_on=release.public_at.astimezone(tz).date(),
        short_hash=release.source_hash[:SHORT_HASH], verify_url=_verify_url(
            release.source_hash[:SHORT_HASH]),
        vcard_url=vcard_url, version=release.version, correction_note=release.correction_note,
    )
    return {
        "lang": lang,
        "doc": doc,
        "html": render_release_html(doc),
        "pdf_html": render_release_html(doc, for_pdf=True),
        "text": " ".join([doc.title, doc.lead, str(render_markdown(doc.body_markdown))]),
    }


def _pdf(job: dict[str, Any]) -> bytes:
    doc = job["doc"]
    return render_pdf(job["pdf_html"], lang=doc.lang, title=doc.title, author=doc.author,
                      subject=doc.dateline)


def publish(statement: Statement, actor: User, *, embargo_until: dt.datetime | None = None
            ) -> Release:
    """Publish now, or schedule for `embargo_until` (timezone-aware)."""
    if not can_act_on_statement(actor, statement, Permission.publish):
        raise PermissionDenied(_("You are not allowed to publish this statement."))
    # One publication at a time per statement: a second click waits, then finds it published.
    lock_statement(statement)
    now = clock.now()
    if embargo_until is not None and embargo_until.tzinfo is None:
        raise ValidationFailed(_("Give the embargo time with its timezone."),
                               details={"embargo_until": "timezone required"})
    if embargo_until is not None and not now.year - 1 <= embargo_until.year <= now.year + 5:
        raise ValidationFailed(_("An embargo lies within the next five years."),
                               details={"embargo_until": "out of range"})
    scheduled = embargo_until is not None and embargo_until > now
    workflow.transition(statement.status,
                        workflow.Action.schedule if scheduled else workflow.Action.publish)
    problems = readiness_problems(statement)
    if problems:
        raise InvalidTransition(" ".join(problems), details={"missing": problems})
    revision = statement.current_revision
    release = Release(
        statement_id=statement.id, version=statement.version, revision_id=revision.id,
        source_hash=revision.content_hash, published_by_id=actor.id,
        public_at=embargo_until if scheduled else now, correction_note=statement.correction_note,
    )
    db.session.add(release)
    db.session.flush()
    slug = statement.slug

    def vcard_url_for(lang: str) -> Callable[[int], str]:
        return lambda index: url_for("public.vcard", lang=lang, slug=slug, version=release.version,
                                     index=index)

    # Links in the stored pages are built like in a request to the public site, also
    # when publishing runs from the command line.
    with (contextlib.nullcontext() if has_request_context() else
          current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"])):
        jobs = [_render_language(statement, release, revision, lang, vcard_url_for(lang))
                for lang in languages_of(statement)]
    # Each PDF renders in its own child process: two at a time use both cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(_pdf, jobs))
    for job, pdf in zip(jobs, pdfs, strict=True):
        for kind, data in ((ArtifactKind.html, job["html"].encode("utf-8")),
                           (ArtifactKind.pdf, pdf)):
            digest, size = storage.store(data, kind.value)
            release.artifacts.append(Artifact(
                lang=job["lang"], kind=kind, sha256=digest, size=size, title=job["doc"].title,
                text=job["text"] if kind == ArtifactKind.html else "",
            ))
    previous = db.session.scalar(
        sa.select(Release).where(Release.statement_id == statement.id,
                                 Release.version < release.version,
                                 Release.cancelled_at.is_(None))
        .order_by(Release.version.desc()).limit(1)
    )
    if previous is not None:
        previous.superseded_by_id = release.id
    statement.status = workflow.Status.scheduled if scheduled else workflow.Status.published
    db.session.flush()
    releases.forget(statement.slug)
    audit.record("statement.schedule" if scheduled else "statement.publish", actor=actor,
                 obj=statement, version=release.version, revision=revision.number,
                 hash=release.source_hash, public_at=release.public_at.isoformat(),
                 artifacts={f"{a.lang}.{a.kind.value}": a.sha256 for a in release.artifacts})
    return release


def cancel_schedule(statement: Statement, actor: User) -> None:
    if not can_act_on_statement(actor, statement, Permission.publish):
        raise PermissionDenied(_("You are not allowed to do this."))
    release = latest_release(statement)
    workflow.transition(statement.status, workflow.Action.cancel_schedule)
    if release is None or release.public_at <= clock.now():
        raise InvalidTransition(_("The embargo has passed: the release is public already."))
    release.cancelled_at = clock.now()
    releases.forget(statement.slug)
    if release.version > 1:
        db.session.execute(sa.update(Release).where(
            Release.statement_id == statement.id, Release.superseded_by_id == release.id
        ).values(superseded_by_id=None))
    statement.status = workflow.Status.approved
    audit.record("statement.cancel_schedule", actor=actor, obj=statement,
                 version=release.version)


def correct(statement: Statement, actor: User, note: str) -> Revision:
    """Start version N+1 as a draft copied from the published text; it needs approval again
    (approvals count per version)."""
    if not can_act_on_statement(actor, statement, Permission.correct):
        raise PermissionDenied(_("You are not allowed to correct this statement."))
    next_status = workflow.transition(statement.status, workflow.Action.correct)
    note = note.strip()
    if not note:
        raise ValidationFailed(_("Say what the correction changes."), details={"note": "required"})
    release = latest_release(statement)
    if release is not None and release.public_at > clock.now():
        # Still under embargo: correcting would leave that text scheduled to go out.
        raise InvalidTransition(
            _("This release is still under embargo: cancel the schedule, then edit the text."))
    statement.status = next_status
    statement.version += 1
    statement.correction_note = note
    published = db.session.get(Revision, release.revision_id) if release else None
    current = statement.current_revision
    revision = Revision(
        statement_id=statement.id, number=current.number + 1, parent_id=current.id,
        kind=RevisionKind.correction, author_id=actor.id, organization_id=actor.organization_id,
        content=dict((published or current).content),
        content_hash=(published or current).content_hash,
    )
    db.session.add(revision)
    db.session.flush()
    statement.current_revision = revision
    audit.record("statement.correct", actor=actor, obj=statement, version=statement.version,
                 note=note)
    return revision


def withdraw(statement: Statement, actor: User, notice: str) -> Release:
    """Only the lead organization's head withdraws; the page stays with the notice."""
    lead = statement.lead_organization
    if not (can_act_on_statement(actor, statement, Permission.withdraw)
            and lead is not None and actor.organization_id == lead.id):
        raise PermissionDenied(_("Only the lead organization's head of delegation withdraws."))
    next_status = workflow.transition(statement.status, workflow.Action.withdraw)
    notice = notice.strip()
    if not notice:
        raise ValidationFailed(_("Give the withdrawal notice."), details={"notice": "required"})
    statement.status = next_status
    release = latest_release(statement)
    assert release is not None  # published or scheduled implies a release
    release.withdrawn_at = clock.now()
    releases.forget(statement.slug)
    release.withdrawal_notice = notice
    audit.record("statement.withdraw", actor=actor, obj=statement, version=release.version,
                 notice=notice)
    return release
