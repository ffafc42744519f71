"""Submitting for review and approving. An approval binds to the whole release bundle
(domain.bundle: source, every translation, languages, organizations, time zone, correction
note) and counts only while that bundle hash is the statement's current one; any later
change dismisses it without touching it (approvals are append-only), and the matrix shows
it as dismissed."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.bundle import Change
from pressroom.domain.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    StaleBundle,
    StaleRevision,
    ValidationFailed,
)
from pressroom.domain.permissions import (
    Permission,
    can_act_on_statement,
    can_approve_for,
)
from pressroom.models import (
    Approval,
    Decision,
    Revision,
    Statement,
    User,
)
from pressroom.queries import approvals as approval_queries
from pressroom.queries import bundles as bundle_queries
from pressroom.services import audit, bundles, comments, notifications, signing
from pressroom.services.locking import lock_statement


def everyone_approved(statement: Statement) -> bool:
    rows = approval_queries.matrix(statement, bundles.current_hash(statement))
    return bool(rows) and all(row.approved for row in rows)


def refresh_status(
    statement: Statement, actor: User | None = None, before_hash: str | None = None
) -> None:
    """Under review, the state follows the approvals of the current bundle. `actor`: whose
    action caused the change, named in the audit event. `before_hash`: the bundle before
    the actor's change; heads whose approvals of it stop counting are told."""
    if before_hash is not None:
        _tell_dismissed(statement, actor, before_hash)
    if statement.status in (workflow.Status.in_review, workflow.Status.approved):
        before = statement.status
        statement.status = workflow.after_decision(statement.status, everyone_approved(statement))
        if statement.status != before:
            audit.record(
                "statement.status",
                actor=actor,
                obj=statement,
                status=statement.status.value,
                before=before.value,
            )
        db.session.flush()
        if statement.status == workflow.Status.approved and before != statement.status:
            notifications.ready_to_publish(statement, actor)
        if statement.status == workflow.Status.approved:
            # Every approval counts: sign the PDFs by exactly these approvals after the
            # commit (services.signing; nothing when they are signed already).
            signing.request(statement)


def _tell_dismissed(statement: Statement, actor: User | None, before_hash: str) -> None:
    now_hash = bundles.current_hash(statement)
    if now_hash == before_hash:
        return
    dismissed = approval_queries.counting_approvals(statement, before_hash)
    if not dismissed:
        return
    old, new = bundle_queries.get(statement, before_hash), bundles.record(statement)
    changes = bundles.describe(old, new)
    audit.record(
        "statement.approvals_dismissed",
        actor=actor,
        obj=statement,
        organizations=[a.organization.slug for a in dismissed],
        changes=[c.code for c in changes],
    )
    notifications.approvals_dismissed(
        statement, actor, [a.organization_id for a in dismissed], changes
    )


def submit(statement: Statement, actor: User) -> None:
    if not can_act_on_statement(actor, statement, Permission.submit):
        raise PermissionDenied(_("You are not allowed to submit this statement."))
    current = lock_statement(statement)
    statement.status = workflow.transition(statement.status, workflow.Action.submit)
    audit.record("statement.submit", actor=actor, obj=statement, revision=current.number)
    refresh_status(statement, actor)
    notifications.review_requested(statement, actor)


