"""Phone numbers (E.164 in storage, international for display) and vCards."""

from __future__ import annotations

import pytest

from pressroom.rendering.phones import format_phone, normalize_phone
from pressroom.rendering.vcard import contact_vcard, escape_value, fold_line


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+7 701 795 0486", "+77017950486"),
        ("+7 (701) 795-05-00", "+77017950500"),
        ("+33 662 265 489", "+33662265489"),
        (" +48 22 520 06 00 ", "+48225200600"),
    ],
)
def test_normalize_phone(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("8 701 795 0486", "international"),
        ("701 795 0486", "international"),
        ("", "international"),
        ("+7 12", "not a valid number"),
        ("+999 123 456", "+999"),
        ("+abc", "cannot be read"),
    ],
)
def test_normalize_phone_rejects(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match="Phone number") as info:
        normalize_phone(raw)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("e164", "display"),
    [
        ("+77017950486", "+7 701 795 0486"),
        ("+77017950500", "+7 701 795 0500"),
        ("+33662265489", "+33 6 62 26 54 89"),
    ],
)
def test_format_phone(e164: str, display: str) -> None:
    assert format_phone(e164) == display
    assert normalize_phone(display) == e164


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_vcard_structure_and_crlf() -> None:
    card = contact_vcard("Klas Bergman", "OSCE PA", "+77017950486", "klas@oscepa.dk")
    assert card.endswith("\r\n")
    assert "\n" not in card.replace("\r\n", "")
    assert _unfold(card)[:-1] == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Bergman;Klas;;;",
        "FN:Klas Bergman",
        "ORG:OSCE PA",
        "TEL;TYPE=WORK,VOICE:+77017950486",
        "EMAIL;TYPE=INTERNET,WORK:klas@oscepa.dk",
        "END:VCARD",
    ]


def test_vcard_escapes_values() -> None:
    card = contact_vcard("Ann\nX", "Smith, Jones; Co\\Ltd", "+33662265489", "a@b.org")
    lines = _unfold(card)
    assert "ORG:Smith\\, Jones\\; Co\\\\Ltd" in lines
    assert "FN:Ann\\nX" in lines
    assert not any(line.startswith("X") for line in lines)  # no injected property


def test_escape_value() -> None:
    assert escape_value("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne"


def test_vcard_folds_long_lines_on_character_boundaries() -> None:
    org = "Парламентская ассамблея Организации по безопасности и сотрудничеству в Европе"
    card = contact_vcard("Урдур Гуннарсдоттир", org, "+77017950500", "urdur@odihr.pl")
    physical = card.split("\r\n")[:-1]
    assert any(line.startswith(" ") for line in physical)
    for line in physical:
        assert len(line.encode("utf-8")) <= 75
    assert f"ORG:{org}" in _unfold(card)


def test_fold_line_short_line_untouched() -> None:
    assert fold_line("FN:Bas Klein") == "FN:Bas Klein"
    folded = fold_line("X:" + "a" * 200)  # 202 chars: 75 + (1 + 74) + (1 + 53)
    assert [len(part) for part in folded.split("\r\n")] == [75, 75, 54]


def test_vcard_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="needs a name"):
        contact_vcard("", "OSCE", "+77017950486", "a@b.org")
    with pytest.raises(ValueError, match="E.164"):
        contact_vcard("A B", "OSCE", "8 701 795 0486", "a@b.org")
