"""Creating statements and saving revisions, with three-way merging of concurrent saves.

A save names the revision it started from. If the statement moved on meanwhile, the
save is merged against that base; a clean merge becomes a "merge" revision, an
overlapping one is kept as the user's pending version and reported as conflicts, so
nobody's text is ever written over or lost.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from flask_babel import gettext as _

from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.content import SOURCE_FIELDS, content_hash
from pressroom.domain.errors import NotFound, PermissionDenied, ValidationFailed
from pressroom.domain.merge import FieldConflict, SaveOutcome, merge3, resolve_choices
from pressroom.domain.permissions import Permission, can_act_on_statement, has_permission
from pressroom.domain.validation import validate_content
from pressroom.models import (
    Organization,
    Participant,
    PendingRevision,
    Revision,
    RevisionKind,
    Statement,
    TargetLanguage,
    User,
)
from pressroom.queries.statements import get_revision, pending_for
from pressroom.services import audit, bundles, notifications
from pressroom.services.locking import lock_statement
from pressroom.services.organizations import validate_locale

EDITABLE_FIELDS = tuple(SOURCE_FIELDS)


@dataclass(frozen=True)
class SaveResult(SaveOutcome):
    revision: Revision | None  # None when nothing changed or on conflict
    merged_with: Revision | None = None  # the concurrent revision this save was merged with
    conflicts: tuple[FieldConflict, ...] = ()
    pending: PendingRevision | None = None
    languages_changed: bool = False  # the target languages given with the save were new


def _known_slugs() -> dict[str, Organization]:
    return {o.slug: o for o in db.session.scalars(sa.select(Organization))}


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "statement"


def unique_public_slug(title: str, date: str) -> str:
    """A slug for a first publication: from the published title and date. On a collision
    with another statement's public slug a random suffix is added, so the suffix tells
    nobody how many other statements exist."""
    base = slugify(f"{date}-{title}")
    slug = base
    while db.session.scalar(sa.select(Statement.id).where(Statement.slug == slug)):
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def _languages(source: str, targets: list[str]) -> tuple[str, list[str]]:
    source = validate_locale(source)
    cleaned: list[str] = []
    for lang in targets:
        code = validate_locale(lang)
        if code != source and code not in cleaned:
            cleaned.append(code)
    return source, cleaned


def _valid_timezone(name: str) -> str:
    """An IANA zone ("Asia/Almaty"): embargo times and publication dates are shown in it."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(
            _("Unknown time zone %(name)s, e.g. Asia/Almaty or Europe/Vienna.", name=name),
            details={"timezone": name},
        ) from None
    return name


def _sync_participants(
    statement: Statement, slugs: tuple[str, ...], known: dict[str, Organization]
) -> None:
    """Participants mirror the content's organization list (the first is the lead)."""
    existing = {p.organization_id: p for p in statement.participants}
    wanted = [known[s] for s in slugs]
    for position, org in enumerate(wanted):
        if org.id in existing:
            existing.pop(org.id).position = position
        else:
            statement.participants.append(Participant(organization=org, position=position))
    for gone in existing.values():
        statement.participants.remove(gone)
    statement.participants.sort(key=lambda p: p.position)


def create_statement(
    actor: User,
    data: dict[str, Any],
    *,
    source_language: str = "en",
    target_languages: list[str] | None = None,
    timezone: str = "UTC",
) -> Statement:
    """A new draft with revision 1. The actor's organization takes part, first (lead)."""
    if not has_permission(actor, Permission.create_statement) or actor.organization is None:
        raise PermissionDenied(_("You are not allowed to create statements."))
    data = dict(data)
    orgs = (
        [s for s in data.get("organizations") or [] if s != actor.organization.slug]
        if isinstance(data.get("organizations"), list)
        else data.get("organizations")
    )
    data["organizations"] = [actor.organization.slug, *orgs] if isinstance(orgs, list) else orgs
    known = _known_slugs()
    content = validate_content(data, set(known))
    source, targets = _languages(source_language, target_languages or [])
    timezone = _valid_timezone(timezone)
    # No slug yet: the public one is made from the published title (services.publishing).
    statement = Statement(
        key=secrets.token_hex(12), source_language=source, timezone=timezone, created_by=actor
    )
    statement.languages = [TargetLanguage(lang=lang) for lang in targets]
    _sync_participants(statement, content.organizations, known)
    db.session.add(statement)
    db.session.flush()
    revision = _append_revision(statement, actor, content.to_dict(), RevisionKind.edit, None)
    audit.record("statement.create", actor=actor, obj=statement, revision=revision.number)
    bundles.record(statement)
    notifications.translation_needed(statement, actor, targets)
    return statement


