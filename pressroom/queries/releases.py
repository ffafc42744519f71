"""Read side of published releases: what the public may see, now, and what a hash proves.

A release is public when it was not cancelled and its public_at (publication or embargo
end) has passed; nothing flips a flag at the embargo, readers compare with the clock."""

from __future__ import annotations

import datetime as dt
import enum
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import aliased, selectinload

from pressroom import clock
from pressroom.db import db
from pressroom.models import (
    Approval,
    Artifact,
    ArtifactKind,
    Decision,
    Release,
    Revision,
    Statement,
)


class Verdict(enum.StrEnum):
    genuine = "genuine"  # current, public release
    superseded = "superseded"  # a corrected version replaced it
    withdrawn = "withdrawn"  # withdrawn by the lead organization
    unknown = "unknown"  # not a document we published (or not public yet)
    # A short hash (printed on the PDF) names a public release but proves nothing about a
    # file: the page says which release it is and asks for the file or its full SHA-256.
    short_hash = "short_hash"


def _plausible(slug: str, version: int | None) -> bool:
    """URL values no statement can have (NUL, out-of-range numbers) are simply not found,
    rather than errors from the database driver."""
    return "\x00" not in slug and (version is None or 0 < version < 2**31)


def _public(now: dt.datetime) -> list[sa.ColumnElement[bool]]:
    return [Release.cancelled_at.is_(None), Release.public_at <= now]


def public_release(slug: str, version: int | None = None) -> Release | None:
    """The newest public version of the statement `slug`, or exactly `version`."""
    if not _plausible(slug, version):
        return None
    query = (
        sa.select(Release)
        .join(Statement, Statement.id == Release.statement_id)
        .where(Statement.slug == slug, *_public(clock.now()))
        .options(selectinload(Release.artifacts))
    )
    if version is not None:
        query = query.where(Release.version == version)
    return db.session.scalar(query.order_by(Release.version.desc()).limit(1))


def public_release_of_bundle(bundle_hash: str) -> Release | None:
    if len(bundle_hash) != 64 or not _plausible(bundle_hash, None):
        return None
    return db.session.scalar(
        sa.select(Release)
        .where(Release.bundle_hash == bundle_hash, *_public(clock.now()))
        .order_by(Release.version.desc())
        .limit(1)
    )


def artifact(release: Release, lang: str, kind: ArtifactKind) -> Artifact | None:
    return next((a for a in release.artifacts if a.lang == lang and a.kind == kind), None)


def languages(release: Release) -> list[str]:
    return sorted({a.lang for a in release.artifacts})


def is_superseded(release: Release, now: dt.datetime | None = None) -> bool:
    if release.superseded_by_id is None:
        return False
    newer = db.session.get(Release, release.superseded_by_id)
    return (
        newer is not None and newer.cancelled_at is None and newer.public_at <= (now or clock.now())
    )


def verdict(release: Release) -> Verdict:
    if release.withdrawn_at is not None:
        return Verdict.withdrawn
    if is_superseded(release):
        return Verdict.superseded
    return Verdict.genuine


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    release: Release | None = None
    artifact: Artifact | None = None
    state: Verdict | None = None  # for a short hash: the named release's own verdict


def verify_hash(value: str) -> Verification:
    """A full SHA-256 of a published file, or the short hash printed on the PDF."""
    value = value.strip().lower()
    if not value or any(c not in "0123456789abcdef" for c in value) or len(value) < 8:
        return Verification(Verdict.unknown)
    now = clock.now()
    if len(value) == 64:
        found = db.session.scalar(
            sa.select(Artifact)
            .join(Release)
            .where(Artifact.sha256 == value, *_public(now))
            .limit(1)
        )
        if found is not None:
            return Verification(verdict(found.release), found.release, found)
    # Only public releases are searched, and only their frozen data is shown.
    release = (
        db.session.scalar(
            sa.select(Release)
            .where(Release.bundle_hash.startswith(value), *_public(now))
            .order_by(Release.version.desc())
            .limit(1)
        )
        if len(value) <= 16
        else None
    )
    if release is None:
        return Verification(Verdict.unknown)
    return Verification(Verdict.short_hash, release, state=verdict(release))


def approvals_for(release: Release) -> list[Approval]:
    """Who approved exactly the published bundle: the latest approval of each organization,
    in the order given (pressroom.web.presenters.approval_lines words them)."""
    # Releases from before bundles were approved by source hash alone (bundle_hash "").
    bound = (
        (Approval.bundle_hash == release.bundle_hash)
        if release.bundle_hash != release.source_hash
        else sa.or_(
            Approval.bundle_hash == release.bundle_hash,
            sa.and_(Approval.bundle_hash == "", Approval.content_hash == release.source_hash),
        )
    )
    rows = db.session.scalars(
        sa.select(Approval)
        .where(
            Approval.statement_id == release.statement_id,
            bound,
            Approval.decision == Decision.approve,
        )
        .options(selectinload(Approval.organization), selectinload(Approval.user))
        .order_by(Approval.id)
    )
    return list({a.organization_id: a for a in rows}.values())


