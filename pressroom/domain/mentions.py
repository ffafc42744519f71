"""@mentions in comment text: "@" followed by a participant's display name or the local
part of their e-mail address, matched case-insensitively; the longest name wins ("@Anna
Maria" is Anna Maria, not Anna). An "@" inside a word (an e-mail address such as
press@osce.org) is no mention. Pure: the caller gives the candidates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    id: int
    names: tuple[str, ...]  # display name, local part of the e-mail address


def _ends_name(text: str, end: int) -> bool:
    """A name must not run on into a longer word ("@anna" is not "@annabel"); a full stop
    after it ends the sentence, one inside a word ("@anna.smith") does not."""
    if end >= len(text):
        return True
    char = text[end]
    if char in "._-":
        return end + 1 >= len(text) or not text[end + 1].isalnum()
    return not char.isalnum()


def mentioned_ids(text: str, candidates: Iterable[Candidate]) -> list[int]:
    """The ids of the candidates `text` mentions, in the order of their first mention."""
    names = sorted(
        ((name.casefold(), c.id) for c in candidates for name in c.names if name.strip()),
        key=lambda pair: -len(pair[0]),
    )
    folded = text.casefold()
    found: list[int] = []
    position = folded.find("@")
    while position != -1:
        before = folded[position - 1] if position > 0 else " "
        if not (before.isalnum() or before in "._-+@"):  # not an e-mail address
            rest = position + 1
            for name, candidate_id in names:
                if folded.startswith(name, rest) and _ends_name(folded, rest + len(name)):
                    if candidate_id not in found:
                        found.append(candidate_id)
                    break
        position = folded.find("@", position + 1)
    return found
