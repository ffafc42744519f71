"""Quotes with stable ids (several per organization), old stored content read in today's
shape, and the Cyrillic transliteration suggestion for names."""

from __future__ import annotations

import pytest

from pressroom.domain.content import upgrade_content
from pressroom.domain.errors import ValidationFailed
from pressroom.domain.translation import (
    clean_translation,
    from_slots,
    is_complete,
    legacy_source_hash,
    source_hash,
    status_of,
    to_slots,
)
from pressroom.domain.transliteration import to_cyrillic, uses_cyrillic
from pressroom.domain.validation import validate_content
from pressroom.rendering.compose import OrgIdentity, compose_document

ORGS = {"odihr", "pace"}
BASE = {
    "title": "T",
    "body": "One.",
    "dateline_city": "Astana",
    "dateline_date": "2007-08-19",
    "organizations": ["odihr", "pace"],
}
OLD_SOURCE = {
    **BASE,
    "quotes": [
        {"organization": "pace", "speaker": "David Wilshire", "function": "Head", "text": "A."}
    ],
}
OLD_TRANSLATION = {
    "title": "Т",
    "body": "Один.",
    "dateline_city": "Астана",
    "lead": "",
    "quotes": [{"organization": "pace", "function": "Глава", "text": "А."}],
}


def test_old_content_is_upgraded_purely() -> None:
    source = upgrade_content(OLD_SOURCE)
    assert source["quotes"][0]["id"] == "pace"
    assert OLD_SOURCE["quotes"][0].get("id") is None  # the input is not changed
    assert upgrade_content(source) == source  # idempotent
    assert source["quote_style"] == "block"  # the layout old statements had
    assert upgrade_content(OLD_TRANSLATION)["quotes"][0]["id"] == "pace"


def test_an_old_translation_stays_complete_and_current() -> None:
    """Made before speakers were translatable: its recorded hash is the old projection's."""
    source = validate_content(OLD_SOURCE, ORGS).to_dict()
    translation = upgrade_content(OLD_TRANSLATION)
    assert legacy_source_hash(source) != source_hash(source)
    assert status_of(translation, legacy_source_hash(source), source) == "complete"
    assert status_of(translation, "somethingelse", source) == "outdated"


def test_several_quotes_of_one_organization_get_their_own_ids() -> None:
    quotes = [
        {"organization": "pace", "speaker": "A", "text": "One."},
        {"organization": "pace", "speaker": "B", "text": "Two."},
        {"id": "pace-2", "organization": "odihr", "speaker": "C", "text": "Three."},
    ]
    content = validate_content({**BASE, "quotes": quotes}, ORGS)
    assert [q.id for q in content.quotes] == ["pace", "pace-3", "pace-2"]
    with pytest.raises(ValidationFailed) as failed:
        validate_content({**BASE, "quotes": [{**quotes[2]}, {**quotes[2]}]}, ORGS)
    assert "quotes" in failed.value.details


def test_translations_match_quotes_by_id() -> None:
    source = validate_content(
        {
            **BASE,
            "quote_style": "block",
            "quotes": [
                {
                    "id": "a",
                    "organization": "pace",
                    "honorific": "Ambassador",
                    "speaker": "Ann Lee",
                    "function": "Head",
                    "text": "First.",
                },
                {"id": "b", "organization": "pace", "speaker": "Bo Kim", "text": "Second."},
            ],
        },
        ORGS,
    ).to_dict()
    values = {
        "title": "Т",
        "dateline_city": "Астана",
        "body-0": "Один.",
        "quote-b-text": "Второй.",
        "quote-a-text": "Первый.",
        "quote-a-function": "Глава",
        "quote-a-honorific": "посол",
        "quote-a-speaker": "Энн Ли",
    }
    translation = clean_translation(from_slots(values, source), ORGS)
    assert [q["id"] for q in translation["quotes"]] == ["a", "b"]
    assert to_slots(translation, source)["quote-a-speaker"] == "Энн Ли"
    assert is_complete(translation, source)
    orgs = [OrgIdentity("odihr", "ODIHR", "ODIHR"), OrgIdentity("pace", "ПАСЕ", "ПАСЕ")]
    doc = compose_document("ru", source, translation, orgs)
    assert [(q.speaker, q.function, q.text) for q in doc.quotes] == [
        ("посол Энн Ли", "Глава", "Первый."),
        ("Bo Kim", "", "Второй."),
    ]
    assert doc.quotes[0].quoted == "«Первый»."  # Russian: the full stop outside


def test_translated_contacts_replace_the_source_names() -> None:
    source = validate_content(
        {
            **BASE,
            "contacts": [
                {
                    "organization": "pace",
                    "name": "Bas Klein",
                    "phone": "+33 662 265 489",
                    "email": "bas.klein@coe.int",
                    "affiliation": "PACE",
                }
            ],
        },
        ORGS,
    ).to_dict()
    orgs = [OrgIdentity("odihr", "БДИПЧ", "БДИПЧ"), OrgIdentity("pace", "ПАСЕ", "ПАСЕ")]
    plain = compose_document("ru", source, {}, orgs).contacts[0]
    assert (plain.name, plain.organization) == ("Bas Klein", "PACE")
    untranslated = compose_document("ru", source, {"title": "Т"}, orgs).contacts[0]
    assert untranslated.organization == "ПАСЕ"  # the org's name in the language, not "PACE"
    translated = compose_document(
        "ru",
        source,
        {"contacts": [{"email": "BAS.KLEIN@coe.int", "name": "Бас Клейн", "affiliation": ""}]},
        orgs,
    )
    assert (translated.contacts[0].name, translated.contacts[0].organization) == (
        "Бас Клейн",
        "ПАСЕ",
    )


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("David Wilshire", "Дэвид Уилшир"),
        ("Lubomir Kopaj", "Лубомир Копай"),
        ("Consiglio Di Nino", "Консильо Ди Нино"),
        ("Klas Bergman", "Клас Бергман"),
        ("Urdur Gunnarsdottir", "Урдур Гуннарсдоттир"),
        ("Sasha Zhukov", "Саша Жуков"),
        ("Cecile", "Сесиле"),
        ("Erik", "Эрик"),
        ("Anna-Maria O'Neil 2nd", "Анна-Мариа О'Неил 2нд"),
        ("Дэвид", "Дэвид"),  # already Cyrillic: unchanged
    ],
)
def test_transliteration_suggestion(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


def test_cyrillic_languages() -> None:
    assert uses_cyrillic("ru") and uses_cyrillic("kk") and uses_cyrillic("uk_UA")
    assert not uses_cyrillic("fr") and not uses_cyrillic("")