def public_versions(statement_id: int) -> list[Release]:
    return list(
        db.session.scalars(
            sa.select(Release)
            .where(Release.statement_id == statement_id, *_public(clock.now()))
            .order_by(Release.version)
        )
    )


@dataclass(frozen=True)
class PublicFile:
    sha256: str
    size: int
    version: int
    release_id: int
    withdrawn: bool


# Download URLs are the hot path when an embargo lifts and every newsroom asks at once.
# Lookups of already-public files are kept a few seconds per process (config
# PUBLIC_FILE_CACHE_SECONDS; HTTP caches keep stable URLs far longer anyway). Nothing
# unpublished is ever cached, and this process forgets a slug as soon as it changes it.
_file_cache: dict[tuple[str, str, str, int | None], tuple[float, PublicFile]] = {}


def forget(slug: str) -> None:
    for key in [k for k in _file_cache if k[0] == slug]:
        _file_cache.pop(key, None)


def public_file(
    slug: str, lang: str, kind: ArtifactKind, version: int | None = None
) -> PublicFile | None:
    """The stored file behind a public download URL."""
    ttl = current_app.config.get("PUBLIC_FILE_CACHE_SECONDS", 0)
    key = (slug, lang, kind.value, version)
    if ttl:
        hit = _file_cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
    found = _lookup_file(slug, lang, kind, version)
    if ttl and found is not None:
        _file_cache[key] = (time.monotonic() + ttl, found)
    return found


def _lookup_file(
    slug: str, lang: str, kind: ArtifactKind, version: int | None
) -> PublicFile | None:
    if not _plausible(slug, version) or "\x00" in lang:
        return None
    query = (
        sa.select(Artifact.sha256, Artifact.size, Release.version, Release.id, Release.withdrawn_at)
        .join(Release, Release.id == Artifact.release_id)
        .join(Statement, Statement.id == Release.statement_id)
        .where(
            Statement.slug == slug,
            Artifact.lang == lang,
            Artifact.kind == kind,
            *_public(clock.now()),
        )
    )
    if version is not None:
        query = query.where(Release.version == version)
    # Core execution: plain tuples, no ORM result machinery on the hot path.
    row = db.session.connection().execute(query.order_by(Release.version.desc()).limit(1)).first()
    if row is None:
        return None
    return PublicFile(row.sha256, row.size, row.version, row.id, row.withdrawn_at is not None)


# --- the published tree (services/published_tree.py) -------------------------------------


def served_pdf_hashes(among: set[str] | None = None) -> set[str]:
    """SHA-256 of every PDF that `/files/<sha256>.pdf` serves now (optionally only those
    `among` the given ones): part of a public release and of no withdrawn one. This is what
    the published tree holds; nothing embargoed, cancelled or withdrawn is in it."""
    withdrawn = aliased(Artifact)
    query = (
        sa.select(Artifact.sha256)
        .distinct()
        .join(Release, Release.id == Artifact.release_id)
        .where(
            Artifact.kind == ArtifactKind.pdf,
            Release.withdrawn_at.is_(None),
            *_public(clock.now()),
            ~sa.select(withdrawn.id)
            .join(Release, Release.id == withdrawn.release_id)
            .where(withdrawn.sha256 == Artifact.sha256, Release.withdrawn_at.is_not(None))
            .correlate(Artifact)
            .exists(),
        )
    )
    if among is not None:
        if not among:
            return set()
        query = query.where(Artifact.sha256.in_(sorted(among)))
    return set(db.session.execute(query).scalars())


def pdf_hashes_of_statement(statement_id: int) -> set[str]:
    """Every PDF of every release of a statement, public or not."""
    return set(
        db.session.execute(
            sa.select(Artifact.sha256)
            .join(Release, Release.id == Artifact.release_id)
            .where(Release.statement_id == statement_id, Artifact.kind == ArtifactKind.pdf)
        ).scalars()
    )


def next_public_at() -> dt.datetime | None:
    """When the next scheduled release lifts its embargo (None: nothing scheduled)."""
    return db.session.scalar(
        sa.select(sa.func.min(Release.public_at)).where(
            Release.cancelled_at.is_(None),
            Release.withdrawn_at.is_(None),
            Release.public_at > clock.now(),
        )
    )


def releases_of(statement: Statement) -> list[Release]:
    """Every release of the statement, public or not (the publishing page), newest first."""
    return list(
        db.session.scalars(
            sa.select(Release)
            .where(Release.statement_id == statement.id)
            .order_by(Release.version.desc(), Release.id.desc())
        )
    )


def release_by_id(release_id: int) -> Release | None:
    return db.session.get(Release, release_id)


def release_contacts(release: Release) -> list[dict[str, str]]:
    """The press contacts as published (from the revision the release froze)."""
    revision = db.session.get(Revision, release.revision_id)
    return list(revision.content.get("contacts", [])) if revision else []
