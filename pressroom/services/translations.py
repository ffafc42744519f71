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

import enum
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.content import (
    TRANSLATION_FIELDS,
    content_hash,
    join_paragraphs,
    split_paragraphs,
)
from pressroom.domain.diff import changed_paragraphs
from pressroom.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from pressroom.domain.merge import FieldConflict, merge3
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.models import Revision, Statement, Translation, TranslationRevision, User
from pressroom.services import audit
from pressroom.services.statements import get_revision

#: A body paragraph nobody has translated yet, "[… 2]" for paragraph 2: it keeps the later
#: paragraphs in place, and numbered placeholders stay distinct for the paragraph merge.
UNTRANSLATED = "[… {n}]"
_PLACEHOLDER = re.compile(r"\[…(?: \d+)?\]")
LIMITS = {"title": 300, "lead": 2000, "dateline_city": 100, "body": 100_000}
QUOTE_LIMIT = 5000
TEXT_FIELDS = ("title", "lead", "dateline_city")


class TranslationStatus(enum.StrEnum):
    missing = "missing"  # nothing translated yet
    in_progress = "in_progress"  # parts of the current source are not translated yet
    complete = "complete"  # every translatable field of the current source is translated
    outdated = "outdated"  # the source changed since the revision it was made from


# --- pure rules -------------------------------------------------------------------------


def source_projection(content: dict[str, Any]) -> dict[str, Any]:
    """The part of a source revision that translators translate."""
    return {
        "title": content.get("title", ""), "lead": content.get("lead", ""),
        "body": content.get("body", ""), "dateline_city": content.get("dateline_city", ""),
        "quotes": [{k: q.get(k, "") for k in ("organization", "function", "text")}
                   for q in content.get("quotes") or []],
    }


def source_hash(content: dict[str, Any]) -> str:
    return content_hash(source_projection(content))


def is_untranslated(paragraph: str) -> bool:
    """A translated body paragraph that is still a placeholder (previews may show the source)."""
    return bool(_PLACEHOLDER.fullmatch(paragraph.strip()))


def _done(paragraph: str) -> bool:
    return bool(paragraph) and not is_untranslated(paragraph)


