"""Languages, in one place: the interface languages and what a language code looks like.

A statement may be written and translated in any language Babel knows (kk, pt_BR...);
the interface (menus, mail, the newsroom's own pages) exists in UI_LANGUAGES only."""

from __future__ import annotations

import re

#: The interface languages, English first (the default); config LANGUAGES starts from it.
UI_LANGUAGES = ("en", "fr", "ru", "de")
#: Each interface language in its own words (the language menu).
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ru": "Русский", "de": "Deutsch"}

#: A language tag as stored and rendered: a Babel locale id (kk, pt_BR, zh_Hans_CN) or a
#: BCP 47 tag; refuses Babel's "root" and anything that could break out of an attribute.
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")

#: A language in a public URL or a newsroom filter: lower case, at most one subtag.
URL_LANG_PATTERN = r"^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})?$"
#: The same as an optional query parameter (empty: no filter).
OPTIONAL_URL_LANG_PATTERN = r"^([a-z]{2,3}([_-][A-Za-z0-9]{2,8})?)?$"
URL_LANG = re.compile(URL_LANG_PATTERN)
