"""@mentions: who a comment's text names, by display name or e-mail local part."""

import pytest

from pressroom.domain.mentions import Candidate, mentioned_ids
from pressroom.domain.notifications import EMAIL_DEFAULTS, Kind, email_settings, wants_email

PEOPLE = [
    Candidate(1, ("Anna", "anna")),
    Candidate(2, ("Anna Maria Petrova", "amp")),
    Candidate(3, ("Urdur Gunnarsdottir", "urdur.g")),
    Candidate(4, ("Дмитрий Иванов", "d.ivanov")),
    Candidate(5, ("Annabel", "bel")),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@Anna please look", [1]),
        ("@anna please look", [1]),  # case-insensitive
        ("@ANNA MARIA PETROVA, the quote?", [2]),  # the longest name wins
        ("@Anna Maria: is it Anna?", [1]),  # "Anna Maria" alone names nobody longer
        ("@Annabel agrees", [5]),  # not Anna: the name runs on
        ("@annab is nobody", []),
        ("@urdur.g, the count?", [3]),  # the e-mail's local part, with its full stop
        ("Thanks @Urdur Gunnarsdottir.", [3]),  # a full stop ends the sentence
        ("@дмитрий иванов, посмотрите", [4]),  # any script
        ("@d.ivanov and @amp", [4, 2]),  # in the order of first mention
        ("@anna @Anna again", [1]),  # each person once
        ("write to anna@example.org", []),  # an e-mail address is no mention
        ("press@anna", []),
        ("(@anna)", [1]),
        ("@ anna", []),
        ("@", []),
        ("no mention at all", []),
        ("@bel\n@amp", [5, 2]),
    ],
)
def test_mentions(text: str, expected: list[int]) -> None:
    assert mentioned_ids(text, PEOPLE) == expected


def test_blank_names_match_nothing() -> None:
    assert mentioned_ids("@ hello", [Candidate(9, ("", " "))]) == []


def test_email_defaults_all_but_outdated_translations() -> None:
    assert {k for k, on in EMAIL_DEFAULTS.items() if not on} == {Kind.translation_outdated}
    assert wants_email(None, Kind.review_requested)
    assert not wants_email({}, Kind.translation_outdated)
    assert wants_email({"translation_outdated": True}, Kind.translation_outdated)
    assert not wants_email({"approval_dismissed": False}, Kind.approval_dismissed)


def test_stored_choices_name_every_kind() -> None:
    stored = email_settings({"mentioned", "not-a-kind"})
    assert set(stored) == {k.value for k in Kind}
    assert [k for k, on in stored.items() if on] == ["mentioned"]
