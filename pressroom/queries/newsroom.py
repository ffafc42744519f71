"""Read side of the public newsroom: the releases a journalist sees, newest first, filtered,
searched and paginated; feed and sitemap entries; the archive's change stamp for caching.

What appears: the newest public version of each statement (not cancelled, public_at passed),
unless it was withdrawn. Withdrawn releases leave every list (page, search, feeds, sitemap,
API list); their own page stays, with the notice. Superseded versions never appear: their
newer version does.

Cost: each function runs a fixed number of SQL queries whatever the archive's size (rows of
a page are loaded with selectinload), the list walks the public_at index and stops at the
page, and counts stop at COUNT_CAP (a search counts its matches exactly, in the same pass
as their sort).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import aliased, lazyload, selectinload

from pressroom import clock
from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.domain.languages import URL_LANG
from pressroom.models import (
    Artifact,
    ArtifactKind,
    BundleRecord,
    Organization,
    Release,
    ReleaseOrganization,
    Revision,
    Statement,
    TranslationRevision,
)
from pressroom.queries import search

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
COUNT_CAP = 1_000
FEED_SIZE = 50
SITEMAP_MAX = 50_000  # URLs per sitemap file (sitemaps.org); a larger archive needs an index
EXCERPT_CHARS = 240

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
# As query parameters, empty means "no filter" (an empty form field).
OPTIONAL_SLUG_PATTERN = r"^([a-z0-9][a-z0-9-]{0,39})?$"
_SLUG = re.compile(SLUG_PATTERN)
_INT = re.compile(r"^[0-9]{1,9}$")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Filters:
    organization: str | None = None  # slug
    organization_id: int | None = None
    language: str | None = None  # releases available in this language
    query: str = ""
    page: int = 1
    per_page: int = PER_PAGE
    # Well-formed but matching nothing: an unknown organization, a search without words.
    matches_nothing: bool = False

    @property
    def words(self) -> list[str]:
        return search.terms(self.query)

    def key(self) -> str:
        return f"{self.organization}|{self.language}|{self.query}|{self.page}|{self.per_page}"


def _integer(raw: str | None, name: str, default: int, high: int, errors: dict[str, str]) -> int:
    if raw is None or raw == "":
        return default
    if not _INT.fullmatch(raw) or not 1 <= int(raw) <= high:
        errors[name] = (
            _("The page number must be a whole number from 1 to %(high)d.", high=high)
            if name == "page"
            else _("The number of releases per page must be from 1 to %(high)d.", high=high)
        )
        return default
    return int(raw)


def parse_filters(
    args: Mapping[str, str], *, language_key: str = "language", max_per_page: int | None = None
) -> Filters:
    """Check the query string; ValidationFailed (400) names each bad parameter.

    `max_per_page` None: the page size is fixed (HTML); else `per_page` is accepted."""
    errors: dict[str, str] = {}
    organization = args.get("organization") or None  # empty: no filter
    if organization is not None and not _SLUG.fullmatch(organization):
        errors["organization"] = _("Not an organization identifier.")
    language = args.get(language_key) or None
    if language is not None and not URL_LANG.fullmatch(language):
        errors[language_key] = _("Not a language code.")
    query = args.get("q") or ""
    if len(query) > search.MAX_QUERY_LENGTH:
        errors["q"] = _("The search is limited to %(n)d characters.", n=search.MAX_QUERY_LENGTH)
    page = _integer(args.get("page"), "page", 1, MAX_PAGE, errors)
    per_page = PER_PAGE
    if max_per_page is not None:
        per_page = _integer(args.get("per_page"), "per_page", PER_PAGE, max_per_page, errors)
    if errors:
        raise ValidationFailed(" ".join(errors.values()), details=errors)
    organization_id = None
    if organization is not None:
        organization_id = db.session.scalar(
            sa.select(Organization.id).where(Organization.slug == organization)
        )
    query = " ".join("".join(c for c in query if c.isprintable() or c.isspace()).split())
    return Filters(
        organization=organization,
        organization_id=organization_id,
        language=language.replace("-", "_") if language else None,
        query=query,
        page=page,
        per_page=per_page,
        matches_nothing=(organization is not None and organization_id is None)
        or bool(query and not search.terms(query)),
    )


def _current(now: dt.datetime) -> list[sa.ColumnElement[bool]]:
    """Newest public version of its statement, not withdrawn."""
    newer = aliased(Release)
    return [
        Release.cancelled_at.is_(None),
        Release.public_at <= now,
        Release.withdrawn_at.is_(None),
        ~sa.exists().where(
            newer.statement_id == Release.statement_id,
            newer.version > Release.version,
            newer.cancelled_at.is_(None),
            newer.public_at <= now,
        ),
    ]


def _selection(filters: Filters, now: dt.datetime) -> sa.Select[Release]:
    query = sa.select(Release).where(*_current(now))
    if filters.organization_id is not None:
        # Who issued the release, as frozen at publication (never a later draft's list).
        query = query.where(
            sa.exists().where(
                ReleaseOrganization.release_id == Release.id,
                ReleaseOrganization.organization_id == filters.organization_id,
            )
        )
    if filters.language:
        query = query.where(
            sa.exists().where(
                Artifact.release_id == Release.id,
                Artifact.lang == filters.language,
                Artifact.kind == ArtifactKind.html,
            )
        )
    if filters.words:
        query = search.restrict(query, Release.id, filters.words)
    return query


@dataclass
class Entry:
    """One release as a list shows it, in one language (or its source language)."""

    release: Release
    slug: str
    lang: str  # the language of title, excerpt and links
    title: str
    fallback: bool  # not available in the requested language: shown in the source language
    languages: list[str]
    organizations: list[Organization]
    pdf: Artifact | None
    excerpt: str = ""
    dateline_city: str = ""  # in `lang`, from the published (frozen) revisions


@dataclass
class Page:
    entries: list[Entry]
    filters: Filters
    has_next: bool
    total: int | None = None  # None: not counted; at most COUNT_CAP unless searching
    capped: bool = False  # there are more than `total`
    languages: list[str] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.filters.page > 1


def _excerpt(raw: str, title: str) -> str:
    """The stored search text is "title lead body-html": drop the title, tags and extra
    whitespace, cut at a word boundary."""
    text = raw[len(title) :] if raw.startswith(title) else raw
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _entries(releases: list[Release], lang: str, *, excerpts: bool) -> list[Entry]:
    texts: dict[tuple[int, str], str] = {}
    if excerpts and releases:
        rows = db.session.execute(
            sa.select(
                Artifact.release_id,
                Artifact.lang,
                sa.func.substr(Artifact.text, 1, EXCERPT_CHARS * 6),
            ).where(
                Artifact.release_id.in_([r.id for r in releases]),
                Artifact.kind == ArtifactKind.html,
            )
        )
        texts = {(rid, code): text for rid, code, text in rows}
    entries = []
    for release in releases:
        html_by_lang = {a.lang: a for a in release.artifacts if a.kind == ArtifactKind.html}
        pdf_by_lang = {a.lang: a for a in release.artifacts if a.kind == ArtifactKind.pdf}
        source = release.statement.source_language
        shown = (
            lang
            if lang in html_by_lang
            else (source if source in html_by_lang else min(html_by_lang, default=source))
        )
        title = html_by_lang[shown].title if shown in html_by_lang else release.title
        assert release.statement.slug is not None  # made at first publication
        entries.append(
            Entry(
                release=release,
                slug=release.statement.slug,
                lang=shown,
                title=title,
                fallback=shown != lang,
                languages=sorted(html_by_lang),
                organizations=release.organizations,
                pdf=pdf_by_lang.get(shown),
                excerpt=_excerpt(texts.get((release.id, shown), ""), title),
            )
        )
    return entries


def _dateline_cities(entries: list[Entry], lang: str) -> None:
    """Each entry's dateline city in its language, from exactly the published revisions
    (the source revision, and the translation revision the published bundle names): one
    query for the whole page."""
    if not entries:
        return
    query: sa.Select[Any] | sa.CompoundSelect = sa.select(
        sa.literal("s"), Revision.id, Revision.content
    ).where(Revision.id.in_({e.release.revision_id for e in entries}))
    # Entries not in their source language are all in `lang` (see _entries).
    pairs = {
        (e.release.statement_id, e.release.bundle_hash)
        for e in entries
        if e.lang == lang and e.lang != e.release.statement.source_language
    }
    if pairs:
        query = sa.union_all(
            query,
            sa.select(sa.literal("t"), BundleRecord.statement_id, TranslationRevision.content)
            .join(
                TranslationRevision,
                TranslationRevision.id == BundleRecord.translation_revision_ids[lang].as_integer(),
            )
            .where(sa.tuple_(BundleRecord.statement_id, BundleRecord.hash).in_(pairs)),
        )
    contents = {(kind, id_): content for kind, id_, content in db.session.execute(query)}
    for e in entries:
        source = contents.get(("s", e.release.revision_id)) or {}
        local = (contents.get(("t", e.release.statement_id)) or {}) if e.lang == lang else {}
        e.dateline_city = str(local.get("dateline_city") or source.get("dateline_city") or "")


def releases_page(
    filters: Filters, lang: str, *, count: bool = True, excerpts: bool = True
) -> Page:
    """One page of the newsroom, titles in `lang` where the release has it."""
    if filters.matches_nothing:
        return Page(entries=[], filters=filters, has_next=False, total=0 if count else None)
    now = clock.now()
    selection = _selection(filters, now)
    ordered = (
        selection.order_by(Release.public_at.desc(), Release.id.desc())
        .offset((filters.page - 1) * filters.per_page)
        .limit(filters.per_page + 1)
        .options(
            selectinload(Release.artifacts).load_only(
                Artifact.id,
                Artifact.release_id,
                Artifact.lang,
                Artifact.kind,
                Artifact.sha256,
                Artifact.size,
                Artifact.title,
            ),
            # The statement for its slug and source language only: who issued the
            # release comes from its frozen authors, never the statement's participants.
            selectinload(Release.statement).options(
                lazyload(Statement.participants), lazyload(Statement.languages)
            ),
        )
    )
    total: int | None = None
    if count and filters.words:
        # A search sorts all its matches anyway: counting them in the same pass is free,
        # where a second query would look them all up again.
        found = db.session.execute(ordered.add_columns(sa.func.count().over())).all()
        rows = [release for release, _total in found]
        total = found[0][1] if found else None
    else:
        rows = list(db.session.scalars(ordered))
    capped = False
    if count and total is None:
        bounded = selection.with_only_columns(Release.id).limit(COUNT_CAP + 1).subquery()
        total = db.session.scalar(sa.select(sa.func.count()).select_from(bounded)) or 0
        capped = total > COUNT_CAP
        total = min(total, COUNT_CAP)
    has_next = len(rows) > filters.per_page
    entries = _entries(rows[: filters.per_page], lang, excerpts=excerpts)
    if excerpts:  # the HTML list (the feed and the API list do without)
        _dateline_cities(entries, lang)
    return Page(entries=entries, filters=filters, has_next=has_next, total=total, capped=capped)


def feed_entries(lang: str, organization: Filters | None = None) -> list[Entry]:
    """The newest releases available in `lang` (an Atom feed per language), of one
    organization if `organization` (parsed filters) names one."""
    filters = Filters(
        organization_id=organization.organization_id if organization else None,
        matches_nothing=organization.matches_nothing if organization else False,
        language=lang,
        per_page=FEED_SIZE,
    )
    return releases_page(filters, lang, count=False).entries


@dataclass(frozen=True)
class SitemapEntry:
    slug: str
    languages: list[str]
    lastmod: dt.datetime


def sitemap_entries(limit: int = SITEMAP_MAX) -> list[SitemapEntry]:
    """Every current public release with its languages (one URL per language); one query."""
    rows = db.session.execute(
        sa.select(Statement.slug, Artifact.lang, Release.public_at)
        .join(Statement, Statement.id == Release.statement_id)
        .join(Artifact, Artifact.release_id == Release.id)
        .where(*_current(clock.now()), Artifact.kind == ArtifactKind.html)
        .order_by(Release.public_at.desc(), Release.id.desc(), Artifact.lang)
        .limit(limit)
    )
    grouped: dict[str, SitemapEntry] = {}
    for slug, lang, public_at in rows:
        assert slug is not None  # made at first publication
        entry = grouped.setdefault(slug, SitemapEntry(slug, [], public_at))
        entry.languages.append(lang)
    return list(grouped.values())


def organization(organization_id: int | None) -> Organization | None:
    return db.session.get(Organization, organization_id) if organization_id else None


@dataclass(frozen=True)
class Stamp:
    """What changes when the newsroom's lists can change: a release became public (newest
    public_at, newest id) or was withdrawn. An embargo lifting moves public_at past "now"."""

    last_public: dt.datetime | None
    last_withdrawn: dt.datetime | None
    last_id: int | None

    @property
    def last_modified(self) -> dt.datetime:
        moments = [m for m in (self.last_public, self.last_withdrawn) if m is not None]
        return max(moments) if moments else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

    def etag(self, *parts: object) -> str:
        seed = "|".join(
            str(p) for p in (self.last_public, self.last_withdrawn, self.last_id, *parts)
        )
        return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]


def archive_stamp() -> Stamp:
    """One query: the newest public_at walks its index; withdrawals are rare and few."""
    now = clock.now()
    last_public = (
        sa.select(Release.public_at)
        .where(Release.cancelled_at.is_(None), Release.public_at <= now)
        .order_by(Release.public_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    last_id = (
        sa.select(Release.id)
        .where(Release.cancelled_at.is_(None), Release.public_at <= now)
        .order_by(Release.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    last_withdrawn = sa.select(sa.func.max(Release.withdrawn_at)).scalar_subquery()
    row = db.session.execute(sa.select(last_public, last_withdrawn, last_id)).one()
    return Stamp(*row)


def available_languages(stamp: Stamp) -> list[str]:
    """Languages in which some public release exists. The set only changes when the stamp
    does, so it is computed once per stamp and kept with the app."""
    cache = current_app.extensions.setdefault("newsroom_languages", {})
    key = (db.session.get_bind().engine.url.render_as_string(), stamp)
    if key not in cache:
        now = clock.now()
        cache.clear()
        cache[key] = list(
            db.session.scalars(
                sa.select(Artifact.lang)
                .distinct()
                .join(Release, Release.id == Artifact.release_id)
                .where(*_current(now), Artifact.kind == ArtifactKind.html)
                .order_by(Artifact.lang)
            )
        )
    return list(cache[key])
