"""Publishing: record a Release of the approved bundle, whose pages and PDFs were rendered
and stored when the bundle was complete (services.bundles). A release is readable when
readers' "now" has passed its public_at; the work due at that moment (alerts, …) is the lift
job's (services/lifting.py). Corrections start version
N+1; withdrawal keeps the page with a notice, and cancels what is still under embargo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _

from pressroom import clock
from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.errors import InvalidTransition, PermissionDenied, ValidationFailed
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.models import (
    Artifact,
    ArtifactKind,
    BundleRecord,
    Release,
    ReleaseOrganization,
    RenderStatus,
    Revision,
    RevisionKind,
    Statement,
    Translation,
    User,
)
from pressroom.queries import approvals as approval_queries
from pressroom.queries import releases
from pressroom.queries import translations as translation_queries
from pressroom.services import (
    approvals,
    audit,
    bundles,
    effects,
    lifting,
    media,
    notifications,
    published_tree,
    signing,
)
from pressroom.services.locking import lock_statement
from pressroom.services.statements import bundle_changed, unique_public_slug

SHORT_HASH = bundles.SHORT_HASH


def languages_of(statement: Statement) -> list[str]:
    return [statement.source_language, *statement.target_languages]


def readiness_problems(statement: Statement) -> list[str]:
    """Everything that stands between this statement and publication, in words."""
    problems = []
    # The approvals of the current text decide, whatever the stored state says.
    lang = str(get_locale() or "en")
    missing = [
        row.organization.short_name(lang)
        for row in approval_queries.matrix(statement, bundles.current_hash(statement))
        if not row.approved
    ]
    if missing:
        problems.append(_("Not yet approved by: %(orgs)s.", orgs=", ".join(missing)))
    for lang, state in translation_queries.status_by_language(statement).items():
        if state == "missing":
            problems.append(_("The %(lang)s translation is missing.", lang=lang))
        elif state == "in_progress":
            problems.append(_("The %(lang)s translation is incomplete.", lang=lang))
        elif state == "outdated":
            problems.append(
                _("The %(lang)s translation is outdated: the source changed since.", lang=lang)
            )
    return problems


def translation_content(statement: Statement, lang: str) -> dict[str, Any] | None:
    translation = db.session.scalar(
        sa.select(Translation).where(
            Translation.statement_id == statement.id, Translation.lang == lang
        )
    )
    if translation is None or translation.current_revision is None:
        return None
    return translation.current_revision.content


def latest_release(statement: Statement) -> Release | None:
    return db.session.scalar(
        sa.select(Release)
        .where(Release.statement_id == statement.id, Release.cancelled_at.is_(None))
        .order_by(Release.version.desc())
        .limit(1)
    )


def check_embargo(embargo_until: dt.datetime | None, now: dt.datetime) -> None:
    """The one embargo rule, for the form and the API alike: with its time zone, in the
    future, within the next five years."""
    if embargo_until is None:
        return
    if embargo_until.tzinfo is None:
        raise ValidationFailed(
            _("Give the embargo time with its timezone."),
            details={"embargo_until": "timezone required"},
        )
    # Years first: a far date (9999) cannot even be compared after adding a timedelta.
    if not now.year - 1 <= embargo_until.year <= now.year + 5 or embargo_until > now + dt.timedelta(
        days=5 * 366
    ):
        raise ValidationFailed(
            _("An embargo lies within the next five years."),
            details={"embargo_until": "out of range"},
        )
    if embargo_until <= now:
        raise ValidationFailed(
            _("The embargo must be in the future."), details={"embargo_until": "in the past"}
        )


def _rendered_bundle(statement: Statement) -> BundleRecord:
    """The current bundle with every language's files; refuses (and queues the render
    again) when they are not stored yet."""
    bundle = bundles.record(statement)
    if bundles.files_complete(bundle):
        return bundle
    if bundle.render_status == RenderStatus.failed:
        reason = bundle.render_error
        bundles.request_render(bundle)
        raise InvalidTransition(
            _(
                "Preparing the PDFs failed (%(reason)s). They are being prepared again: publish "
                "in a moment.",
                reason=reason,
            ),
            details={"render": "failed", "reason": reason},
        )
    if bundle.render_status != RenderStatus.pending:
        bundles.request_render(bundle)
    raise InvalidTransition(
        _(
            "The pages and PDFs of this version are still being prepared. "
            "Publish again in a moment."
        ),
        details={"render": "pending"},
    )


def publish(
    statement: Statement, actor: User, *, embargo_until: dt.datetime | None = None
) -> Release:
    """Publish the approved bundle now, or schedule it for `embargo_until` (aware). Renders
    nothing: the bundle's files were stored when it was complete."""
    if not can_act_on_statement(actor, statement, Permission.publish):
        raise PermissionDenied(_("You are not allowed to publish this statement."))
    # One publication at a time per statement: a second click waits, then finds it published.
    lock_statement(statement)
    now = clock.now()
    check_embargo(embargo_until, now)
    scheduled = embargo_until is not None
    workflow.transition(
        statement.status, workflow.Action.schedule if scheduled else workflow.Action.publish
    )
    problems = readiness_problems(statement)
    if problems:
        raise InvalidTransition(" ".join(problems), details={"missing": problems})
    bundle = _rendered_bundle(statement)
    signed = signing.signed_for_publication(statement, bundle)
    revision = statement.current_revision
    assert revision is not None
    if statement.slug is None:
        statement.slug = unique_public_slug(
            revision.content["title"], revision.content["dateline_date"]
        )
    release = Release(
        statement_id=statement.id,
        version=statement.version,
        revision_id=revision.id,
        source_hash=revision.content_hash,
        bundle_hash=bundle.hash,
        title=revision.content["title"],
        published_by_id=actor.id,
        release_date=dt.date.fromisoformat(revision.content["dateline_date"]),
        timezone=bundle.parts["timezone"],
        public_at=embargo_until if scheduled else now,
        correction_note=bundle.parts["correction_note"],
    )
    # Frozen at publication: who issued it and what it consists of.
    release.authors = [
        ReleaseOrganization(organization=org, position=position)
        for position, org in enumerate(statement.organizations)
    ]
    # The PDFs published, hashed and verified are the signed ones when this installation signs.
    signed_pdfs = signed.files if signed is not None else {}
    release.artifacts = [
        Artifact(
            **{
                **f.file_fields(),
                **(
                    {"sha256": signed_pdfs[f.lang]["sha256"], "size": signed_pdfs[f.lang]["size"]}
                    if f.kind == ArtifactKind.pdf and f.lang in signed_pdfs
                    else {}
                ),
            }
        )
        for f in bundle.files
    ]
    release.signers = list(signed.signers) if signed is not None else None
    db.session.add(release)
    db.session.flush()
    media.freeze(release, bundle)  # the approved photos and documents, frozen
    previous = db.session.scalar(
        sa.select(Release)
        .where(
            Release.statement_id == statement.id,
            Release.version < release.version,
            Release.cancelled_at.is_(None),
        )
        .order_by(Release.version.desc())
        .limit(1)
    )
    if previous is not None:
        previous.superseded_by_id = release.id
    statement.status = workflow.Status.scheduled if scheduled else workflow.Status.published
    db.session.flush()
    effects.after_commit(releases.forget, statement.slug)
    lifting.schedule(release)  # alerts and other lift effects, now or at the embargo
    published_tree.changed(statement.id)
    audit.record(
        "statement.schedule" if scheduled else "statement.publish",
        actor=actor,
        obj=statement,
        version=release.version,
        revision=revision.number,
        hash=release.source_hash,
        bundle=bundle.hash,
        slug=statement.slug,
        public_at=release.public_at.isoformat(),
        artifacts={f"{a.lang}.{a.kind.value}": a.sha256 for a in release.artifacts},
    )
    notifications.published(statement, actor, release)
    return release


