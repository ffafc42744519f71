"""Word-level diff helpers for showing what changed between revisions.

Used to highlight edits for reviewers and to tell translators which fields and paragraphs
of the source changed since the revision they translated. Pure functions.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from pressroom.domain.content import SOURCE_FIELDS, split_paragraphs

#: Words, runs of whitespace, and single other characters (punctuation), so a changed
#: comma is shown as a changed comma rather than a changed word. \w covers Cyrillic.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Ops ("equal" | "insert" | "delete", text) turning `old` into `new`.

    Joining the non-insert texts gives back `old`, the non-delete texts give `new`, and
    adjacent tokens with the same op are coalesced. Whitespace never anchors a match on
    its own, so unrelated sentences are not shredded into single-space "equal" pieces.
    """
    a, b = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(lambda t: t.isspace(), a, b, autojunk=False)
    ops: list[tuple[str, str]] = []

    def emit(op: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        else:
            ops.append((op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            emit("equal", "".join(a[i1:i2]))
        else:
            emit("delete", "".join(a[i1:i2]))
            emit("insert", "".join(b[j1:j2]))
    return ops


def _field_rank(name: str) -> tuple[int, str]:
    order = list(SOURCE_FIELDS)
    return (order.index(name), "") if name in SOURCE_FIELDS else (len(order), name)


def _value(doc: dict[str, Any], name: str) -> Any:
    """A field's value; an absent known field counts as empty, as in the merge."""
    if name in doc:
        return doc[name]
    kind = SOURCE_FIELDS.get(name)
    if kind is None:
        return None
    return "" if kind[0] in ("text", "paragraphs") else []


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Top-level keys whose values differ, in SOURCE_FIELDS order then alphabetically."""
    names = {*old, *new}
    changed = [n for n in names if _value(old, n) != _value(new, n)]
    return sorted(changed, key=_field_rank)


def changed_paragraphs(old_body: str, new_body: str) -> list[int]:
    """0-based indexes of paragraphs of `new_body` that are new or changed.

    Paragraphs are aligned by sequence matching, so an unchanged paragraph that merely
    shifted because another was inserted is not reported; a moved paragraph is (its
    translation has to move too).
    """
    old, new = split_paragraphs(old_body), split_paragraphs(new_body)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        j
        for tag, _i1, _i2, j1, j2 in matcher.get_opcodes()
        if tag in ("replace", "insert")
        for j in range(j1, j2)
    ]


ELLIPSIS = "…"


def elide_unchanged(ops: list[tuple[str, str]], keep: int = 160) -> list[tuple[str, str]]:
    """A word diff whose long unchanged stretches are cut to the words next to a change
    ("… "), so that the changes stand out on a small screen. For reading only: the whole
    text is shown beside it."""
    result = []
    last = len(ops) - 1
    for index, (op, text) in enumerate(ops):
        if op != "equal" or len(text) <= 2 * keep + len(ELLIPSIS):
            result.append((op, text))
            continue
        head = "" if index == 0 else text[:keep].rsplit(" ", 1)[0]
        tail = "" if index == last else text[-keep:].split(" ", 1)[-1]
        if head and tail:
            result.append((op, f"{head} {ELLIPSIS} {tail}"))
        elif head or tail:
            result.append((op, f"{head} {ELLIPSIS}" if head else f"{ELLIPSIS} {tail}"))
        else:
            result.append((op, text))
    return result
