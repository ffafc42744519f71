"""The release bundle: everything that will be published, and the hash approvals bind to.

A head of delegation approves a bundle, not only the source text: the source revision,
each target language's translation, the target-language list, the participating
organizations, the embargo time zone, the version and a correction's note. Contacts,
dateline and the further-information link are part of the source content. A change to any
part gives a new `bundle_hash`, and approvals of the old one stop counting.

Pure: no Flask, no database. Parts are identified by content hashes (the same text has the
same hash everywhere); the revision numbers in `BundleRefs` only help people read what
changed and are not hashed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pressroom.domain.content import canonical_json

FORMAT = 1  # bumped if the serialization ever changes, so old hashes can never match


@dataclass(frozen=True)
class Bundle:
    version: int  # the release version being prepared (a correction is version N+1)
    source_language: str
    source_hash: str  # content hash of the source revision
    organizations: tuple[str, ...]  # slugs, lead first: order matters
    languages: frozenset[str]  # target languages: order does not matter
    translations: Mapping[str, str | None]  # target language -> translation content hash
    timezone: str  # the embargo's and publication times' zone
    correction_note: str = ""

    def parts(self) -> dict[str, Any]:
        """The canonical document that is hashed (also stored, to say what changed)."""
        return {
            "format": FORMAT,
            "version": self.version,
            "source_language": self.source_language,
            "source": self.source_hash,
            "organizations": list(self.organizations),
            "languages": sorted(self.languages),
            # Only the target languages' translations belong to the bundle.
            "translations": {lang: self.translations.get(lang) for lang in sorted(self.languages)},
            "timezone": self.timezone,
            "correction_note": self.correction_note,
        }


def bundle_hash(bundle: Bundle) -> str:
    """SHA-256 (hex) of the bundle's canonical serialization."""
    return hashlib.sha256(canonical_json(bundle.parts()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BundleRefs:
    """Which stored revisions a bundle was made of (for diffs and messages, not hashed)."""

    source_revision: int  # revision number
    translations: Mapping[str, int | None] = field(default_factory=dict)  # lang -> number

    def to_dict(self) -> dict[str, Any]:
        return {"source_revision": self.source_revision,
                "translations": dict(sorted(self.translations.items()))}


@dataclass(frozen=True)
class Change:
    """One part that differs between two bundles; `code` is stable, params fill a message."""

    code: str  # source | translation | languages | organizations | timezone | version | note
    params: dict[str, Any] = field(default_factory=dict)


def changes_between(old: Mapping[str, Any], new: Mapping[str, Any],
                    old_refs: Mapping[str, Any] | None = None,
                    new_refs: Mapping[str, Any] | None = None) -> list[Change]:
    """What differs between two bundles' `parts()` (as stored), in reading order."""
    old_refs, new_refs = old_refs or {}, new_refs or {}
    found: list[Change] = []
    if old.get("source") != new.get("source"):
        found.append(Change("source", {"old": old_refs.get("source_revision"),
                                       "new": new_refs.get("source_revision")}))
    old_tr, new_tr = old.get("translations") or {}, new.get("translations") or {}
    for lang in sorted(set(old_tr) & set(new_tr)):
        if old_tr[lang] != new_tr[lang]:
            found.append(Change("translation", {
                "lang": lang,
                "old": (old_refs.get("translations") or {}).get(lang),
                "new": (new_refs.get("translations") or {}).get(lang)}))
    if old.get("languages") != new.get("languages"):
        found.append(Change("languages", {
            "added": sorted(set(new.get("languages") or []) - set(old.get("languages") or [])),
            "removed": sorted(set(old.get("languages") or []) - set(new.get("languages") or []))}))
    for key, code in (("organizations", "organizations"), ("timezone", "timezone"),
                      ("version", "version"), ("correction_note", "note"),
                      ("source_language", "source_language")):
        if old.get(key) != new.get(key):
            found.append(Change(code, {"old": old.get(key), "new": new.get(key)}))
    return found
