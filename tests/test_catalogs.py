"""Every UI string is translated in every catalog, and translations keep placeholders.

Fails when a catalog lags the strings in the code: run `make update-catalogs`, translate,
and commit the .po files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "ru", "de")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "msg": None,
}  # msg: the domain's messages, translated at the edge
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def extracted() -> set[str]:
    method_map = [("pressroom/**.py", "python"), ("templates/**.html", "jinja2")]
    ids: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=KEYWORDS
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


@pytest.fixture(scope="module")
def code_messages() -> set[str]:
    return extracted()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_complete(lang: str, code_messages: set[str]) -> None:
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh)
    missing = sorted(m for m in code_messages if catalog.get(m) is None)
    assert not missing, f"{lang}: not in the catalog (make update-catalogs): {missing[:10]}"
    untranslated = sorted(m.id for m in catalog if m.id and not m.string)
    assert not untranslated, f"{lang}: untranslated: {untranslated[:10]}"
    fuzzy = sorted(m.id for m in catalog if m.id and m.fuzzy)
    assert not fuzzy, f"{lang}: fuzzy: {fuzzy[:10]}"
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        target = message.string if isinstance(message.string, str) else message.string[0]
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), (
            f"{lang}: placeholders differ in {source!r} -> {target!r}"
        )
