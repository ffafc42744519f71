"""What a head reviews in one target language: the source beside the translation, item by
item, and which items changed since the head's organization last decided. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pressroom.domain.content import split_paragraphs
from pressroom.domain.diff import word_diff


@dataclass(frozen=True)
class PairRow:
    """One translatable item: `key` is stable ("title", "body.2", "quote.pace.text")."""

    key: str
    kind: str  # title | lead | dateline_city | paragraph | quote_function | quote_text
    index: int | None  # paragraph number (0-based) or None
    organization: str | None  # a quote's organization
    source: str
    translation: str
    changed: bool  # differs from the translation the organization last decided on
    diff: tuple[tuple[str, str], ...]  # word diff old -> new translation (when changed)


def _items(content: dict[str, Any] | None) -> dict[str, str]:
    content = content or {}
    items = {
        "title": content.get("title", ""),
        "lead": content.get("lead", ""),
        "dateline_city": content.get("dateline_city", ""),
    }
    for i, paragraph in enumerate(split_paragraphs(content.get("body", ""))):
        items[f"body.{i}"] = paragraph
    for quote in content.get("quotes", []) or []:
        org = quote.get("organization", "")
        items[f"quote.{org}.function"] = quote.get("function", "")
        items[f"quote.{org}.text"] = quote.get("text", "")
    return items


def side_by_side(
    source: dict[str, Any], translation: dict[str, Any] | None, decided: dict[str, Any] | None
) -> list[PairRow]:
    """Rows in reading order. `decided`: the translation of the bundle the organization
    last approved or sent back (None: no earlier decision, so nothing counts as changed)."""
    src, now = _items(source), _items(translation)
    old = _items(decided) if decided is not None else None
    keys = list(src) + [k for k in now if k not in src]
    rows = []
    for key in keys:
        if key in ("lead",) and not src.get(key) and not now.get(key):
            continue
        part = key.split(".")
        kind = {"body": "paragraph", "quote": f"quote_{part[-1]}"}.get(part[0], key)
        new_text = now.get(key, "")
        changed = old is not None and old.get(key, "") != new_text
        rows.append(
            PairRow(
                key=key,
                kind=kind,
                index=int(part[1]) if part[0] == "body" else None,
                organization=part[1] if part[0] == "quote" else None,
                source=src.get(key, ""),
                translation=new_text,
                changed=changed,
                diff=tuple(word_diff(old.get(key, ""), new_text)) if changed and old else (),
            )
        )
    return rows


def with_context(rows: list[PairRow], context: int = 1) -> list[tuple[PairRow, bool]]:
    """Only the changed rows and `context` neighbours each side: (row, is_change)."""
    wanted: set[int] = set()
    for i, row in enumerate(rows):
        if row.changed:
            wanted.update(range(max(0, i - context), min(len(rows), i + context + 1)))
    return [(rows[i], rows[i].changed) for i in sorted(wanted)]
