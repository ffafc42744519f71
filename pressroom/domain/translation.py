"""Pure rules of statement translations: which parts of a source need translating, when
a translation is complete or outdated, how body paragraphs line up with the source, and
validation. No Flask, no database; pressroom.services.translations applies them.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from pressroom.domain.content import (
    TRANSLATION_FIELDS,
    content_hash,
    join_paragraphs,
    split_paragraphs,
)
from pressroom.domain.diff import changed_paragraphs
from pressroom.domain.errors import ValidationFailed
from pressroom.domain.limits import CONTACT_PART, FIELD_LIMITS, QUOTE_TEXT
from pressroom.domain.messages import msg
from pressroom.domain.validation import text_error


def _(msgid: str, **params: object) -> str:
    """A message of this module as text, in the language the application translates to."""
    return str(msg(msgid, **params))


#: A body paragraph nobody has translated yet, "[… 2]" for paragraph 2: it keeps the later
#: paragraphs in place, and numbered placeholders stay distinct for the paragraph merge.
UNTRANSLATED = "[… {n}]"
_PLACEHOLDER = re.compile(r"\[…(?: \d+)?\]")
TEXT_FIELDS = ("title", "lead", "dateline_city")


class TranslationStatus(enum.StrEnum):
    missing = "missing"  # nothing translated yet
    in_progress = "in_progress"  # parts of the current source are not translated yet
    complete = "complete"  # every translatable field of the current source is translated
    outdated = "outdated"  # the source changed since the revision it was made from


# --- pure rules -------------------------------------------------------------------------


#: Translatable parts of a quote, in editor order; speaker and honorific fall back to the
#: source when left empty (many names are written alike in Latin-script languages).
QUOTE_PARTS = ("honorific", "speaker", "function", "lead_in", "text")
OPTIONAL_QUOTE_PARTS = ("honorific", "speaker")
CONTACT_PARTS = ("name", "affiliation")


def source_projection(content: dict[str, Any]) -> dict[str, Any]:
    """The part of a source revision that translators translate."""
    return {
        "title": content.get("title", ""),
        "lead": content.get("lead", ""),
        "body": content.get("body", ""),
        "dateline_city": content.get("dateline_city", ""),
        "quotes": [
            {k: q.get(k, "") for k in ("id", "organization", *QUOTE_PARTS)}
            for q in content.get("quotes") or []
        ],
        "contacts": [
            {k: c.get(k, "") for k in ("email", *CONTACT_PARTS)}
            for c in content.get("contacts") or []
        ],
    }


def source_hash(content: dict[str, Any]) -> str:
    return content_hash(source_projection(content))


def legacy_source_hash(content: dict[str, Any]) -> str:
    """The hash translations recorded before speakers and contacts were translatable: a
    translation made from it is not outdated by that change of rules alone."""
    return content_hash(
        {
            **{k: content.get(k, "") for k in ("title", "lead", "body", "dateline_city")},
            "quotes": [
                {k: q.get(k, "") for k in ("organization", "function", "text")}
                for q in content.get("quotes") or []
            ],
        }
    )


def is_current(made_from_hash: str | None, source: dict[str, Any]) -> bool:
    return made_from_hash in (source_hash(source), legacy_source_hash(source))


def is_untranslated(paragraph: str) -> bool:
    """A translated body paragraph that is still a placeholder (previews may show the source)."""
    return bool(_PLACEHOLDER.fullmatch(paragraph.strip()))


def _done(paragraph: str) -> bool:
    return bool(paragraph) and not is_untranslated(paragraph)


def _quotes_by_id(content: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {str(q.get("id") or q.get("organization") or ""): q for q in content.get("quotes") or []}


def _contacts_by_email(content: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {str(c.get("email") or "").casefold(): c for c in content.get("contacts") or []}


def required_items(source: dict[str, Any]) -> list[str]:
    """What a complete translation of `source` has, as editor slot names."""
    items = ["title", *(["lead"] if source.get("lead") else []), "dateline_city"]
    items += [f"body-{i}" for i in range(len(split_paragraphs(source.get("body", ""))))]
    for qid, quote in _quotes_by_id(source).items():
        items += [
            f"quote-{qid}-{k}"
            for k in QUOTE_PARTS
            if k not in OPTIONAL_QUOTE_PARTS and quote.get(k)
        ]
    return items


def missing_items(content: dict[str, Any] | None, source: dict[str, Any]) -> list[str]:
    """Required items without translation; "body" too when the paragraph counts differ."""
    values = to_slots(content or {}, source)
    missing = [item for item in required_items(source) if not values.get(item, "").strip()]
    if len(split_paragraphs((content or {}).get("body", ""))) not in (
        0,
        len(split_paragraphs(source.get("body", ""))),
    ):
        missing.append("body")
    return missing


def is_complete(content: dict[str, Any] | None, source: dict[str, Any]) -> bool:
    """Every translatable field of `source` is translated: title, lead when the source has
    one, body with as many paragraphs as the source, dateline city, and for each source
    quote its function and lead-in (when the source has them) and text. Speakers'
    names, honorifics and contacts' names are optional: they fall back to the source."""
    return not missing_items(content, source)


