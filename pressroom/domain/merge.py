"""Three-way merge of content documents (source revisions and translations).

Two people edit from the same base revision; the second save is merged against what was
stored in between instead of being refused outright. Each top-level field is merged by
its kind (see content.SOURCE_FIELDS); a field that cannot be merged automatically becomes
a FieldConflict as a whole, because the UI resolves conflicts per field (keep mine / keep
theirs / edit). Pure functions: no Flask, no database.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from pressroom.domain.content import join_paragraphs, split_paragraphs
from pressroom.domain.errors import ValidationFailed
from pressroom.domain.messages import msg

Item = dict[str, Any]  # a quote or a contact

#: Returned by the per-kind mergers when a field cannot be merged automatically.
_CONFLICT: Any = object()


@dataclass(frozen=True)
class FieldConflict:
    """One field both sides changed incompatibly; holds whole values so the UI can show them."""

    field: str  # top-level field name, e.g. "title", "body", "quotes"
    base: Any  # the field's value in base
    mine: Any  # the whole field value as the saving user has it
    theirs: Any  # the whole field value as currently stored


@dataclass(frozen=True)
class MergeResult:
    """Merged document; conflicting fields hold THEIRS (stored) value until resolved."""

    content: dict[str, Any]
    conflicts: tuple[FieldConflict, ...]

    @property
    def clean(self) -> bool:
        """True when nothing needs a person's decision and content can be saved as is."""
        return not self.conflicts


def _pick(base: Any, mine: Any, theirs: Any) -> Any:
    """The "text" rule: take the side that changed, or the common value, else conflict."""
    if mine == base:
        return theirs
    if theirs == base or mine == theirs:
        return mine
    return _CONFLICT


# --- paragraphs -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hunk:
    """One side replaces base[start:end] (empty range = insertion) with `paragraphs`."""

    start: int
    end: int
    side: int  # 0 = mine, 1 = theirs
    paragraphs: tuple[str, ...]


def _hunks(base: list[str], other: list[str], side: int) -> list[_Hunk]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    hunks: list[_Hunk] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            # Consecutive paragraphs each edited in place: one hunk per paragraph, so an
            # edit to one of them does not collide with the other side's edit of the next.
            hunks.extend(_Hunk(i1 + k, i1 + k + 1, side, (other[j1 + k],)) for k in range(i2 - i1))
        else:
            hunks.append(_Hunk(i1, i2, side, tuple(other[j1:j2])))
    return hunks


def _overlap(a: _Hunk, b: _Hunk) -> bool:
    """Whether hunks of the two sides touch the same base paragraphs.

    Merely adjacent changes do not overlap (paragraphs are independent units), but two
    insertions at the same position do: their relative order would be a guess.
    """
    if a.side == b.side:
        return False
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _apply(base: list[str], lo: int, hi: int, hunks: list[_Hunk]) -> tuple[str, ...]:
    out: list[str] = []
    pos = lo
    for hunk in hunks:
        out.extend(base[pos : hunk.start])
        out.extend(hunk.paragraphs)
        pos = hunk.end
    out.extend(base[pos:hi])
    return tuple(out)


def _merge_paragraphs(base: str, mine: str, theirs: str, prefer: int | None = None) -> Any:
    """diff3 over paragraphs: non-overlapping changes of both sides are all applied.
    Overlapping ones are a conflict, or with `prefer` (0 mine, 1 theirs) that side wins
    there alone."""
    quick = _pick(base, mine, theirs)
    if quick is not _CONFLICT:
        return quick
    b = split_paragraphs(base)
    m, t = split_paragraphs(mine), split_paragraphs(theirs)
    # Insertions sort before a change starting at the same base position, so an
    # insertion right before the other side's edit lands before the edited text.
    hunks = sorted(_hunks(b, m, 0) + _hunks(b, t, 1), key=lambda h: (h.start, h.end))
    clusters: list[list[_Hunk]] = []
    for hunk in hunks:
        if clusters and any(_overlap(hunk, other) for other in clusters[-1]):
            clusters[-1].append(hunk)
        else:
            clusters.append([hunk])
    out: list[str] = []
    pos = 0
    for cluster in clusters:
        lo, hi = min(h.start for h in cluster), max(h.end for h in cluster)
        versions = {
            _apply(b, lo, hi, [h for h in cluster if h.side == side])
            for side in {h.side for h in cluster}
        }
        if len(versions) > 1:
            if prefer is None:
                return _CONFLICT
            sides = {h.side for h in cluster}
            chosen = prefer if prefer in sides else sides.pop()
            versions = {_apply(b, lo, hi, [h for h in cluster if h.side == chosen])}
        out.extend(b[pos:lo])
        out.extend(versions.pop())
        pos = hi
    out.extend(b[pos:])
    return join_paragraphs(out)


