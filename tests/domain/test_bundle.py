"""The bundle hash: every part of what will be published changes it; parts whose order
means nothing (target languages, the translations' mapping) do not."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressroom.domain.bundle import Bundle, BundleRefs, bundle_hash, changes_between

BASE = Bundle(
    version=1, source_language="en", source_hash="a" * 64,
    organizations=("odihr", "osce-pa", "pace"), languages=frozenset({"ru", "fr"}),
    translations={"ru": "b" * 64, "fr": "c" * 64}, timezone="Asia/Almaty",
    correction_note="",
)

CHANGED = {
    "source text": {"source_hash": "d" * 64},
    "a translation": {"translations": {"ru": "e" * 64, "fr": "c" * 64}},
    "a translation missing": {"translations": {"ru": None, "fr": "c" * 64}},
    "target languages": {"languages": frozenset({"ru", "fr", "de"}),
                         "translations": {"ru": "b" * 64, "fr": "c" * 64, "de": None}},
    "organizations": {"organizations": ("odihr", "osce-pa")},
    "lead organization": {"organizations": ("osce-pa", "odihr", "pace")},
    "time zone": {"timezone": "Europe/Vienna"},
    "version": {"version": 2},
    "correction note": {"correction_note": "Fixed the number of seats."},
    "source language": {"source_language": "ru"},
}


@pytest.mark.parametrize("part", CHANGED)
def test_every_part_changes_the_hash(part):
    assert bundle_hash(dataclasses.replace(BASE, **CHANGED[part])) != bundle_hash(BASE)


UNCHANGED = {
    "languages in another order": {"languages": frozenset(["fr", "ru"])},
    "translations listed in another order": {"translations": {"fr": "c" * 64, "ru": "b" * 64}},
    "a translation of a language not targeted": {
        "translations": {"ru": "b" * 64, "fr": "c" * 64, "de": "f" * 64}},
}


@pytest.mark.parametrize("part", UNCHANGED)
def test_order_insensitive_parts_keep_the_hash(part):
    assert bundle_hash(dataclasses.replace(BASE, **UNCHANGED[part])) == bundle_hash(BASE)


def test_hash_is_sha256_hex_and_stable():
    value = bundle_hash(BASE)
    assert len(value) == 64 and int(value, 16) >= 0
    assert bundle_hash(dataclasses.replace(BASE)) == value


def test_changes_name_what_changed_with_revision_numbers():
    new = dataclasses.replace(BASE, translations={"ru": "e" * 64, "fr": "c" * 64},
                              timezone="Europe/Vienna")
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
    again = dataclasses.replace(BASE, languages=frozenset(shuffled),
                                translations={lang: hashes[lang] for lang in shuffled})
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