def _is_lead(actor: User, statement: Statement) -> bool:
    lead = statement.lead_organization
    return lead is not None and actor.organization_id == lead.id


def cancel_schedule(statement: Statement, actor: User) -> None:
    """Only the lead organization cancels. The scheduled release is deleted (the audit log
    keeps its record), so its version number is reused cleanly by the next publication."""
    if not (
        can_act_on_statement(actor, statement, Permission.publish) and _is_lead(actor, statement)
    ):
        raise PermissionDenied(
            _("Only the lead organization's press officers and heads cancel a publication.")
        )
    lock_statement(statement)
    workflow.transition(statement.status, workflow.Action.cancel_schedule)
    release = latest_release(statement)
    if release is None or release.public_at <= clock.now():
        raise InvalidTransition(_("The embargo has passed: the release is public already."))
    db.session.execute(
        sa.update(Release)
        .where(Release.statement_id == statement.id, Release.superseded_by_id == release.id)
        .values(superseded_by_id=None)
    )
    audit.record(
        "statement.cancel_schedule",
        actor=actor,
        obj=statement,
        version=release.version,
        bundle=release.bundle_hash,
        public_at=release.public_at.isoformat(),
    )
    db.session.delete(release)
    statement.status = workflow.Status.approved
    db.session.flush()
    approvals.refresh_status(statement, actor)
    published_tree.changed(statement.id)
    if statement.slug:
        effects.after_commit(releases.forget, statement.slug)


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
            _("This release is still under embargo: cancel the schedule, then edit the text.")
        )
    lock_statement(statement)
    before = bundles.current_hash(statement)
    statement.status = next_status
    statement.version += 1
    statement.correction_note = note
    published = db.session.get(Revision, release.revision_id) if release else None
    current = statement.current_revision
    assert current is not None  # revision 1 exists from creation on
    revision = Revision(
        statement_id=statement.id,
        number=current.number + 1,
        parent_id=current.id,
        kind=RevisionKind.correction,
        author_id=actor.id,
        organization_id=actor.organization_id,
        content=dict((published or current).content),
        content_hash=(published or current).content_hash,
    )
    db.session.add(revision)
    db.session.flush()
    statement.current_revision = revision
    audit.record(
        "statement.correct", actor=actor, obj=statement, version=statement.version, note=note
    )
    bundle_changed(statement, actor, before)
    return revision


