"""Properties of the three-way merge that no table of cases can cover exhaustively."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pressroom.domain.content import SOURCE_FIELDS, split_paragraphs
from pressroom.domain.merge import merge3

FIELDS = {name: SOURCE_FIELDS[name] for name in ("title", "body", "organizations")}
WORDS = st.sampled_from(["vote", "count", "seats", "calm", "media", "law", "OSCE", "PACE"])
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
BODY = st.lists(PARAGRAPH, min_size=1, max_size=5).map("\n\n".join)
ORGS = st.lists(
    st.sampled_from(["odihr", "osce-pa", "pace", "ep", "nato"]), min_size=1, max_size=4, unique=True
)
DOC = st.fixed_dictionaries({"title": PARAGRAPH, "body": BODY, "organizations": ORGS})


def _fields(result: Any) -> list[str]:
    return sorted(c.field for c in result.conflicts)


@settings(max_examples=200, deadline=None)
@given(DOC, DOC)
def test_an_unchanged_side_takes_the_other(base, theirs):
    assert merge3(base, base, theirs, FIELDS).content == theirs  # merge(b, b, t) = t
    assert merge3(base, theirs, base, FIELDS).content == theirs  # merge(b, m, b) = m


@settings(max_examples=200, deadline=None)
@given(DOC, DOC)
def test_the_same_change_on_both_sides_is_that_change(base, changed):
    result = merge3(base, changed, changed, FIELDS)
    assert result.clean and result.content == changed  # merge(b, x, x) = x


@settings(max_examples=300, deadline=None)
@given(DOC, DOC, DOC)
def test_conflicts_are_symmetric(base, mine, theirs):
    assert _fields(merge3(base, mine, theirs, FIELDS)) == _fields(
        merge3(base, theirs, mine, FIELDS)
    )


@settings(max_examples=300, deadline=None)
@given(DOC, DOC, DOC)
def test_no_text_is_lost(base, mine, theirs):
    """A clean merge keeps every paragraph either side added; a conflict keeps both
    sides' whole values for the person who resolves it."""
    result = merge3(base, mine, theirs, FIELDS)
    conflicting = {c.field: c for c in result.conflicts}
    if "body" in conflicting:
        assert conflicting["body"].mine == mine["body"]
        assert conflicting["body"].theirs == theirs["body"]
        return
    merged = split_paragraphs(result.content["body"])
    old = split_paragraphs(base["body"])
    for side in (mine, theirs):
        for paragraph in split_paragraphs(side["body"]):
            if paragraph not in old:
                assert paragraph in merged, (paragraph, result.content["body"])
