"""The translation editor's conflicts, slot by slot.

The service merges a translation field by field (domain.merge); for a person, a conflict
in the body is a conflict in one paragraph, in the quotes one quote's text. So each
conflicting field is split into the editor's slots ("body-2", "quote-pace-text") and merged
again there; only slots both sides changed differently remain conflicts, each resolved by
keeping mine, keeping theirs or typing the text anew. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pressroom.domain.content import split_paragraphs
from pressroom.domain.diff import word_diff
from pressroom.domain.merge import FieldConflict
from pressroom.domain.translation import to_slots

Ops = list[tuple[str, str]]

#: The choices for a conflicting slot: keep mine, keep theirs, or edit (the typed text).
SLOT_CHOICES = ("mine", "theirs", "edit")


@dataclass(frozen=True)
class SlotConflict:
    key: str  # the slot ("body-1", "quote-pace-text"), or "body" for a whole body
    mine: str
    theirs: str

    @property
    def ops(self) -> Ops:  # theirs -> mine: deletes exist only in theirs, inserts only in mine
        return word_diff(self.theirs, self.mine)


def field_of(key: str) -> str:
    """The content field a slot belongs to."""
    if key.startswith("contact-"):
        return "contacts"
    return "body" if key.startswith("body") else "quotes" if key.startswith("quote") else key


def slot_conflicts(
    content: dict[str, Any] | None, conflicts: Iterable[FieldConflict], source: dict[str, Any]
) -> tuple[dict[str, str], list[SlotConflict]]:
    """The merged text per slot, and the slots both sides changed differently.

    `content` is the field-wise merge (conflicting fields hold theirs). A body whose
    paragraphs no longer line up with the source stays one conflict (keep mine / theirs)."""
    values = to_slots(content or {}, source)
    found: list[SlotConflict] = []
    count = len(split_paragraphs(source.get("body", "")))
    for c in conflicts:
        sides = [to_slots({c.field: v}, source) for v in (c.base, c.mine, c.theirs)]
        if c.field == "body" and {len(split_paragraphs(v)) for v in (c.mine, c.theirs)} != {count}:
            values.update({k: v for k, v in sides[1].items() if k.startswith("body-")})
            found.append(SlotConflict("body", c.mine, c.theirs))
            continue
        for key in (k for k in sides[1] if field_of(k) == c.field):
            base, mine, theirs = (side.get(key, "") for side in sides)
            values[key] = theirs if mine == base else mine
            if mine not in (base, theirs) and theirs != base:
                found.append(SlotConflict(key, mine, theirs))
    return values, found


def kept_text(conflict: SlotConflict, choice: str) -> str | None:
    """The text a valid choice keeps: mine or theirs; None for "edit" (the typed text
    stands). ValueError for anything else: the person has to choose."""
    if choice not in SLOT_CHOICES:
        raise ValueError(f"not a choice: {choice!r}")
    if choice == "edit":
        return None
    return conflict.mine if choice == "mine" else conflict.theirs