def decide(
    statement: Statement,
    actor: User,
    decision: Decision | str,
    revision_number: int,
    comment: str = "",
    bundle_hash: str | None = None,
) -> Approval:
    """Record a head's decision for their own organization on exactly `revision_number` of
    the source and, when given, exactly the bundle `bundle_hash` (what the head reviewed:
    every language). Without `bundle_hash`, the current bundle is the one decided on."""
    try:
        decision = Decision(decision)
    except ValueError:
        raise ValidationFailed(
            _("The decision must be approve or request_changes."),
            details={"decision": str(decision)},
        ) from None
    if actor.organization_id is None or not can_approve_for(
        actor, statement, actor.organization_id
    ):
        raise PermissionDenied(
            _("Only a head of delegation of a participating organization decides for it.")
        )
    comment = comment.strip()
    if decision == Decision.request_changes and not comment:
        raise ValidationFailed(_("Say which changes you request."), details={"comment": "required"})
    # Lock first, then check state and revision as they are now: a save or a publication
    # racing this decision is ordered entirely before or after it.
    current = lock_statement(statement)
    workflow.transition(statement.status, workflow.Action.decide)
    if current is None or current.number != revision_number:
        if not db.session.scalar(
            sa.select(Revision.id).where(
                Revision.statement_id == statement.id, Revision.number == revision_number
            )
        ):
            raise NotFound(_("Revision %(n)d does not exist.", n=revision_number))
        raise StaleRevision(
            _(
                "Revision %(n)d is no longer the current text (now %(c)d). Review the changes "
                "and decide on the current revision.",
                n=revision_number,
                c=current.number if current else 0,
            ),
            details={"revision": revision_number, "current": current.number if current else None},
        )
    bundle = bundles.record(statement)
    if bundle_hash is not None and bundle_hash != bundle.hash:
        seen = bundle_queries.get(statement, bundle_hash)
        if seen is None:
            raise StaleBundle(
                _("This is not a bundle of this statement. Reload the review page."),
                details={"bundle_hash": bundle_hash, "current": bundle.hash, "changes": []},
            )
        changes = bundles.describe(seen, bundle)
        raise StaleBundle(
            _(
                "The release changed since you reviewed it: %(what)s. Review the changes and "
                "decide on the current version.",
                what=describe_changes(changes),
            ),
            details={
                "bundle_hash": bundle_hash,
                "current": bundle.hash,
                "changes": [{"code": c.code, **c.params} for c in changes],
            },
        )
    own = approval_queries.latest_decisions(statement).get(actor.organization_id)
    if (
        decision == Decision.approve
        and own is not None
        and own.decision == Decision.request_changes
        and own.bundle_hash == bundle.hash
    ):
        # A request for changes holds until a new text addresses it (design.md).
        raise InvalidTransition(
            _(
                "Your organization requested changes to this text. It can be approved once a "
                "new revision addresses them."
            ),
            details={"revision": current.number, "requested_by": own.user_id},
        )
    approval = Approval(
        statement_id=statement.id,
        organization_id=actor.organization_id,
        user_id=actor.id,
        revision_id=current.id,
        content_hash=current.content_hash,
        bundle_hash=bundle.hash,
        decision=decision,
        comment=comment,
    )
    db.session.add(approval)
    db.session.flush()
    audit.record(
        f"statement.{decision.value}",
        actor=actor,
        obj=statement,
        revision=current.number,
        hash=current.content_hash,
        bundle=bundle.hash,
        organization=actor.organization.slug if actor.organization else None,
        comment=comment,
    )
    refresh_status(statement, actor)
    if decision == Decision.request_changes:
        notifications.changes_requested(statement, actor, comment)
        # The request shows in the editor as a thread on the statement, which the press
        # officers answer and resolve there.
        comments.add_comment(statement, actor, comment, kind=comments.KIND_CHANGES_REQUESTED)
    return approval


def describe_changes(changes: list[Change]) -> str:
    """The changes between two bundles in words, in the interface language."""
    from pressroom.i18n import ui_language_name

    words = []
    for change in changes:
        p = change.params
        if change.code == "source":
            words.append(
                _(
                    "the text (revision %(old)s → %(new)s)",
                    old=p.get("old") or "?",
                    new=p.get("new") or "?",
                )
            )
        elif change.code == "translation":
            words.append(_("the %(lang)s translation", lang=ui_language_name(p["lang"])))
        elif change.code == "languages":
            words.append(_("the languages"))
        elif change.code == "organizations":
            words.append(_("the participating organizations"))
        elif change.code == "timezone":
            words.append(_("the time zone"))
        elif change.code == "note":
            words.append(_("the correction note"))
        elif change.code == "photos":
            words.append(_("the photos"))
        elif change.code == "documents":
            words.append(_("the documents"))
        else:
            words.append(_("the version"))
    return ", ".join(words) or _("the release")
