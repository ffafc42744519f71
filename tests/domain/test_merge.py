"""Three-way merge: every field kind against every kind of concurrent edit."""

from __future__ import annotations

from typing import Any

import pytest

from pressroom.domain.content import SOURCE_FIELDS, TRANSLATION_FIELDS
from pressroom.domain.merge import FieldConflict, MergeResult, merge3, resolve

CONFLICT = object()  # expected outcome: the field is reported as a FieldConflict


def body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def quote(org: str, text: str = "We welcome this.") -> dict[str, str]:
    return {"organization": org, "speaker": "S. " + org, "function": "Director", "text": text}


def contact(email: str, phone: str = "+77017950486") -> dict[str, str]:
    return {"organization": "kz-media", "name": "Anna", "phone": phone, "email": email}


P = ["Para one.", "Para two.", "Para three.", "Para four.", "Para five."]
QA, QB = quote("alpha"), quote("beta")
QA2, QA3 = quote("alpha", "Edited by me."), quote("alpha", "Edited by them.")
QB2, QX, QY = quote("beta", "Changed."), quote("xi"), quote("ypsilon")
ANNA, ANNA_UP, BO = contact("anna@x.org"), contact("Anna@X.ORG"), contact("bo@x.org")
ANNA2, BO2 = contact("anna@x.org", "+77010000000"), contact("bo@x.org", "+77010000000")
NEW, NEW_UP = contact("new@x.org"), contact("New@X.org")

