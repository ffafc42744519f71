"""Word diffs, changed fields and changed paragraphs."""

from __future__ import annotations

from typing import Any

import pytest

from pressroom.domain.diff import changed_fields, changed_paragraphs, word_diff


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("", "", [], id="both-empty"),
        pytest.param("same text", "same text", [("equal", "same text")], id="identical"),
        pytest.param("", "new", [("insert", "new")], id="from-empty"),
        pytest.param("old", "", [("delete", "old")], id="to-empty"),
        pytest.param(
            "The quick fox jumps.",
            "The slow fox jumps!",
            [
                ("equal", "The "),
                ("delete", "quick"),
                ("insert", "slow"),
                ("equal", " fox jumps"),
                ("delete", "."),
                ("insert", "!"),
            ],
            id="word-and-punctuation",
        ),
        pytest.param(
            "Мы приветствуем решение.",
            "Мы горячо приветствуем решение.",
            [("equal", "Мы "), ("insert", "горячо "), ("equal", "приветствуем решение.")],
            id="cyrillic-insert",
        ),
        pytest.param(
            "alpha beta gamma",
            "one two three",
            [("delete", "alpha beta gamma"), ("insert", "one two three")],
            id="spaces-do-not-anchor",
        ),
    ],
)
def test_word_diff_exact(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    assert word_diff(old, new) == expected


ROUND_TRIP = [
    ("", "Hello, world."),
    ("Hello, world.", "Hello, brave new world!"),
    ("Алматы, 5 марта — Казахстан", "Астана, 6 марта – Республика Казахстан"),
    ("Қазақстан Республикасы", "Қазақстан Республикасының үкіметі"),
    ("line one\nline two\n\nline three", "line one\n\nline 2\nline three  "),
    ("a a a a b", "b a a a a"),
    (
        "e-mail: anna@example.org, tel. +7 701 795 04 86",
        "E-mail: Anna@example.org; tel.: +7 (701) 795-04-86",
    ),
]


@pytest.mark.parametrize(("old", "new"), ROUND_TRIP + [(n, o) for o, n in ROUND_TRIP])
def test_word_diff_round_trip(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert "".join(text for op, text in ops if op != "insert") == old
    assert "".join(text for op, text in ops if op != "delete") == new
    assert all(op in {"equal", "insert", "delete"} and text for op, text in ops)
    assert all(a[0] != b[0] for a, b in zip(ops, ops[1:], strict=False)), "not coalesced"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param({}, {}, [], id="empty"),
        pytest.param({"title": "A"}, {"title": "A"}, [], id="unchanged"),
        pytest.param(
            {"title": "A", "contacts": [], "body": "x", "zeta": 1, "alpha": 1},
            {"title": "B", "contacts": [{"email": "a@b.c"}], "body": "y", "zeta": 2},
            ["title", "body", "contacts", "alpha", "zeta"],
            id="source-order-then-alphabetical",
        ),
        pytest.param({"lead": ""}, {}, [], id="absent-known-field-is-empty"),
        pytest.param(
            {"organizations": []}, {"organizations": ["a"]}, ["organizations"], id="list-changed"
        ),
        pytest.param(
            {"organizations": ["a", "b"]},
            {"organizations": ["b", "a"]},
            ["organizations"],
            id="order-matters",
        ),
    ],
)
def test_changed_fields(old: dict[str, Any], new: dict[str, Any], expected: list[str]) -> None:
    assert changed_fields(old, new) == expected


P = ["One.", "Two.", "Three.", "Four."]


def body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(body(*P), body(*P), [], id="unchanged"),
        pytest.param("", body(*P), [0, 1, 2, 3], id="all-new"),
        pytest.param(body(*P), "", [], id="all-removed"),
        pytest.param(body(*P), body(P[0], "Two!", *P[2:]), [1], id="edited"),
        pytest.param(body(*P), body("Zero.", *P), [0], id="inserted-shifts-nothing-else"),
        pytest.param(body(*P), body(*P[:2], *P[3:]), [], id="removed"),
        pytest.param(body(*P), body(*P[1:], P[0]), [3], id="moved"),
        pytest.param(
            body(*P), "One.\r\n\r\nTwo.  \n\n\n\nThree.\n\nFour.", [], id="whitespace-only"
        ),
        pytest.param(
            "Первый.\n\nВторой.", "Первый.\n\nВторой абзац.\n\nТретий.", [1, 2], id="cyrillic"
        ),
    ],
)
def test_changed_paragraphs(old: str, new: str, expected: list[int]) -> None:
    assert changed_paragraphs(old, new) == expected


def test_elide_unchanged_keeps_the_words_next_to_changes() -> None:
    from pressroom.domain.diff import elide_unchanged

    before = " ".join(f"a{i}" for i in range(200))
    after = " ".join(f"b{i}" for i in range(200))
    ops = [("equal", before + " "), ("insert", "very "), ("equal", "good " + after)]
    short = elide_unchanged(ops, keep=30)
    assert short[1] == ("insert", "very ")
    assert short[0][1].startswith("… ") and short[0][1].endswith("a199 ")
    assert short[2][1].startswith("good b0") and short[2][1].endswith(" …")
    assert len(short[0][1]) <= 32 and len(short[2][1]) <= 32
    middle = [("delete", "x"), ("equal", before), ("insert", "y")]
    ((_, kept),) = [op for op in elide_unchanged(middle, keep=30) if op[0] == "equal"]
    assert kept.startswith("a0 a1") and " … " in kept and kept.endswith("a199")
    assert elide_unchanged([("equal", "short")], keep=30) == [("equal", "short")]
    assert elide_unchanged([("equal", before)], keep=30) == [("equal", before)]
