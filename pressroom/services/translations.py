"""Statement translations: one per target language, each with its own immutable revisions
recording the source revision it was made from, saved and merged like source revisions.

Outdated means "the source changed since": a revision stores the hash of the source's
*translatable projection* (title, lead, body, dateline city, each quote's organization,
function and text), and the translation is outdated when that hash differs from the current
source's. A new press contact or phone number therefore outdates nothing, while one
changed word in the body does.

Body paragraphs are translated one by one: paragraph i translates source paragraph i. A
paragraph not yet translated is stored as a numbered placeholder ("[… 2]"), so later ones
keep their place and two translators who split the paragraphs between them merge cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.content import (
    TRANSLATION_FIELDS,
    content_hash,
)
from pressroom.domain.errors import InvalidTransition, PermissionDenied
from pressroom.domain.merge import FieldConflict, SaveOutcome, merge3
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.domain.translation import (
    clean_translation,
    has_content,
    source_hash,
)

# `x as x`: re-exported for the web layer (mypy's no_implicit_reexport).
from pressroom.domain.translation import from_slots as from_slots
from pressroom.domain.translation import missing_items as missing_items
from pressroom.domain.translation import removed_paragraphs as removed_paragraphs
from pressroom.domain.translation import source_changes as source_changes
from pressroom.domain.translation import status_of as status_of
from pressroom.domain.translation import to_slots as to_slots
from pressroom.models import Statement, Translation, TranslationRevision, User
from pressroom.queries.statements import get_revision
from pressroom.queries.translations import (
    get_translation,
    get_translation_revision,
    target_language,
)
from pressroom.services import audit, bundles
from pressroom.services.locking import lock_statement
from pressroom.services.statements import bundle_changed

# --- saving -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult(SaveOutcome):
    translation: Translation
    revision: TranslationRevision | None  # None when nothing changed or on conflict
    current: TranslationRevision | None = None  # what was stored when the save arrived
    merged_with: TranslationRevision | None = None
    conflicts: tuple[FieldConflict, ...] = ()
    content: dict[str, Any] | None = None  # on conflict: merged, theirs where conflicting


def check_translatable(statement: Statement, actor: User, lang: str) -> str:
    if not can_act_on_statement(actor, statement, Permission.translate):
        raise PermissionDenied(_("You are not allowed to translate this statement."))
    lang = target_language(statement, lang)
    if not workflow.is_editable(statement.status):
        raise InvalidTransition(
            _("This statement can no longer be translated in its current state."),
            details={"status": str(statement.status)},
        )
    return lang


def _lock(statement: Statement, lang: str) -> Translation:
    """The translation row (created if needed) with the statement row locked until commit
    (PostgreSQL), so two saves cannot both build on the same revision."""
    lock_statement(statement)
    translation = get_translation(statement, lang)
    if translation is None:
        translation = Translation(statement_id=statement.id, lang=lang)
        db.session.add(translation)
        db.session.flush()
    else:
        db.session.refresh(translation, ["current_revision_id"])
    return translation


def save_translation(
    statement: Statement,
    actor: User,
    lang: str,
    base_number: int | None,
    source_revision_number: int,
    changes: dict[str, Any],
) -> SaveResult:
    """Save `changes` (fields left out stay as in the base) made from translation revision
    `base_number` (None: the first) while reading source revision `source_revision_number`.
    Concurrent saves are merged three-way; overlapping ones return conflicts, saving nothing."""
    lang = check_translatable(statement, actor, lang)
    orgs = {o.slug for o in statement.organizations}
    changes = {k: v for k, v in clean_translation(changes, orgs).items() if k in changes}
    source = get_revision(statement, source_revision_number)
    translation = _lock(statement, lang)
    current = (
        db.session.get(TranslationRevision, translation.current_revision_id)
        if translation.current_revision_id
        else None
    )
    # The empty translation is the common base of two first saves.
    base_content = (
        from_slots({}, source.content)
        if base_number is None
        else get_translation_revision(translation, base_number).content
    )
    mine = clean_translation({**base_content, **changes}, orgs)
    merged_with = None
    if current is not None and (base_number is None or base_number != current.number):
        result = merge3(base_content, mine, current.content, TRANSLATION_FIELDS)
        if not result.clean:
            audit.record(
                "translation.conflict",
                actor=actor,
                obj=translation,
                lang=lang,
                base=base_number,
                current=current.number,
                fields=[c.field for c in result.conflicts],
            )
            return SaveResult(
                translation, None, current, conflicts=result.conflicts, content=result.content
            )
        mine, merged_with = clean_translation(result.content, orgs), current
        if (
            current.source_hash != source_hash(source.content)
            and current.source_revision.number < source.number
        ):
            source = current.source_revision  # parts were translated from the older source
    made_from = source_hash(source.content)
    if (current is None and not has_content(mine)) or (
        current is not None
        and content_hash(mine) == current.content_hash
        and made_from == current.source_hash
    ):
        return SaveResult(translation, None, current)  # nothing to record
    before = bundles.current_hash(statement)
    revision = TranslationRevision(
        translation_id=translation.id,
        number=current.number + 1 if current else 1,
        parent_id=current.id if current else None,
        source_revision_id=source.id,
        source_hash=made_from,
        author_id=actor.id,
        content=mine,
        content_hash=content_hash(mine),
    )
    db.session.add(revision)
    db.session.flush()
    translation.current_revision = revision
    db.session.flush()
    audit.record(
        "translation.merge" if merged_with else "translation.save",
        actor=actor,
        obj=translation,
        lang=lang,
        revision=revision.number,
        source_revision=source.number,
        hash=revision.content_hash,
        merged_with=merged_with.number if merged_with else None,
    )
    # A translation is part of the approved bundle: saving one dismisses approvals.
    statement.status = workflow.transition(statement.status, workflow.Action.edit)
    bundle_changed(statement, actor, before)
    return SaveResult(translation, revision, current, merged_with)