# --- keyed lists and ordered sets -------------------------------------------------------


def _reordered(base: Sequence[Hashable], side: Sequence[Hashable]) -> bool:
    """Whether `side` changed the relative order of the elements it shares with base."""
    common = set(base) & set(side)
    return [k for k in base if k in common] != [k for k in side if k in common]


def _ordered(
    base: Sequence[Hashable], mine: Sequence[Hashable], theirs: Sequence[Hashable], keep: Any
) -> list[Any]:
    """Mine's order if mine reordered, else theirs's; the other side's extras appended."""
    primary, other = (mine, theirs) if _reordered(base, mine) else (theirs, mine)
    out: list[Any] = []
    for k in [*primary, *other]:
        if k in keep and k not in out:
            out.append(k)
    return out


def _merge_keyed(
    base: list[Item], mine: list[Item], theirs: list[Item], key: str, fallback: str | None = None
) -> Any:
    """Merge list items identified by item[key] (else item[fallback]), each item by the
    "text" rule."""
    quick = _pick(base, mine, theirs)
    if quick is not _CONFLICT:
        return quick
    norm: Callable[[Any], Any] = (
        (lambda v: str(v or "").strip().casefold()) if key == "email" else (lambda v: v)
    )

    def index(items: list[Item]) -> dict[Any, Item] | None:
        found: dict[Any, Item] = {}
        for item in items:
            k = norm(item.get(key) or (item.get(fallback) if fallback else None))
            if k in found:
                return None  # duplicate key: items cannot be matched up reliably
            found[k] = item
        return found

    ib, im, it = index(base), index(mine), index(theirs)
    if ib is None or im is None or it is None:
        return _CONFLICT
    merged: dict[Any, Item] = {}
    for k in [*ib, *im, *it]:
        item = _pick(ib.get(k), im.get(k), it.get(k))
        if item is _CONFLICT:
            return _CONFLICT
        if item is not None:
            merged[k] = item
    return [merged[k] for k in _ordered(list(ib), list(im), list(it), merged)]


def _merge_set(base: list[str], mine: list[str], theirs: list[str]) -> Any:
    """Union of additions minus removals; the lead (first) follows the "text" rule."""
    quick = _pick(base, mine, theirs)
    if quick is not _CONFLICT:
        return quick
    b, m, t = (list(dict.fromkeys(x)) for x in (base, mine, theirs))
    lead = _pick(b[0] if b else None, m[0] if m else None, t[0] if t else None)
    if lead is _CONFLICT:
        return _CONFLICT
    bs, ms, ts = set(b), set(m), set(t)
    keep = {x for x in ms | ts if (x in ms and x in ts) or x not in bs}
    if lead is not None and lead not in keep:
        return _CONFLICT  # one side made it the lead, the other removed it
    out = _ordered(b, m, t, keep)
    if lead is not None:
        out.remove(lead)
        out.insert(0, lead)
    return out


# --- documents --------------------------------------------------------------------------


def _merge_field(kind: tuple[str, ...], base: Any, mine: Any, theirs: Any) -> Any:
    if kind[0] == "paragraphs":
        return _merge_paragraphs(base, mine, theirs)
    if kind[0] == "keyed":
        return _merge_keyed(base, mine, theirs, *kind[1:3])
    if kind[0] == "set":
        return _merge_set(base, mine, theirs)
    return _pick(base, mine, theirs)


def _empty(kind: tuple[str, ...] | None) -> Any:
    if kind is None:
        return None  # a key outside the field table
    return "" if kind[0] in ("text", "paragraphs") else []