# Compact notation (see expand): a "set" string lists slugs separated by spaces; a "body"
# string lists paragraph labels, "3*" being paragraph 3 edited, "3!" a different edit of
# it, and "n"/"m" new paragraphs. Other strings are taken literally.
CASES: list[tuple[str, str, Any, Any, Any, Any]] = [
    # id, field, base, mine, theirs, expected
    ("text-only-mine", "title", "A", "B", "A", "B"),
    ("text-only-theirs", "title", "A", "A", "C", "C"),
    ("text-both-same", "title", "A", "B", "B", "B"),
    ("text-both-different", "title", "A", "B", "C", CONFLICT),
    ("text-unchanged", "dateline_city", "Almaty", "Almaty", "Almaty", "Almaty"),
    ("para-only-mine", "body", "1 2 3 4 5", "1* 2 3 4 5", "1 2 3 4 5", "1* 2 3 4 5"),
    ("para-only-theirs", "body", "1 2 3 4 5", "1 2 3 4 5", "1 2 3 4 5*", "1 2 3 4 5*"),
    ("para-both-same", "body", "1 2 3 4 5", "1* 2 3 4 5", "1* 2 3 4 5", "1* 2 3 4 5"),
    ("para-both-different-same", "body", "1 2 3 4 5", "1* 2 3 4 5", "1! 2 3 4 5", CONFLICT),
    ("para-edits-2-and-5", "body", "1 2 3 4 5", "1 2* 3 4 5", "1 2 3 4 5*", "1 2* 3 4 5*"),
    ("para-added-end-vs-edit", "body", "1 2 3", "1 2 3 n", "1* 2 3", "1* 2 3 n"),
    ("para-both-added-end-different", "body", "1 2 3", "1 2 3 n", "1 2 3 m", CONFLICT),
    ("para-both-added-end-same", "body", "1 2 3", "1 2 3 n", "1 2 3 n", "1 2 3 n"),
    ("para-added-start-and-end", "body", "1 2 3", "1 2 3 n", "m 1 2 3", "m 1 2 3 n"),
    ("para-added-same-place-different", "body", "1 2 3", "1 n 2 3", "1 m 2 3", CONFLICT),
    ("para-removed-untouched", "body", "1 2 3 4 5", "1 2 4 5", "1* 2 3 4 5", "1* 2 4 5"),
    ("para-removed-vs-edited", "body", "1 2 3 4 5", "1 2 4 5", "1 2 3* 4 5", CONFLICT),
    ("para-both-removed-same", "body", "1 2 3 4 5", "2 3 4 5", "2 3 4 5", "2 3 4 5"),
    ("para-moved-vs-edit-elsewhere", "body", "1 2 3 4 5", "2 3 1 4 5", "1 2 3 4 5*", "2 3 1 4 5*"),
    ("para-moved-to-end-vs-edit", "body", "1 2 3 4 5", "2 3 4 5 1", "1 2 3* 4 5", "2 3* 4 5 1"),
    ("para-moved-vs-edit-same", "body", "1 2 3 4 5", "2 3 4 5 1", "1* 2 3 4 5", CONFLICT),
    ("para-edit-vs-insert-after", "body", "1 2 3", "1 2* 3", "1 2 n 3", "1 2* n 3"),
    ("para-insert-before-vs-edit", "body", "1 2 3", "1 n 2 3", "1 2* 3", "1 n 2* 3"),
    ("keyed-only-mine-added", "quotes", [QA], [QA, QX], [QA], [QA, QX]),
    ("keyed-only-theirs-removed", "quotes", [QA, QB], [QA, QB], [QA], [QA]),
    ("keyed-both-same", "quotes", [QA], [QA2], [QA2], [QA2]),
    ("keyed-both-changed-same-item", "quotes", [QA, QB], [QA2, QB], [QA3, QB], CONFLICT),
    ("keyed-changed-different-items", "quotes", [QA, QB], [QA2, QB], [QA, QB2], [QA2, QB2]),
    ("keyed-both-added", "quotes", [QA], [QA, QX], [QA, QY], [QA, QY, QX]),
    ("keyed-removed-untouched", "quotes", [QA, QB], [QB], [QA, QB2], [QB2]),
    ("keyed-removed-vs-changed", "quotes", [QA, QB], [QB], [QA3, QB], CONFLICT),
    ("keyed-added-both-different", "quotes", [QB], [QB, QA2], [QB, QA3], CONFLICT),
    ("keyed-added-both-same", "quotes", [QB], [QA, QB], [QB, QA], [QB, QA]),
    ("keyed-mine-reordered", "quotes", [QA, QB], [QB, QA], [QA3, QB], [QB, QA3]),
    ("keyed-theirs-reordered", "quotes", [QA, QB], [QA2, QB], [QB, QA], [QB, QA2]),
    ("contacts-case-only", "contacts", [ANNA, BO], [ANNA_UP, BO], [ANNA, BO2], [ANNA_UP, BO2]),
    ("contacts-email-case-vs-phone", "contacts", [ANNA], [ANNA_UP], [ANNA2], CONFLICT),
    ("contacts-added-both-case-differs", "contacts", [], [NEW], [NEW_UP], CONFLICT),
    ("set-only-mine-added", "organizations", "a b", "a b c", "a b", "a b c"),
    ("set-only-theirs-removed", "organizations", "a b", "a b", "a", "a"),
    ("set-both-same", "organizations", "a", "a c", "a c", "a c"),
    ("set-both-added", "organizations", "a b", "a b c", "a b d", "a b d c"),
    ("set-removed-and-added", "organizations", "a b", "a", "a b d", "a d"),
    ("set-lead-changed-by-mine", "organizations", "a b", "b a", "a b c", "b a c"),
    ("set-lead-changed-by-theirs", "organizations", "a b", "a b c", "b a", "b a c"),
    ("set-lead-changed-both-same", "organizations", "a b", "b a", "b a d", "b a d"),
    ("set-lead-changed-both-different", "organizations", "a b", "b a", "c a b", CONFLICT),
    ("set-new-lead-removed-by-other", "organizations", "a b c", "b a c", "a c", CONFLICT),
]


def expand(field: str, value: Any) -> Any:
    """Compact notation of CASES -> the real field value."""
    if value is CONFLICT or not isinstance(value, str):
        return value
    if field == "organizations":
        return value.split()
    if field == "body":
        return body(*(f"Paragraph {label}." for label in value.split()))
    return value


