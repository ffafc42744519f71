"""Resolve a statement (source revision + a translation) into the ReleaseDocument the
renderer lays out, in one language: the organizations' names, letterheads and logos of
that language from the database; the rest is pressroom.rendering.compose (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import Organization, Statement
from pressroom.rendering.compose import (
    OrgIdentity,
    babel_locale,
    compose_document,
    format_dateline,
    format_long_date,
    labels_for,
)
from pressroom.rendering.document import ReleaseDocument
from pressroom.services import organizations

__all__ = [
    "babel_locale",
    "format_dateline",
    "format_long_date",
    "identity",
    "labels_for",
    "release_document",
]


def identity(org: Organization, lang: str) -> OrgIdentity:
    """``org`` as the document in ``lang`` shows it: letterhead lines of that language,
    else of English for an English document (never English lines in another language)."""
    names = org.name_in(lang)
    lines = names.letterhead if names and names.lang == lang else ""
    return OrgIdentity(
        slug=org.slug,
        name=org.name(lang),
        short_name=org.short_name(lang),
        letterhead=tuple(line.strip() for line in (lines or "").splitlines() if line.strip()),
        website=org.website,
        logo_url=organizations.logo_url(org, lang),
    )


def _organizations(statement: Statement, slugs: list[str]) -> list[Organization]:
    """The organizations of the text being rendered (a bundle's revision), lead first."""
    known = {o.slug: o for o in statement.organizations}
    missing = [s for s in slugs if s not in known]
    if missing:
        known.update(
            {
                o.slug: o
                for o in db.session.scalars(
                    sa.select(Organization).where(Organization.slug.in_(missing))
                )
            }
        )
    return [known[s] for s in slugs if s in known]


def release_document(
    statement: Statement,
    lang: str,
    *,
    content: dict[str, Any] | None = None,
    translation: dict[str, Any] | None = None,
    preview: bool = True,
    published_on: dt.date | None = None,
    short_hash: str = "",
    verify_url: str = "",
    vcard_url: Callable[[int], str] | None = None,
    version: int = 1,
    correction_note: str = "",
    superseded: bool = False,
    withdrawal_notice: str = "",
) -> ReleaseDocument:
    """`content` is the source revision's content (default: current); `translation`, the
    translated fields for `lang` (missing fields fall back to the source in previews).

    `published_on` is accepted and ignored: the document's date is the dateline date, so
    a document rendered before publication is the one published."""
    del published_on
    if content is None:
        assert statement.current_revision is not None  # revision 1 exists from creation on
        content = statement.current_revision.content
    source = content
    return compose_document(
        lang,
        source,
        translation,
        [identity(o, lang) for o in _organizations(statement, source.get("organizations") or [])],
        labels=labels_for(lang),
        preview=preview,
        short_hash=short_hash,
        verify_url=verify_url,
        vcard_url=vcard_url,
        version=version,
        correction_note=correction_note,
        superseded=superseded,
        withdrawal_notice=withdrawal_notice,
        source_lang=statement.source_language,
    )
