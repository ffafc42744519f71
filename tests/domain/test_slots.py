"""Choices for a conflicting translation slot."""

import pytest

from pressroom.domain.slots import SlotConflict, field_of, kept_text


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("mine", "Мой."),
        ("theirs", "Их."),
        ("edit", None),
    ],
)
def test_kept_text(choice, expected):
    assert kept_text(SlotConflict("body-1", "Мой.", "Их."), choice) == expected


@pytest.mark.parametrize("choice", ["", "both", "MINE"])
def test_anything_else_is_no_choice(choice):
    with pytest.raises(ValueError, match="choice"):
        kept_text(SlotConflict("title", "a", "b"), choice)


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("body-2", "body"),
        ("body", "body"),
        ("quote-pace-text", "quotes"),
        ("contact-0-name", "contacts"),
        ("title", "title"),
    ],
)
def test_field_of(key, field):
    assert field_of(key) == field