@pytest.mark.parametrize(
    ("field", "base", "mine", "theirs", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_merge_field(field: str, base: Any, mine: Any, theirs: Any, expected: Any) -> None:
    base, mine, theirs, expected = (expand(field, v) for v in (base, mine, theirs, expected))
    result = merge3({field: base}, {field: mine}, {field: theirs}, SOURCE_FIELDS)
    if expected is CONFLICT:
        assert result.conflicts == (FieldConflict(field, base, mine, theirs),)
        assert result.content == {field: theirs}
        assert not result.clean
    else:
        assert result.conflicts == ()
        assert result.clean
        assert result.content == {field: expected}


def test_paragraph_whitespace_is_normalized() -> None:
    base, mine, theirs = "A\n\nB", "A!\r\n\r\nB", "A\n\n\n\nB  \n\nC"
    result = merge3({"body": base}, {"body": mine}, {"body": theirs}, SOURCE_FIELDS)
    assert result.content == {"body": "A!\n\nB\n\nC"}


BASE = {"title": "T", "body": body(*P), "organizations": ["a", "b"], "quotes": [QA]}


def test_conflicting_field_keeps_theirs_and_others_still_merge() -> None:
    mine = {**BASE, "title": "Mine", "body": body("X", *P[1:]), "organizations": ["a"]}
    theirs = {**BASE, "title": "Theirs", "body": body(*P[:4], "Y"), "quotes": [QA3]}
    result = merge3(BASE, mine, theirs, SOURCE_FIELDS)
    assert result.conflicts == (FieldConflict("title", "T", "Mine", "Theirs"),)
    assert result.content == {
        "title": "Theirs",
        "body": body("X", *P[1:4], "Y"),
        "organizations": ["a"],
        "quotes": [QA3],
    }


def test_absent_fields_count_as_empty() -> None:
    result = merge3({"title": "T"}, {"lead": "Lead"}, {"title": "T", "body": "B"}, SOURCE_FIELDS)
    assert result.clean
    assert result.content == {"title": "", "lead": "Lead", "body": "B"}


def test_absent_keyed_field_conflicts_with_an_edit() -> None:
    result = merge3({"quotes": [QA]}, {}, {"quotes": [QA2]}, SOURCE_FIELDS)
    assert result.conflicts == (FieldConflict("quotes", [QA], [], [QA2]),)


def test_translation_fields_and_unknown_keys() -> None:
    base = {"title": "Заголовок", "quotes": [QA], "note": 1}
    mine = {"title": "Новый заголовок", "quotes": [QA], "note": 2}
    theirs = {"title": "Заголовок", "quotes": [QA, QX], "note": 1}
    result = merge3(base, mine, theirs, TRANSLATION_FIELDS)
    assert result.clean
    assert result.content == {"title": "Новый заголовок", "quotes": [QA, QX], "note": 2}


def test_result_does_not_alias_inputs() -> None:
    theirs = {"organizations": ["a", "b"], "quotes": [dict(QA)]}
    result = merge3({}, {}, theirs, SOURCE_FIELDS)
    result.content["organizations"].append("z")
    result.content["quotes"][0]["text"] = "changed"
    assert theirs == {"organizations": ["a", "b"], "quotes": [QA]}


def _conflicted() -> MergeResult:
    mine = {**BASE, "title": "Mine", "quotes": [QA2]}
    theirs = {**BASE, "title": "Theirs", "quotes": [QA3], "lead": "L"}
    return merge3(BASE, mine, theirs, SOURCE_FIELDS)


@pytest.mark.parametrize(
    ("choices", "expected_title", "expected_quotes"),
    [
        pytest.param({"title": "Mine", "quotes": [QA2]}, "Mine", [QA2], id="keep-mine"),
        pytest.param({"title": "Theirs", "quotes": [QA3]}, "Theirs", [QA3], id="keep-theirs"),
        pytest.param(
            {"title": "Edited", "quotes": [], "lead": "ignored"},
            "Edited",
            [],
            id="edited-extra-choice-ignored",
        ),
    ],
)
def test_resolve(choices: dict[str, Any], expected_title: str, expected_quotes: list) -> None:
    result = _conflicted()
    assert [c.field for c in result.conflicts] == ["title", "quotes"]
    content = resolve(result, choices)
    assert content == {**BASE, "lead": "L", "title": expected_title, "quotes": expected_quotes}
    assert result.content["title"] == "Theirs"  # the result itself is left untouched


def test_resolve_names_fields_without_choice() -> None:
    with pytest.raises(ValueError, match=r"title, quotes"):
        resolve(_conflicted(), {})
    with pytest.raises(ValueError, match=r": quotes$"):
        resolve(_conflicted(), {"title": "x"})


def test_resolve_clean_result_needs_no_choices() -> None:
    result = merge3(BASE, {**BASE, "title": "New"}, BASE, SOURCE_FIELDS)
    assert resolve(result, {}) == {**BASE, "title": "New"}


# --- keep mine / keep theirs on a conflicting body -----------------------------------

KEEP_BASE = "A\n\nB\n\nC"
KEEP_MINE = "A mine\n\nB\n\nC mine"  # edits A (collides) and C (does not)
KEEP_THEIRS = "A theirs\n\nB theirs\n\nC"  # edits A (collides) and B (does not)


@pytest.mark.parametrize(
    ("side", "expected"),
    [
        ("mine", "A mine\n\nB theirs\n\nC mine"),
        ("theirs", "A theirs\n\nB theirs\n\nC mine"),
    ],
)
def test_keep_side_on_body_keeps_the_other_sides_separate_changes(side, expected):
    from pressroom.domain.merge import keep_side

    (conflict,) = merge3(
        {"body": KEEP_BASE}, {"body": KEEP_MINE}, {"body": KEEP_THEIRS}, {"body": ("paragraphs",)}
    ).conflicts
    assert keep_side(conflict, {"body": ("paragraphs",)}, side) == expected


def test_keep_side_on_text_field_takes_that_value():
    from pressroom.domain.merge import keep_side

    (conflict,) = merge3(
        {"title": "b"}, {"title": "m"}, {"title": "t"}, {"title": ("text",)}
    ).conflicts
    assert keep_side(conflict, {"title": ("text",)}, "theirs") == "t"
    with pytest.raises(ValueError, match="mine or theirs"):
        keep_side(conflict, {"title": ("text",)}, "both")


# --- which choices are valid ---------------------------------------------------------


def test_choices_edit_only_for_text_and_body():
    from pressroom.domain.merge import choices_for

    assert choices_for("title", SOURCE_FIELDS) == ("mine", "theirs", "edit")
    assert choices_for("body", SOURCE_FIELDS) == ("mine", "theirs", "edit")
    assert choices_for("quotes", SOURCE_FIELDS) == ("mine", "theirs")


@pytest.mark.parametrize(
    ("chosen", "edited", "title", "quotes"),
    [
        ({"title": "mine", "quotes": "theirs"}, {}, "Mine", [QA3]),
        ({"title": "edit", "quotes": "mine"}, {"title": "Typed"}, "Typed", [QA2]),
    ],
)
def test_resolve_choices(chosen, edited, title, quotes):
    from pressroom.domain.merge import resolve_choices

    content = resolve_choices(_conflicted(), SOURCE_FIELDS, chosen, edited)
    assert (content["title"], content["quotes"], content["lead"]) == (title, quotes, "L")


@pytest.mark.parametrize(
    "chosen",
    [
        {"title": "mine"},  # no choice for quotes
        {"title": "mine", "quotes": "edit"},  # a list cannot be typed anew
        {"title": "both", "quotes": "mine"},  # not a choice
    ],
)
def test_resolve_choices_refuses_a_field_without_a_valid_choice(chosen):
    from pressroom.domain.errors import ValidationFailed
    from pressroom.domain.merge import resolve_choices

    with pytest.raises(ValidationFailed) as refused:
        resolve_choices(_conflicted(), SOURCE_FIELDS, chosen, {"quotes": "x"})
    assert set(refused.value.details) == {
        c
        for c in ("title", "quotes")
        if chosen.get(c) not in ("mine", "theirs")
        and not (c == "title" and chosen.get(c) == "edit")
    }
