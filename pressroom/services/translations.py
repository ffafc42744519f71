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

import sqlalchemy as sa
from flask_babel import gettext as _

from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.content import (
    TRANSLATION_FIELDS,
    content_hash,
)
from pressroom.domain.errors import InvalidTransition, NotFound, PermissionDenied
from pressroom.domain.merge import FieldConflict, SaveOutcome, merge3
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.domain.translation import (
    SourceChanges,
    TranslationStatus,
    clean_translation,
    has_content,
    required_items,
    source_hash,
)

# `x as x`: re-exported for the web layer (mypy's no_implicit_reexport).
from pressroom.domain.translation import from_slots as from_slots
from pressroom.domain.translation import missing_items as missing_items
from pressroom.domain.translation import removed_paragraphs as removed_paragraphs
from pressroom.domain.translation import source_changes as source_changes
from pressroom.domain.translation import status_of as status_of
from pressroom.domain.translation import to_slots as to_slots
from pressroom.models import Revision, Statement, Translation, TranslationRevision, User
from pressroom.services import audit, bundles
from pressroom.services.locking import lock_statement
from pressroom.services.statements import bundle_changed, get_revision

# --- reading ------------------------------------------------------------------------------


def target_language(statement: Statement, lang: str) -> str:
    """The statement's own spelling of target language `lang`; 404 for any other language."""
    wanted = lang.strip().replace("-", "_").casefold()
    for code in statement.target_languages:
        if code.casefold() == wanted:
            return code
    raise NotFound(_("This statement is not translated into %(lang)s.", lang=lang))


def get_translation(statement: Statement, lang: str) -> Translation | None:
    lang = target_language(statement, lang)
    return db.session.scalar(sa.select(Translation).where(
        Translation.statement_id == statement.id, Translation.lang == lang))


def get_translation_revision(translation: Translation | None, number: int) -> TranslationRevision:
    found = None if translation is None else db.session.scalar(sa.select(TranslationRevision)
        .where(TranslationRevision.translation_id == translation.id,
               TranslationRevision.number == number))
    if found is None:
        raise NotFound(_("Translation revision %(n)d does not exist.", n=number))
    return found


def _source(statement: Statement) -> Revision:
    assert statement.current_revision is not None  # revision 1 exists from creation on
    return statement.current_revision


@dataclass(frozen=True)
class LanguageReadiness:
    """One row of the readiness matrix."""

    lang: str
    status: TranslationStatus
    revision: TranslationRevision | None  # the translation's current revision
    translated: int  # required items translated (of the current source)
    required: int
    changes: SourceChanges | None  # source changes since the translation (when outdated)


def _changes_since(revision: TranslationRevision, source: Revision) -> SourceChanges:
    made_from = revision.source_revision
    return source_changes(made_from.content, source.content, made_from.number, source.number)


def _readiness(lang: str, revision: TranslationRevision | None,
               source: Revision) -> LanguageReadiness:
    content = revision.content if revision else None
    status = status_of(content, revision.source_hash if revision else None, source.content)
    required, missing = required_items(source.content), missing_items(content, source.content)
    changes = _changes_since(revision, source) if revision and status == "outdated" else None
    return LanguageReadiness(lang, status, revision, sum(i not in missing for i in required),
                             len(required), changes)


def readiness(statement: Statement) -> list[LanguageReadiness]:
    """Per target language: status, progress and what changed in the source since."""
    found = {t.lang: t.current_revision for t in db.session.scalars(
        sa.select(Translation).where(Translation.statement_id == statement.id))}
    return [_readiness(lang, found.get(lang), _source(statement))
            for lang in statement.target_languages]


def language_readiness(statement: Statement, lang: str) -> LanguageReadiness:
    translation = get_translation(statement, lang)
    return _readiness(target_language(statement, lang),
                      translation.current_revision if translation else None, _source(statement))


def status_by_language(statement: Statement) -> dict[str, str]:
    """Per target language: missing / in_progress / complete / outdated."""
    return {row.lang: row.status.value for row in readiness(statement)}


def changed_source_paragraphs(statement: Statement, lang: str) -> SourceChanges | None:
    """What changed in the source since the `lang` translation was made (None: no
    translation yet). Its `paragraphs` are changed_paragraphs(old body, current body)."""
    translation = get_translation(statement, lang)
    revision = translation.current_revision if translation else None
    return _changes_since(revision, _source(statement)) if revision else None


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
            details={"status": str(statement.status)})
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


def save_translation(statement: Statement, actor: User, lang: str, base_number: int | None,
                     source_revision_number: int, changes: dict[str, Any]) -> SaveResult:
    """Save `changes` (fields left out stay as in the base) made from translation revision
    `base_number` (None: the first) while reading source revision `source_revision_number`.
    Concurrent saves are merged three-way; overlapping ones return conflicts, saving nothing."""
    lang = check_translatable(statement, actor, lang)
    orgs = {o.slug for o in statement.organizations}
    changes = {k: v for k, v in clean_translation(changes, orgs).items() if k in changes}
    source = get_revision(statement, source_revision_number)
    translation = _lock(statement, lang)
    current = db.session.get(TranslationRevision, translation.current_revision_id) \
        if translation.current_revision_id else None
    # The empty translation is the common base of two first saves.
    base_content = from_slots({}, source.content) if base_number is None else \
        get_translation_revision(translation, base_number).content
    mine = clean_translation({**base_content, **changes}, orgs)
    merged_with = None
    if current is not None and (base_number is None or base_number != current.number):
        result = merge3(base_content, mine, current.content, TRANSLATION_FIELDS)
        if not result.clean:
            audit.record("translation.conflict", actor=actor, obj=translation, lang=lang,
                         base=base_number, current=current.number,
                         fields=[c.field for c in result.conflicts])
            return SaveResult(translation, None, current, conflicts=result.conflicts,
                              content=result.content)
        mine, merged_with = clean_translation(result.content, orgs), current
        if (current.source_hash != source_hash(source.content)
                and current.source_revision.number < source.number):
            source = current.source_revision  # parts were translated from the older source
    made_from = source_hash(source.content)
    if (current is None and not has_content(mine)) or (
            current is not None and content_hash(mine) == current.content_hash
            and made_from == current.source_hash):
        return SaveResult(translation, None, current)  # nothing to record
    before = bundles.current_hash(statement)
    revision = TranslationRevision(
        translation_id=translation.id, number=current.number + 1 if current else 1,
        parent_id=current.id if current else None, source_revision_id=source.id,
        source_hash=made_from, author_id=actor.id, content=mine, content_hash=content_hash(mine))
    db.session.add(revision)
    db.session.flush()
    translation.current_revision = revision
    db.session.flush()
    audit.record("translation.merge" if merged_with else "translation.save", actor=actor,
                 obj=translation, lang=lang, revision=revision.number,
                 source_revision=source.number, hash=revision.content_hash,
                 merged_with=merged_with.number if merged_with else None)
    # A translation is part of the approved bundle: saving one dismisses approvals.
    statement.status = workflow.transition(statement.status, workflow.Action.edit)
    bundle_changed(statement, actor, before)
    return SaveResult(translation, revision, current, merged_with)