def _append_revision(
    statement: Statement,
    actor: User,
    content: dict[str, Any],
    kind: RevisionKind,
    parent: Revision | None,
    merged_with: Revision | None = None,
) -> Revision:
    revision = Revision(
        statement_id=statement.id,
        number=(parent.number + 1) if parent else 1,
        parent_id=parent.id if parent else None,
        kind=kind,
        author_id=actor.id,
        organization_id=actor.organization_id,
        content=content,
        content_hash=content_hash(content),
        merged_with_id=merged_with.id if merged_with else None,
    )
    db.session.add(revision)
    db.session.flush()
    statement.current_revision = revision
    db.session.flush()
    return revision


def check_editable(statement: Statement, actor: User) -> None:
    if not can_act_on_statement(actor, statement, Permission.edit_statement):
        raise PermissionDenied(_("You are not allowed to edit this statement."))
    workflow.transition(statement.status, workflow.Action.edit)


def check_participants(actor: User, before: list[str], after: list[str]) -> None:
    """Who takes part is the lead organization's decision: the lead stays first, only its
    people add or remove organizations, and nobody removes their own."""
    own = actor.organization.slug if actor.organization else None
    if own not in after:
        raise ValidationFailed(
            _("Your own organization must stay among the participants."),
            details={"organizations": "own organization removed"},
        )
    if after[:1] != before[:1]:
        raise PermissionDenied(_("The lead organization of a statement cannot change."))
    if set(after) != set(before) and own != before[0]:
        raise PermissionDenied(
            _("Only the lead organization changes which organizations take part.")
        )


def save(
    statement: Statement,
    actor: User,
    base_number: int,
    changes: dict[str, Any],
    *,
    target_languages: list[str] | None = None,
    resolving: bool = False,
) -> SaveResult:
    """Save `changes` (fields left out stay as in the base revision) made from revision
    `base_number`. Returns the new revision, or the conflicts and the kept pending text.
    `target_languages`: saved with the content, all or nothing: a conflicting text saves
    neither (the request's one transaction holds both).
    `resolving`: this save resolves the actor's conflict, so their pending text is done."""
    check_editable(statement, actor)
    targets = (
        None
        if target_languages is None
        else _languages(statement.source_language, target_languages)[1]
    )
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s", names=", ".join(sorted(unknown))),
            details=dict.fromkeys(sorted(unknown), "unknown field"),
        )
    current = lock_statement(statement)
    base = current if base_number == current.number else get_revision(statement, base_number)
    known = _known_slugs()
    mine = validate_content({**base.content, **changes}, set(known)).to_dict()
    check_participants(actor, base.content["organizations"], mine["organizations"])
    if mine["organizations"][:1] != current.content["organizations"][:1]:
        raise PermissionDenied(_("The lead organization of a statement cannot change."))
    merged_with = None
    if base.id != current.id:
        merged = merge3(base.content, mine, current.content, SOURCE_FIELDS)
        if not merged.clean:
            pending = keep_pending(statement, actor, base, mine)
            audit.record(
                "statement.conflict",
                actor=actor,
                obj=statement,
                base=base.number,
                current=current.number,
                fields=[c.field for c in merged.conflicts],
            )
            return SaveResult(None, conflicts=merged.conflicts, pending=pending)
        mine = validate_content(merged.content, set(known)).to_dict()
        merged_with = current
    if resolving:
        discard_pending(statement, actor)
    content_changed = content_hash(mine) != current.content_hash
    if targets is not None and set(targets) == set(statement.target_languages):
        targets = None  # the same languages (in any order): nothing to change
    if not content_changed and targets is None:
        return SaveResult(None)  # nothing to write: no bundle hash to compute under the lock
    before = bundles.current_hash(statement)
    result = SaveResult(None)
    if content_changed:
        result = _commit_revision(
            statement, actor, mine, current, merged_with, known, follow_bundle=False
        )
    languages_changed = targets is not None and _apply_languages(statement, actor, targets)
    if result.revision is not None or languages_changed:
        bundle_changed(statement, actor, before)
    return SaveResult(
        result.revision, merged_with=result.merged_with, languages_changed=languages_changed
    )


