"""Presenters of versions: field names as people read them, fields as comparable text, word
diffs between two versions (history, review) and the conflicts of a merge. The one place
where a diff is prepared for a page."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from flask_babel import lazy_gettext as _l

from pressroom.domain.content import SOURCE_FIELDS, split_paragraphs
from pressroom.domain.diff import changed_fields, word_diff
from pressroom.domain.merge import keep_side
from pressroom.i18n import format_in_zone
from pressroom.models import Approval
from pressroom.rendering.phones import format_phone

#: Field names as people read them (history, diffs, conflicts).
FIELD_LABELS = {
    "title": _l("Title"),
    "lead": _l("Lead"),
    "body": _l("Body"),
    "dateline_city": _l("Dateline city"),
    "dateline_date": _l("Dateline date"),
    "further_info_url": _l("Further information"),
    "organizations": _l("Organizations"),
    "quotes": _l("Quotes"),
    "quote_style": _l("How quotes are set"),
    "contacts": _l("Contacts"),
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def display_phone(phone: str) -> str:
    """International display form; what cannot be parsed is shown as typed."""
    try:
        return format_phone(phone)
    except ValueError:
        return phone


def readable(name: str, value: Any, names: dict[str, str]) -> str:
    """A field's value as plain text people can compare (lists one item per line)."""
    if name == "organizations":
        return "\n".join(names.get(s, s) for s in value or [])
    if name == "quotes":
        return "\n".join(
            f"{q.get('speaker', '')}, {q.get('function', '')} "
            f"({names.get(q.get('organization', ''), q.get('organization', ''))}): "
            f"“{q.get('text', '')}”"
            for q in value or []
        )
    if name == "contacts":
        return "\n".join(
            f"{c.get('name', '')} ({names.get(c.get('organization', ''), '')}), "
            f"{display_phone(c.get('phone', ''))}, {c.get('email', '')}"
            for c in value or []
        )
    return "" if value is None else str(value)


Ops = list[tuple[str, str]]


@dataclass(frozen=True)
class ParagraphDiff:
    number: int | None  # 1-based position in the newer text; None: the paragraph was deleted
    ops: Ops


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    ops: Ops  # word diff of the whole field (empty for the body)
    paragraphs: tuple[ParagraphDiff, ...] = ()  # the body, changed paragraphs only


def paragraph_diffs(old_body: str, new_body: str) -> tuple[ParagraphDiff, ...]:
    """Changed paragraphs only, each as a word diff against the paragraph it replaced."""
    old, new = split_paragraphs(old_body), split_paragraphs(new_body)
    out: list[ParagraphDiff] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            before = old[i1 + k] if i1 + k < i2 else ""
            after = new[j1 + k] if j1 + k < j2 else ""
            out.append(ParagraphDiff(j1 + k + 1 if after else None, word_diff(before, after)))
    return tuple(out)


def field_diffs(
    old: dict[str, Any], new: dict[str, Any], names: dict[str, str], *, by_paragraph: bool = True
) -> list[FieldDiff]:
    """What changed from `old` to `new`, field by field, as word diffs; `by_paragraph`: the
    body as its changed paragraphs (history), else as one word diff (the review page)."""
    diffs = []
    for name in changed_fields(old, new):
        if name == "body" and by_paragraph:
            diffs.append(
                FieldDiff(
                    name,
                    field_label(name),
                    [],
                    paragraph_diffs(old.get("body", ""), new.get("body", "")),
                )
            )
        else:
            diffs.append(
                FieldDiff(
                    name,
                    field_label(name),
                    word_diff(
                        readable(name, old.get(name), names), readable(name, new.get(name), names)
                    ),
                )
            )
    return diffs


@dataclass(frozen=True)
class ConflictView:
    """One conflicting field as the resolve page shows it."""

    name: str
    label: str
    editable: bool  # text fields get "edit"; lists only "keep mine / keep theirs"
    mine: str
    theirs: str
    ops: Ops  # theirs -> mine: deletes are only theirs, inserts only mine
    paragraphs: tuple[ParagraphDiff, ...] = ()  # the body: only the paragraphs that differ
    # What the "edit" box starts from: mine where we collide, their other changes kept.
    start: str = ""


def conflict_views(conflicts: Any, names: dict[str, str]) -> list[ConflictView]:
    views = []
    for c in conflicts:
        mine, theirs = readable(c.field, c.mine, names), readable(c.field, c.theirs, names)
        kind = SOURCE_FIELDS.get(c.field, ("text",))[0]
        views.append(
            ConflictView(
                c.field,
                field_label(c.field),
                kind in ("text", "paragraphs"),
                mine,
                theirs,
                word_diff(theirs, mine),
                paragraph_diffs(theirs, mine) if kind == "paragraphs" else (),
                readable(c.field, keep_side(c, SOURCE_FIELDS, "mine"), names)
                if kind in ("text", "paragraphs")
                else "",
            )
        )
    return views


def approval_lines(approvals: list[Approval], timezone: str) -> list[str]:
    """ "OSCE PA — Consiglio Di Nino, 19 Aug 2007, 12:00 (Astana, UTC+5)" per approval: the
    verify page and the API's verification."""
    return [
        f"{a.organization.short_name()} — {a.user.display_name}, "
        f"{format_in_zone(a.created_at, timezone)}"
        for a in approvals
    ]