def has_content(content: dict[str, Any] | None) -> bool:
    return any(v.strip() for v in to_slots(content or {}, content or {}).values())


def status_of(
    content: dict[str, Any] | None, made_from_hash: str | None, source: dict[str, Any]
) -> TranslationStatus:
    """Missing before anything is translated; then outdated whenever the source changed
    since (even if incomplete: the translator must look again); else complete or not."""
    if not has_content(content):
        return TranslationStatus.missing
    if not is_current(made_from_hash, source):
        return TranslationStatus.outdated
    return (
        TranslationStatus.complete
        if is_complete(content, source)
        else TranslationStatus.in_progress
    )


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
    quotes: tuple[str, ...]  # ids of the quotes that are new or changed
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


def source_changes(
    old: dict[str, Any], new: dict[str, Any], from_revision: int, to_revision: int
) -> SourceChanges:
    before, after = source_projection(old), source_projection(new)
    fields = tuple(f for f in TRANSLATION_FIELDS if before[f] != after[f])
    old_quotes, new_quotes = _quotes_by_id(before), _quotes_by_id(after)
    return SourceChanges(
        from_revision,
        to_revision,
        fields,
        tuple(changed_paragraphs(before["body"], after["body"])),
        tuple(qid for qid, q in new_quotes.items() if old_quotes.get(qid) != q),
        before,
        after,
    )


# --- editor slots: one string per translatable unit, aligned with a source --------------


def _clean_paragraph(text: str) -> str:
    """One paragraph per box: blank lines inside it would split it into several."""
    return re.sub(r"\n[ \t]*(\n[ \t]*)+", "\n", text.replace("\r\n", "\n")).strip()


def to_slots(
    content: dict[str, Any], source: dict[str, Any], made_from: dict[str, Any] | None = None
) -> dict[str, str]:
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
    quotes = _quotes_by_id(content)
    for qid, quote in _quotes_by_id(source).items():
        for key in QUOTE_PARTS:
            if quote.get(key) or key in ("speaker", "text"):
                values[f"quote-{qid}-{key}"] = str(quotes.get(qid, {}).get(key) or "")
    contacts = _contacts_by_email(content)
    for i, (email, contact) in enumerate(_contacts_by_email(source).items()):
        for key in CONTACT_PARTS:
            if contact.get(key) or key == "name":
                values[f"contact-{i}-{key}"] = str(contacts.get(email, {}).get(key) or "")
    return values


def removed_paragraphs(
    content: dict[str, Any], source: dict[str, Any], made_from: dict[str, Any]
) -> list[str]:
    """Translated paragraphs whose source paragraph no longer exists (shown, never lost)."""
    translated = split_paragraphs(content.get("body", ""))
    used = set(
        paragraph_alignment(
            split_paragraphs(made_from.get("body", "")), split_paragraphs(source.get("body", ""))
        )
    )
    return [p for i, p in enumerate(translated) if i not in used and _done(p)]


