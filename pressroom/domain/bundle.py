"""The release bundle: everything that will be published, and the hash approvals bind to.

A head of delegation approves a bundle, not only the source text: the source revision,
each target language's translation, the target-language list, the participating
organizations, the embargo time zone, the version, a correction's note and the media
(photos and documents: content hash, file name, caption, credit, alt text and licence of
each, in their order). Contacts,
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
class MediaPart:
    """One photo or document as published: the stored file's SHA-256 and what is said
    about it. Every field is hashed; so is the order of the media."""

    kind: str  # "photo" | "document"
    sha256: str
    filename: str = ""
    caption: str = ""
    credit: str = ""
    alt: str = ""
    licence: str = ""

    def parts(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "sha256": self.sha256,
            "filename": self.filename,
            "caption": self.caption,
            "credit": self.credit,
            "alt": self.alt,
            "licence": self.licence,
        }


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
    media: tuple[MediaPart, ...] = ()  # photos in their order, documents in theirs

    def parts(self) -> dict[str, Any]:
        """The canonical document that is hashed (also stored, to say what changed). A
        bundle without media has no "media" key, so bundles made before media existed
        keep their hashes (and the approvals given for them)."""
        parts: dict[str, Any] = {
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
        if self.media:
            # Photos first, then documents (as every page shows them), each in their order.
            parts["media"] = [
                item.parts() for item in sorted(self.media, key=lambda m: m.kind != "photo")
            ]
        return parts


def bundle_hash(bundle: Bundle) -> str:
    """SHA-256 (hex) of the bundle's canonical serialization."""
    return hashlib.sha256(canonical_json(bundle.parts()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BundleRefs:
    """Which stored revisions a bundle was made of (for diffs and messages, not hashed)."""

    source_revision: int  # revision number
    translations: Mapping[str, int | None] = field(default_factory=dict)  # lang -> number

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_revision": self.source_revision,
            "translations": dict(sorted(self.translations.items())),
        }


@dataclass(frozen=True)
class Change:
    """One part that differs between two bundles; `code` is stable, params fill a message."""

    code: str  # source | translation | languages | organizations | timezone | version | note
    #            | photos | documents
    params: dict[str, Any] = field(default_factory=dict)


def changes_between(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    old_refs: Mapping[str, Any] | None = None,
    new_refs: Mapping[str, Any] | None = None,
) -> list[Change]:
    """What differs between two bundles' `parts()` (as stored), in reading order."""
    old_refs, new_refs = old_refs or {}, new_refs or {}
    found: list[Change] = []
    if old.get("source") != new.get("source"):
        found.append(
            Change(
                "source",
                {"old": old_refs.get("source_revision"), "new": new_refs.get("source_revision")},
            )
        )
    old_tr, new_tr = old.get("translations") or {}, new.get("translations") or {}
    for lang in sorted(set(old_tr) & set(new_tr)):
        if old_tr[lang] != new_tr[lang]:
            found.append(
                Change(
                    "translation",
                    {
                        "lang": lang,
                        "old": (old_refs.get("translations") or {}).get(lang),
                        "new": (new_refs.get("translations") or {}).get(lang),
                    },
                )
            )
    if old.get("languages") != new.get("languages"):
        found.append(
            Change(
                "languages",
                {
                    "added": sorted(
                        set(new.get("languages") or []) - set(old.get("languages") or [])
                    ),
                    "removed": sorted(
                        set(old.get("languages") or []) - set(new.get("languages") or [])
                    ),
                },
            )
        )
    for key, code in (
        ("organizations", "organizations"),
        ("timezone", "timezone"),
        ("version", "version"),
        ("correction_note", "note"),
        ("source_language", "source_language"),
    ):
        if old.get(key) != new.get(key):
            found.append(Change(code, {"old": old.get(key), "new": new.get(key)}))
    for kind, code in (("photo", "photos"), ("document", "documents")):
        change = _media_change(old.get("media") or [], new.get("media") or [], kind)
        if change:
            found.append(Change(code, change))
    return found


def _media_change(
    old: list[dict[str, Any]], new: list[dict[str, Any]], kind: str
) -> dict[str, Any]:
    """Photos (or documents) added, removed, edited (same file, other words) or moved;
    empty when they are the same."""
    before = [m for m in old if m.get("kind") == kind]
    after = [m for m in new if m.get("kind") == kind]
    if before == after:
        return {}
    old_files = {m["sha256"]: m for m in before}
    new_files = {m["sha256"]: m for m in after}
    kept = [sha for sha in new_files if sha in old_files]
    return {
        "added": len(set(new_files) - set(old_files)),
        "removed": len(set(old_files) - set(new_files)),
        "edited": sum(1 for sha in kept if old_files[sha] != new_files[sha]),
        "moved": [m["sha256"] for m in before if m["sha256"] in new_files]
        != [m["sha256"] for m in after if m["sha256"] in old_files],
    }