def withdraw(statement: Statement, actor: User, notice: str) -> Release:
    """Only the lead organization's head withdraws. Public versions keep their page with the
    notice; a version still under embargo is cancelled and never becomes public."""
    if not (
        can_act_on_statement(actor, statement, Permission.withdraw) and _is_lead(actor, statement)
    ):
        raise PermissionDenied(_("Only the lead organization's head of delegation withdraws."))
    lock_statement(statement)
    next_status = workflow.transition(statement.status, workflow.Action.withdraw)
    notice = notice.strip()
    if not notice:
        raise ValidationFailed(_("Give the withdrawal notice."), details={"notice": "required"})
    now = clock.now()
    latest = latest_release(statement)
    assert latest is not None  # published or scheduled implies a release
    for release in db.session.scalars(
        sa.select(Release).where(
            Release.statement_id == statement.id, Release.cancelled_at.is_(None)
        )
    ):
        if release.public_at > now:
            release.cancelled_at = now  # never public
        release.withdrawn_at = now
        release.withdrawal_notice = notice
    statement.status = next_status
    db.session.flush()
    if statement.slug:
        effects.after_commit(releases.forget, statement.slug)
    published_tree.changed(statement.id)
    audit.record(
        "statement.withdraw",
        actor=actor,
        obj=statement,
        version=latest.version,
        notice=notice,
        cancelled=latest.cancelled_at is not None,
    )
    return latest
