"""Reads of translations: a statement's translation in a language, its revisions, and the
readiness of every target language (missing / in progress / complete / outdated, with what
changed in the source since)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.errors import NotFound
from pressroom.domain.messages import msg
from pressroom.domain.translation import (
    SourceChanges,
    TranslationStatus,
    missing_items,
    required_items,
    source_changes,
    status_of,
)
from pressroom.models import Revision, Statement, Translation, TranslationRevision


def target_language(statement: Statement, lang: str) -> str:
    """The statement's own spelling of target language `lang`; 404 for any other language."""
    wanted = lang.strip().replace("-", "_").casefold()
    for code in statement.target_languages:
        if code.casefold() == wanted:
            return code
    raise NotFound(msg("This statement is not translated into %(lang)s.", lang=lang))


def get_translation(statement: Statement, lang: str) -> Translation | None:
    lang = target_language(statement, lang)
    return db.session.scalar(
        sa.select(Translation).where(
            Translation.statement_id == statement.id, Translation.lang == lang
        )
    )


def get_translation_revision(translation: Translation | None, number: int) -> TranslationRevision:
    found = (
        None
        if translation is None
        else db.session.scalar(
            sa.select(TranslationRevision).where(
                TranslationRevision.translation_id == translation.id,
                TranslationRevision.number == number,
            )
        )
    )
    if found is None:
        raise NotFound(msg("Translation revision %(n)d does not exist.", n=number))
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


def _readiness(
    lang: str, revision: TranslationRevision | None, source: Revision
) -> LanguageReadiness:
    content = revision.content if revision else None
    status = status_of(content, revision.source_hash if revision else None, source.content)
    required, missing = required_items(source.content), missing_items(content, source.content)
    changes = _changes_since(revision, source) if revision and status == "outdated" else None
    return LanguageReadiness(
        lang, status, revision, sum(i not in missing for i in required), len(required), changes
    )


def readiness(statement: Statement) -> list[LanguageReadiness]:
    """Per target language: status, progress and what changed in the source since."""
    found = {
        t.lang: t.current_revision
        for t in db.session.scalars(
            sa.select(Translation).where(Translation.statement_id == statement.id)
        )
    }
    return [
        _readiness(lang, found.get(lang), _source(statement)) for lang in statement.target_languages
    ]


def language_readiness(statement: Statement, lang: str) -> LanguageReadiness:
    translation = get_translation(statement, lang)
    return _readiness(
        target_language(statement, lang),
        translation.current_revision if translation else None,
        _source(statement),
    )


def status_by_language(statement: Statement) -> dict[str, str]:
    """Per target language: missing / in_progress / complete / outdated."""
    return {row.lang: row.status.value for row in readiness(statement)}