def resolve_conflict(
    statement: Statement,
    actor: User,
    theirs_number: int,
    chosen: dict[str, str],
    edited: dict[str, str],
) -> SaveResult:
    """Resolve the actor's pending (conflicting) version against revision `theirs_number`:
    per conflicting field the choice in `chosen` ("mine", "theirs" or "edit" with the text
    in `edited`; domain.merge.resolve_choices says which are valid), then save it as a
    resolution. A missing or invalid choice raises ValidationFailed with details per field;
    the save may conflict again if someone saved meanwhile."""
    check_editable(statement, actor)
    pending = pending_for(statement, actor)
    if pending is None:
        raise NotFound(_("You have no unsaved conflicting version."))
    theirs = get_revision(statement, theirs_number)
    base = db.session.get(Revision, pending.base_revision_id)
    assert base is not None  # ON DELETE CASCADE: a pending version outlives no revision
    result = merge3(base.content, pending.content, theirs.content, SOURCE_FIELDS)
    content = resolve_choices(result, SOURCE_FIELDS, chosen, edited)
    return save(statement, actor, theirs.number, content, resolving=True)


def _commit_revision(
    statement: Statement,
    actor: User,
    content: dict[str, Any],
    current: Revision,
    merged_with: Revision | None,
    known: dict[str, Organization],
    kind: RevisionKind | None = None,
    *,
    follow_bundle: bool = True,
) -> SaveResult:
    kind = kind or (RevisionKind.merge if merged_with else RevisionKind.edit)
    before = bundles.current_hash(statement) if follow_bundle else ""
    statement.status = workflow.transition(statement.status, workflow.Action.edit)
    _sync_participants(statement, tuple(content["organizations"]), known)
    revision = _append_revision(statement, actor, content, kind, current, merged_with)
    audit.record(
        f"statement.{kind.value}",
        actor=actor,
        obj=statement,
        revision=revision.number,
        hash=revision.content_hash,
        merged_with=merged_with.number if merged_with else None,
    )
    notifications.source_changed(statement, actor, current.content, content)
    if follow_bundle:
        bundle_changed(statement, actor, before)
    return SaveResult(revision, merged_with=merged_with)


def bundle_changed(statement: Statement, actor: User, before: str) -> None:
    """After a change to any part of the release bundle: record the new bundle (its render
    is queued once complete), follow the approvals, and tell heads whose approvals of the
    bundle `before` stopped counting."""
    from pressroom.services import approvals  # approvals depend on statements, not vice versa

    bundles.record(statement)
    approvals.refresh_status(statement, actor, before)


def restore(statement: Statement, actor: User, number: int) -> SaveResult:
    """Save an old revision's content again as a new revision (history stays intact)."""
    check_editable(statement, actor)
    current = lock_statement(statement)
    old = get_revision(statement, number)
    if old.content_hash == current.content_hash:
        return SaveResult(None)
    check_participants(actor, current.content["organizations"], old.content["organizations"])
    return _commit_revision(
        statement, actor, dict(old.content), current, None, _known_slugs(), RevisionKind.restore
    )


def keep_pending(
    statement: Statement, actor: User, base: Revision, content: dict[str, Any]
) -> PendingRevision:
    pending = pending_for(statement, actor)
    if pending is None:
        pending = PendingRevision(
            statement_id=statement.id, user_id=actor.id, base_revision_id=base.id, content=content
        )
        db.session.add(pending)
    else:
        pending.base_revision_id, pending.content = base.id, content
    db.session.flush()
    return pending


def discard_pending(statement: Statement, actor: User) -> None:
    pending = pending_for(statement, actor)
    if pending is not None:
        db.session.delete(pending)
        db.session.flush()


def _apply_languages(statement: Statement, actor: User, cleaned: list[str]) -> bool:
    """Set checked target languages (statement locked); False when they are the same."""
    if cleaned == statement.target_languages:
        return False
    added = [lang for lang in cleaned if lang not in statement.target_languages]
    statement.languages = [TargetLanguage(lang=lang) for lang in cleaned]
    statement.status = workflow.transition(statement.status, workflow.Action.edit)
    db.session.flush()
    audit.record("statement.languages", actor=actor, obj=statement, languages=cleaned)
    notifications.translation_needed(statement, actor, added)
    return True