def from_slots(values: dict[str, str], source: dict[str, Any]) -> dict[str, Any]:
    """Translation content from the editor's slots (aligned with `source`)."""
    count = len(split_paragraphs(source.get("body", "")))
    paragraphs = [
        _clean_paragraph(values.get(f"body-{i}", "")) or UNTRANSLATED.format(n=i + 1)
        for i in range(count)
    ]
    content: dict[str, Any] = {n: values.get(n, "").strip() for n in TEXT_FIELDS}
    content["body"] = join_paragraphs(paragraphs)
    content["quotes"] = []
    for qid, source_quote in _quotes_by_id(source).items():
        quote = {k: " ".join(values.get(f"quote-{qid}-{k}", "").split()) for k in QUOTE_PARTS}
        if any(quote.values()):
            content["quotes"].append(
                {"id": qid, "organization": source_quote.get("organization", ""), **quote}
            )
    content["contacts"] = []
    for i, contact in enumerate(source.get("contacts") or []):
        entry = {k: values.get(f"contact-{i}-{k}", "").strip() for k in CONTACT_PARTS}
        if any(entry.values()):
            content["contacts"].append({"email": contact.get("email", ""), **entry})
    return content


# --- validation ---------------------------------------------------------------------------


#: Translated fields that are one line, as in the source (pressroom.domain.validation).
SINGLE_LINE = {"title", "dateline_city", "organization", "function"}


def _text(value: Any, limit: int, key: str, errors: dict[str, str]) -> str:
    name = key.rsplit(".", 1)[-1]
    if error := text_error(value, multiline=name not in SINGLE_LINE, limit=limit):
        errors[key] = error
    return value.strip() if isinstance(value, str) else ""


def clean_translation(data: dict[str, Any], organizations: set[str]) -> dict[str, Any]:
    """Normalized translation content, or ValidationFailed keyed by field ("quotes.0.text")."""
    errors = {name: _("Unknown field.") for name in sorted(set(data) - set(TRANSLATION_FIELDS))}
    out: dict[str, Any] = {
        n: _text(data.get(n) or "", FIELD_LIMITS[n], n, errors) for n in (*TEXT_FIELDS, "body")
    }
    out["body"] = join_paragraphs(split_paragraphs(out["body"]))
    quotes = data.get("quotes") or []
    if not isinstance(quotes, list):
        errors["quotes"], quotes = _("Must be a list."), []
    out["quotes"] = []
    keys = {"id", "organization", *QUOTE_PARTS}
    for i, raw in enumerate(quotes):
        if not isinstance(raw, dict) or set(raw) - keys:
            errors[f"quotes.{i}"] = _(
                "A quote has id, organization, honorific, speaker, function, lead_in and text only."
            )
            continue
        quote = {
            k: _text(raw.get(k) or "", QUOTE_TEXT, f"quotes.{i}.{k}", errors)
            for k in ("id", "organization", *QUOTE_PARTS)
        }
        quote["id"] = quote["id"] or quote["organization"]  # clients from before quote ids
        if quote["organization"] and quote["organization"] not in organizations:
            errors[f"quotes.{i}.organization"] = _(
                "The speaker's organization must take part in the statement."
            )
        if any(quote[k] for k in QUOTE_PARTS):
            out["quotes"].append(quote)
    ids = [q["id"] for q in out["quotes"]]
    if len(set(ids)) != len(ids) or "" in ids:
        errors["quotes"] = _("Each quote once, named by its id.")
    contacts = data.get("contacts") or []
    if not isinstance(contacts, list):
        errors["contacts"], contacts = _("Must be a list."), []
    out["contacts"] = []
    for i, raw in enumerate(contacts):
        if not isinstance(raw, dict) or set(raw) - {"email", *CONTACT_PARTS}:
            errors[f"contacts.{i}"] = _("A contact has email, name and affiliation only.")
            continue
        entry = {
            k: _text(raw.get(k) or "", CONTACT_PART, f"contacts.{i}.{k}", errors)
            for k in ("email", *CONTACT_PARTS)
        }
        entry["email"] = entry["email"].casefold()
        if entry["email"] and (entry["name"] or entry["affiliation"]):
            out["contacts"].append(entry)
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), details=errors)
    return out
