"""Resolve a statement (source revision + a translation) into the ReleaseDocument the
renderer lays out, in one language: names, fixed phrases and dates of that language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _

from pressroom.db import db
from pressroom.domain.content import join_paragraphs, split_paragraphs
from pressroom.domain.translation import is_untranslated
from pressroom.models import Organization, Statement
from pressroom.rendering.document import (
    ContactView,
    Labels,
    Letterhead,
    QuoteView,
    ReleaseDocument,
)
from pressroom.rendering.phones import format_phone

# Datelines follow the house style of the example release ("19 August 2007"), which is
# British usage; Babel's plain "en" would say "August 19, 2007".
DATE_LOCALE = {"en": "en_GB"}


def babel_locale(lang: str) -> Locale:
    try:
        return Locale.parse(DATE_LOCALE.get(lang, lang))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en_GB")


def format_dateline(city: str, iso_date: str, lang: str) -> str:
    """"ASTANA, 19 August 2007", "АСТАНА, 19 августа 2007 г.", "ASTANA, 19 août 2007"."""
    try:
        when = format_date(dt.date.fromisoformat(iso_date), "long", locale=babel_locale(lang))
    except ValueError:
        when = iso_date
    return f"{city.upper()}, {when}" if city else when


def format_long_date(value: dt.date | dt.datetime, lang: str) -> str:
    return format_date(value, "long", locale=babel_locale(lang))


def labels_for(lang: str) -> Labels:
    """The fixed phrases of the release in `lang` (English where no catalog exists)."""
    with force_locale(lang):
        return Labels(
            press_release=_("PRESS RELEASE"),
            contact_intro=_("For further information, please contact:"),
            further_info_intro=_(
                "For PDF attachments or links to sources of further information, please visit:"
            ),
            tel=_("tel."),
            page=_("Page {page} of {pages}"),
            published=_("Published"),
            verify=_("Verify this document"),
            superseded=_("This version has been superseded by a corrected version."),
            withdrawn=_("This press release has been withdrawn."),
            correction=_("Correction"),
            preview=_("PREVIEW — not published"),
            version=_("Version {version}"),
        )


def _letterhead(org: Organization, lang: str) -> Letterhead:
    names = org.name_in(lang)
    english = org.name_in("en")
    lines = tuple(
        line for line in ((names.letterhead if names else "") or
                          (english.letterhead if english and lang == "en" else "")).splitlines()
        if line.strip()
    )
    return Letterhead(name=org.name(lang), short_name=org.short_name(lang), lines=lines,
                      website=org.website)


def _organizations(statement: Statement, slugs: list[str]) -> dict[str, Organization]:
    known = {o.slug: o for o in statement.organizations}
    missing = [s for s in slugs if s not in known]
    if missing:
        known.update({o.slug: o for o in db.session.scalars(
            sa.select(Organization).where(Organization.slug.in_(missing)))})
    return {s: known[s] for s in slugs if s in known}


def _fill_untranslated(body: str, source_body: str) -> str:
    """Paragraphs not translated yet show the source paragraph (only previews meet them:
    publishing requires complete translations)."""
    source = split_paragraphs(source_body)
    return join_paragraphs([
        source[i] if is_untranslated(p) and i < len(source) else p
        for i, p in enumerate(split_paragraphs(body))
    ])


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
    vcard_url: Any = None,
    version: int = 1,
    correction_note: str = "",
    superseded: bool = False,
    withdrawal_notice: str = "",
) -> ReleaseDocument:
    """`content` is the source revision's content (default: current); `translation`, the
    translated fields for `lang` (missing fields fall back to the source in previews)."""
    source = content if content is not None else statement.current_revision.content
    text = {**source, **{k: v for k, v in (translation or {}).items() if v}}
    if translation and translation.get("body"):
        text["body"] = _fill_untranslated(translation["body"], source.get("body", ""))
    # The organizations of the text being rendered (a bundle's revision), lead first.
    orgs = _organizations(statement, source.get("organizations") or [])
    translated_quotes = {q["organization"]: q for q in (translation or {}).get("quotes", [])}
    quotes = []
    for quote in source.get("quotes", []):
        local = translated_quotes.get(quote["organization"], {})
        org = orgs.get(quote["organization"])
        quotes.append(QuoteView(
            speaker=quote["speaker"], function=local.get("function") or quote["function"],
            organization=org.short_name(lang) if org else quote["organization"],
            text=local.get("text") or quote["text"],
        ))
    contacts = []
    for index, contact in enumerate(source.get("contacts", [])):
        org = orgs.get(contact["organization"])
        contacts.append(ContactView(
            name=contact["name"],
            organization=org.short_name(lang) if org else contact["organization"],
            phone=format_phone(contact["phone"]), email=contact["email"],
            vcard_url=vcard_url(index) if vcard_url else "",
        ))
    return ReleaseDocument(
        lang=lang,
        title=text["title"],
        dateline=format_dateline(text.get("dateline_city", ""), source["dateline_date"], lang),
        lead=text.get("lead", ""),
        body_markdown=text.get("body", ""),
        letterheads=tuple(_letterhead(o, lang) for o in orgs.values()),
        quotes=tuple(quotes),
        contacts=tuple(contacts),
        further_info_url=source.get("further_info_url", ""),
        labels=labels_for(lang),
        published_on=format_long_date(published_on, lang) if published_on else "",
        short_hash=short_hash,
        verify_url=verify_url,
        version=version,
        correction_note=correction_note,
        superseded_notice=superseded,
        withdrawal_notice=withdrawal_notice,
        author=", ".join(o.short_name(lang) for o in orgs.values()),
        preview=preview,
    )