def merge3(
    base: dict[str, Any],
    mine: dict[str, Any],
    theirs: dict[str, Any],
    fields: Mapping[str, tuple[str, ...]],
) -> MergeResult:
    """Merge `mine` (being saved) into `theirs` (stored meanwhile), both edited from `base`.

    `fields` is content.SOURCE_FIELDS or content.TRANSLATION_FIELDS. A field absent from
    a document counts as its empty value; the result has every key present in any of the
    three documents. Keys outside `fields` are merged whole by the "text" rule.
    """
    extra = sorted({k for doc in (base, mine, theirs) for k in doc} - set(fields))
    content: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name in [*fields, *extra]:
        if not any(name in doc for doc in (base, mine, theirs)):
            continue
        kind = fields.get(name)
        values = [doc.get(name, _empty(kind)) for doc in (base, mine, theirs)]
        merged = _merge_field(kind or ("text",), *values)
        if merged is _CONFLICT:
            conflicts.append(FieldConflict(name, *copy.deepcopy(values)))
            merged = values[2]
        content[name] = copy.deepcopy(merged)
    return MergeResult(content=content, conflicts=tuple(conflicts))


class SaveOutcome:
    """What a save reports, for source and translation saves alike: whether it was merged
    with someone's concurrent save, or conflicted (subclasses are dataclasses with
    `merged_with` and `conflicts` fields)."""

    merged_with: Any
    conflicts: tuple[FieldConflict, ...]

    @property
    def merged(self) -> bool:
        return self.merged_with is not None

    @property
    def conflict(self) -> bool:
        return bool(self.conflicts)


def keep_side(conflict: FieldConflict, fields: Mapping[str, tuple[str, ...]], side: str) -> Any:
    """ "Keep mine" / "keep theirs" for one conflicting field. For a body, only the
    overlapping paragraphs take the chosen side: the other side's changes elsewhere in
    the text are kept, so choosing never throws away work that did not collide."""
    if side not in ("mine", "theirs"):
        raise ValueError(f"side must be mine or theirs, not {side!r}")
    kind = fields.get(conflict.field, ("text",))
    if kind[0] == "paragraphs":
        return _merge_paragraphs(
            conflict.base or "",
            conflict.mine or "",
            conflict.theirs or "",
            prefer=0 if side == "mine" else 1,
        )
    return copy.deepcopy(conflict.mine if side == "mine" else conflict.theirs)


def resolve(result: MergeResult, choices: Mapping[str, Any]) -> dict[str, Any]:
    """The merged document with each conflicting field set to the person's choice.

    Every conflict needs a choice, so nothing stored is overwritten by default; choices
    for fields that are not in conflict are ignored (merged values stand).
    """
    missing = [c.field for c in result.conflicts if c.field not in choices]
    if missing:
        raise ValueError(f"no choice for conflicting field(s): {', '.join(missing)}")
    content = copy.deepcopy(result.content)
    for conflict in result.conflicts:
        content[conflict.field] = copy.deepcopy(choices[conflict.field])
    return content


#: What a person may choose for a conflicting field: keep mine, keep theirs, or (text and
#: body only) type the text anew.
KEEP_CHOICES = ("mine", "theirs")
EDIT_CHOICE = "edit"


def editable(field: str, fields: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether "edit" is a choice for `field`: lists (quotes, contacts...) are only kept."""
    return fields.get(field, ("text",))[0] in ("text", "paragraphs")


def choices_for(field: str, fields: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    return (*KEEP_CHOICES, EDIT_CHOICE) if editable(field, fields) else KEEP_CHOICES


def resolve_choices(
    result: MergeResult,
    fields: Mapping[str, tuple[str, ...]],
    chosen: Mapping[str, str],
    edited: Mapping[str, str],
) -> dict[str, Any]:
    """The merged document after a person's choices: per conflicting field "mine",
    "theirs" (`keep_side`) or "edit" (the text in `edited`). A field without a valid choice
    refuses the whole resolution (ValidationFailed, details per field): nothing stored is
    overwritten by default."""
    values: dict[str, Any] = {}
    missing: dict[str, Any] = {}
    for conflict in result.conflicts:
        choice = chosen.get(conflict.field, "")
        if choice not in choices_for(conflict.field, fields):
            missing[conflict.field] = msg("Choose which version to keep.")
        elif choice == EDIT_CHOICE:
            values[conflict.field] = edited.get(conflict.field, "")
        else:
            values[conflict.field] = keep_side(conflict, fields, choice)
    if missing:
        raise ValidationFailed(msg("Choose which version to keep."), details=missing)
    return resolve(result, values)