def _quotes_by_org(content: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {q.get("organization", ""): q for q in content.get("quotes") or []}


def required_items(source: dict[str, Any]) -> list[str]:
    """What a complete translation of `source` has, as editor slot names."""
    items = ["title", *(["lead"] if source.get("lead") else []), "dateline_city"]
    items += [f"body-{i}" for i in range(len(split_paragraphs(source.get("body", ""))))]
    for org, quote in _quotes_by_org(source).items():
        items += [f"quote-{org}-function"] if quote.get("function") else []
        items.append(f"quote-{org}-text")
    return items


def missing_items(content: dict[str, Any] | None, source: dict[str, Any]) -> list[str]:
    """Required items without translation; "body" too when the paragraph counts differ."""
    values = to_slots(content or {}, source)
    missing = [item for item in required_items(source) if not values.get(item, "").strip()]
    if len(split_paragraphs((content or {}).get("body", ""))) not in (
            0, len(split_paragraphs(source.get("body", "")))):
        missing.append("body")
    return missing


def is_complete(content: dict[str, Any] | None, source: dict[str, Any]) -> bool:
    """Every translatable field of `source` is translated: title, lead when the source has
    one, body with as many paragraphs as the source, dateline city, and for each source
    quote its function (when the source has one) and text."""
    return not missing_items(content, source)


def has_content(content: dict[str, Any] | None) -> bool:
    return any(v.strip() for v in to_slots(content or {}, content or {}).values())


def status_of(content: dict[str, Any] | None, made_from_hash: str | None,
              source: dict[str, Any]) -> TranslationStatus:
    """Missing before anything is translated; then outdated whenever the source changed
    since (even if incomplete: the translator must look again); else complete or not."""
    if not has_content(content):
        return TranslationStatus.missing
    if made_from_hash != source_hash(source):
        return TranslationStatus.outdated
    return TranslationStatus.complete if is_complete(content, source) else \
        TranslationStatus.in_progress


def paragraph_alignment(old: list[str], new: list[str]) -> list[int | None]:
    """For each paragraph of `new`, the paragraph of `old` it continues (None: new)."""
    aligned: list[int | None] = [None] * len(new)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("equal", "replace"):
            for k in range(min(i2 - i1, j2 - j1)):
                aligned[j1 + k] = i1 + k
    return aligned


@dataclass(frozen=True)
class SourceChanges:
    """How the source changed between the revision a translation was made from and now."""

    from_revision: int
    to_revision: int
    fields: tuple[str, ...]  # translatable fields that changed, in TRANSLATION_FIELDS order
    paragraphs: tuple[int, ...]  # 0-based indexes of new or changed current paragraphs
    quotes: tuple[str, ...]  # organizations whose quote function or text is new or changed
    before: dict[str, Any]  # projection of the old source
    after: dict[str, Any]  # projection of the current source

    @property
    def outdated(self) -> bool:
        return bool(self.fields)

    def previous_paragraph(self, index: int) -> str:
        """The old source paragraph that paragraph `index` replaced ("" when it is new)."""
        old, new = split_paragraphs(self.before["body"]), split_paragraphs(self.after["body"])
        i = paragraph_alignment(old, new)[index]
        return "" if i is None else old[i]


def source_changes(old: dict[str, Any], new: dict[str, Any], from_revision: int,
                   to_revision: int) -> SourceChanges:
    before, after = source_projection(old), source_projection(new)
    fields = tuple(f for f in TRANSLATION_FIELDS if before[f] != after[f])
    old_quotes, new_quotes = _quotes_by_org(before), _quotes_by_org(after)
    return SourceChanges(
        from_revision, to_revision, fields,
        tuple(changed_paragraphs(before["body"], after["body"])),
        tuple(org for org, q in new_quotes.items() if old_quotes.get(org) != q),
        before, after,
    )


# --- editor slots: one string per translatable unit, aligned with a source --------------


def _clean_paragraph(text: str) -> str:
    """One paragraph per box: blank lines inside it would split it into several."""
    return re.sub(r"\n[ \t]*(\n[ \t]*)+", "\n", text.replace("\r\n", "\n")).strip()


def to_slots(content: dict[str, Any], source: dict[str, Any],
             made_from: dict[str, Any] | None = None) -> dict[str, str]:
    """Translated text per slot, body paragraphs placed next to `source`'s paragraphs.

    `made_from` is the source the translation was made from; when given, paragraphs
    follow their source paragraph to its new position (see removed_paragraphs)."""
    values = {name: str(content.get(name) or "") for name in TEXT_FIELDS}
    translated = split_paragraphs(content.get("body", ""))
    now = split_paragraphs(source.get("body", ""))
    if made_from is None:
        aligned: list[int | None] = list(range(len(now)))
    else:
        aligned = paragraph_alignment(split_paragraphs(made_from.get("body", "")), now)
    for j, i in enumerate(aligned):
        done = i is not None and i < len(translated) and _done(translated[i])
        values[f"body-{j}"] = translated[i] if done and i is not None else ""
    quotes = _quotes_by_org(content)
    for org in _quotes_by_org(source):
        for key in ("function", "text"):
            values[f"quote-{org}-{key}"] = str(quotes.get(org, {}).get(key) or "")
    return values


def removed_paragraphs(content: dict[str, Any], source: dict[str, Any],
                       made_from: dict[str, Any]) -> list[str]:
    """Translated paragraphs whose source paragraph no longer exists (shown, never lost)."""
    translated = split_paragraphs(content.get("body", ""))
    used = set(paragraph_alignment(split_paragraphs(made_from.get("body", "")),
                                   split_paragraphs(source.get("body", ""))))
    return [p for i, p in enumerate(translated) if i not in used and _done(p)]


def from_slots(values: dict[str, str], source: dict[str, Any]) -> dict[str, Any]:
    """Translation content from the editor's slots (aligned with `source`)."""
    count = len(split_paragraphs(source.get("body", "")))
    paragraphs = [_clean_paragraph(values.get(f"body-{i}", "")) or UNTRANSLATED.format(n=i + 1)
                  for i in range(count)]
    content: dict[str, Any] = {n: values.get(n, "").strip() for n in TEXT_FIELDS}
    content["body"] = join_paragraphs(paragraphs)
    content["quotes"] = []
    for org in _quotes_by_org(source):
        quote = {k: values.get(f"quote-{org}-{k}", "").strip() for k in ("function", "text")}
        if quote["function"] or quote["text"]:
            content["quotes"].append({"organization": org, **quote})
    return content


# --- validation ---------------------------------------------------------------------------


def _text(value: Any, limit: int, key: str, errors: dict[str, str]) -> str:
    if not isinstance(value, str):
        errors[key] = _("Must be text.")
        return ""
    if len(value.strip()) > limit:
        errors[key] = _("At most %(n)d characters.", n=limit)
    return value.strip()


def clean_translation(data: dict[str, Any], organizations: set[str]) -> dict[str, Any]:
    """Normalized translation content, or ValidationFailed keyed by field ("quotes.0.text")."""
    errors = {name: _("Unknown field.") for name in sorted(set(data) - set(TRANSLATION_FIELDS))}
    out = {n: _text(data.get(n) or "", LIMITS[n], n, errors) for n in (*TEXT_FIELDS, "body")}
    out["body"] = join_paragraphs(split_paragraphs(out["body"]))
    quotes = data.get("quotes") or []
    if not isinstance(quotes, list):
        errors["quotes"], quotes = _("Must be a list."), []
    out["quotes"] = []
    for i, raw in enumerate(quotes):
        if not isinstance(raw, dict) or set(raw) - {"organization", "function", "text"}:
            errors[f"quotes.{i}"] = _("A quote has organization, function and text only.")
            continue
        quote = {k: _text(raw.get(k) or "", QUOTE_LIMIT, f"quotes.{i}.{k}", errors)
                 for k in ("organization", "function", "text")}
        if quote["organization"] not in organizations:
            errors[f"quotes.{i}.organization"] = _(
                "The speaker's organization must take part in the statement.")
        if quote["function"] or quote["text"]:
            out["quotes"].append(quote)
    orgs = [q["organization"] for q in out["quotes"]]
    if len(set(orgs)) != len(orgs):
        errors["quotes"] = _("One quote per organization.")
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), details=errors)
    return out


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
class SaveResult:
    translation: Translation
    revision: TranslationRevision | None  # None when nothing changed or on conflict
    current: TranslationRevision | None = None  # what was stored when the save arrived
    merged_with: TranslationRevision | None = None
    conflicts: tuple[FieldConflict, ...] = ()
    content: dict[str, Any] | None = None  # on conflict: merged, theirs where conflicting

    @property
    def merged(self) -> bool:
        return self.merged_with is not None

    @property
    def conflict(self) -> bool:
        return bool(self.conflicts)


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
    db.session.execute(
        sa.select(Statement.id).where(Statement.id == statement.id).with_for_update())
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
    return SaveResult(translation, revision, current, merged_with)
