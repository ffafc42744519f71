"""The bundle hash: every part of what will be published changes it; parts whose order
means nothing (target languages, the translations' mapping) do not."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressroom.domain.bundle import Bundle, BundleRefs, MediaPart, bundle_hash, changes_between

PHOTO = MediaPart(
    kind="photo",
    sha256="1" * 64,
    filename="voters.jpg",
    caption="Voters in Astana",
    credit="OSCE/ODIHR",
    alt="A queue of voters",
    licence="CC BY 4.0",
)
DOCUMENT = MediaPart(
    kind="document",
    sha256="2" * 64,
    filename="statement.pdf",
    caption="Preliminary statement",
    licence="CC BY 4.0",
)
SECOND = dataclasses.replace(PHOTO, sha256="3" * 64, filename="count.jpg")
THIRD = dataclasses.replace(PHOTO, sha256="5" * 64, filename="seats.jpg")
BASE = Bundle(
    version=1,
    source_language="en",
    source_hash="a" * 64,
    organizations=("odihr", "osce-pa", "pace"),
    languages=frozenset({"ru", "fr"}),
    translations={"ru": "b" * 64, "fr": "c" * 64},
    timezone="Asia/Almaty",
    correction_note="",
    media=(PHOTO, SECOND, DOCUMENT),
)

CHANGED = {
    "source text": {"source_hash": "d" * 64},
    "a translation": {"translations": {"ru": "e" * 64, "fr": "c" * 64}},
    "a translation missing": {"translations": {"ru": None, "fr": "c" * 64}},
    "target languages": {
        "languages": frozenset({"ru", "fr", "de"}),
        "translations": {"ru": "b" * 64, "fr": "c" * 64, "de": None},
    },
    "organizations": {"organizations": ("odihr", "osce-pa")},
    "lead organization": {"organizations": ("osce-pa", "odihr", "pace")},
    "time zone": {"timezone": "Europe/Vienna"},
    "version": {"version": 2},
    "correction note": {"correction_note": "Fixed the number of seats."},
    "source language": {"source_language": "ru"},
    "a photo added": {"media": (PHOTO, SECOND, DOCUMENT, THIRD)},
    "a photo removed": {"media": (PHOTO, DOCUMENT)},
    "every medium removed": {"media": ()},
    "photos in another order": {"media": (SECOND, PHOTO, DOCUMENT)},
    "a photo's file": {"media": (dataclasses.replace(PHOTO, sha256="4" * 64), SECOND, DOCUMENT)},
    **{
        f"a photo's {name}": {
            "media": (dataclasses.replace(PHOTO, **{name: "other"}), SECOND, DOCUMENT)
        }
        for name in ("caption", "credit", "alt", "licence", "filename")
    },
    "a document's title": {
        "media": (PHOTO, SECOND, dataclasses.replace(DOCUMENT, caption="Final"))
    },
}


@pytest.mark.parametrize("part", CHANGED)
def test_every_part_changes_the_hash(part):
    assert bundle_hash(dataclasses.replace(BASE, **CHANGED[part])) != bundle_hash(BASE)


UNCHANGED = {
    "languages in another order": {"languages": frozenset(["fr", "ru"])},
    "translations listed in another order": {"translations": {"fr": "c" * 64, "ru": "b" * 64}},
    "documents listed before photos (pages show photos first)": {
        "media": (DOCUMENT, PHOTO, SECOND)
    },
    "a translation of a language not targeted": {
        "translations": {"ru": "b" * 64, "fr": "c" * 64, "de": "f" * 64}
    },
}


@pytest.mark.parametrize("part", UNCHANGED)
def test_order_insensitive_parts_keep_the_hash(part):
    assert bundle_hash(dataclasses.replace(BASE, **UNCHANGED[part])) == bundle_hash(BASE)


def test_a_bundle_without_media_hashes_as_before_media_existed():
    """Approvals given before media existed keep counting after the upgrade."""
    import hashlib

    from pressroom.domain.content import canonical_json

    plain = dataclasses.replace(BASE, media=())
    assert "media" not in plain.parts()
    old_parts = {k: v for k, v in BASE.parts().items() if k != "media"}
    assert (
        bundle_hash(plain) == hashlib.sha256(canonical_json(old_parts).encode("utf-8")).hexdigest()
    )


MEDIA_CHANGES = {
    "added": (
        (PHOTO, SECOND, DOCUMENT, THIRD),
        [("photos", {"added": 1, "removed": 0, "edited": 0, "moved": False})],
    ),
    "removed": (
        (PHOTO, SECOND),
        [("documents", {"added": 0, "removed": 1, "edited": 0, "moved": False})],
    ),
    "caption edited": (
        (dataclasses.replace(PHOTO, caption="x"), SECOND, DOCUMENT),
        [("photos", {"added": 0, "removed": 0, "edited": 1, "moved": False})],
    ),
}


@pytest.mark.parametrize("case", MEDIA_CHANGES)
def test_changes_name_the_photos_or_documents(case):
    media, expected = MEDIA_CHANGES[case]
    new = dataclasses.replace(BASE, media=media)
    assert [(c.code, c.params) for c in changes_between(BASE.parts(), new.parts())] == expected


def test_reordering_photos_is_a_change_of_the_photos_only():
    before = dataclasses.replace(BASE, media=(PHOTO, DOCUMENT, SECOND))
    after = dataclasses.replace(BASE, media=(SECOND, DOCUMENT, PHOTO))
    assert [(c.code, c.params) for c in changes_between(before.parts(), after.parts())] == [
        ("photos", {"added": 0, "removed": 0, "edited": 0, "moved": True})
    ]


def test_hash_is_sha256_hex_and_stable():
    value = bundle_hash(BASE)
    assert len(value) == 64 and int(value, 16) >= 0
    assert bundle_hash(dataclasses.replace(BASE)) == value


def test_changes_name_what_changed_with_revision_numbers():
    new = dataclasses.replace(
        BASE, translations={"ru": "e" * 64, "fr": "c" * 64}, timezone="Europe/Vienna"
    )
    old_refs = BundleRefs(4, {"ru": 2, "fr": 1}).to_dict()
    new_refs = BundleRefs(4, {"ru": 3, "fr": 1}).to_dict()
    found = changes_between(BASE.parts(), new.parts(), old_refs, new_refs)
    assert [(c.code, c.params) for c in found] == [
        ("translation", {"lang": "ru", "old": 2, "new": 3}),
        ("timezone", {"old": "Asia/Almaty", "new": "Europe/Vienna"}),
    ]
    assert changes_between(BASE.parts(), BASE.parts()) == []


LANGS = st.lists(st.sampled_from(["ru", "fr", "de", "kk", "es"]), unique=True, max_size=5)
HEX = st.text("0123456789abcdef", min_size=64, max_size=64)


@settings(max_examples=200, deadline=None)
@given(LANGS, st.data())
def test_any_order_of_languages_and_translations_gives_one_hash(langs, data):
    hashes = {lang: data.draw(st.one_of(st.none(), HEX)) for lang in langs}
    bundle = dataclasses.replace(BASE, languages=frozenset(langs), translations=hashes)
    shuffled = data.draw(st.permutations(langs))
    again = dataclasses.replace(
        BASE, languages=frozenset(shuffled), translations={lang: hashes[lang] for lang in shuffled}
    )
    assert bundle_hash(bundle) == bundle_hash(again)


@settings(max_examples=200, deadline=None)
@given(LANGS.filter(bool), st.data())
def test_any_one_translation_changing_changes_the_hash(langs, data):
    hashes = {lang: data.draw(HEX) for lang in langs}
    bundle = dataclasses.replace(BASE, languages=frozenset(langs), translations=hashes)
    lang = data.draw(st.sampled_from(langs))
    other = data.draw(st.one_of(st.none(), HEX).filter(lambda h: h != hashes[lang]))
    changed = dataclasses.replace(bundle, translations={**hashes, lang: other})
    assert bundle_hash(changed) != bundle_hash(bundle)


PARTS = st.builds(
    MediaPart,
    kind=st.sampled_from(["photo", "document"]),
    sha256=HEX,
    filename=st.text(max_size=10),
    caption=st.text(max_size=20),
    credit=st.text(max_size=10),
    alt=st.text(max_size=10),
    licence=st.text(max_size=10),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PARTS, min_size=2, max_size=5, unique_by=lambda m: m.sha256), st.data())
def test_any_other_order_of_media_changes_the_hash(items, data):
    """Photos are shown before documents: the order within each kind is what counts."""

    def per_kind(seq):  # type: ignore[no-untyped-def]
        return [m.sha256 for m in seq if m.kind == "photo"], [
            m.sha256 for m in seq if m.kind == "document"
        ]

    order = data.draw(st.permutations(items))
    if per_kind(order) == per_kind(items):
        assert bundle_hash(dataclasses.replace(BASE, media=tuple(items))) == bundle_hash(
            dataclasses.replace(BASE, media=tuple(order))
        )
        return
    first = dataclasses.replace(BASE, media=tuple(items))
    second = dataclasses.replace(BASE, media=tuple(order))
    assert bundle_hash(first) != bundle_hash(second)
    codes = {c.code for c in changes_between(first.parts(), second.parts())}
    assert codes and codes <= {"photos", "documents"}


@settings(max_examples=200, deadline=None)
@given(st.lists(PARTS, min_size=1, max_size=4, unique_by=lambda m: m.sha256), st.data())
def test_any_one_media_field_changing_changes_the_hash(items, data):
    index = data.draw(st.integers(0, len(items) - 1))
    name = data.draw(st.sampled_from(["filename", "caption", "credit", "alt", "licence"]))
    value = data.draw(st.text(max_size=20).filter(lambda v: v != getattr(items[index], name)))
    changed = list(items)
    changed[index] = dataclasses.replace(items[index], **{name: value})
    before = dataclasses.replace(BASE, media=tuple(items))
    after = dataclasses.replace(BASE, media=tuple(changed))
    assert bundle_hash(before) != bundle_hash(after)
    found = changes_between(before.parts(), after.parts())
    assert [c.code for c in found] == [items[index].kind + "s"]
    assert found[0].params["edited"] == 1
