"""Source content + one translation -> the ReleaseDocument of one language (pure).

Used by publishing and previews (pressroom.services.documents, which reads the database)
and by the demo (pressroom.demo), so both lay out the same document from the same rules:
the quote style, the fall-back of untranslated speakers and contacts to the source, the
language's punctuation and the fixed phrases of the release in that language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.support import NullTranslations, Translations

from pressroom.domain.content import join_paragraphs, split_paragraphs
from pressroom.domain.translation import is_untranslated
from pressroom.resources import resource_dir

from .document import ContactView, Labels, Letterhead, QuoteView, ReleaseDocument
from .phones import format_phone
from .typography import punctuate

TRANSLATIONS_DIR = resource_dir("translations")

# Datelines follow the house style of the example release ("19 August 2007"), which is
# British usage; Babel's plain "en" would say "August 19, 2007".
DATE_LOCALE = {"en": "en_GB"}


@dataclass(frozen=True)
class OrgIdentity:
    """An organization as the document of one language shows it."""

    slug: str
    name: str
    short_name: str
    letterhead: tuple[str, ...] = ()  # lines; the first is the main one
    website: str = ""
    logo_url: str = ""  # /static/... or a site path served by the app


def babel_locale(lang: str) -> Locale:
    try:
        return Locale.parse(DATE_LOCALE.get(lang, lang).replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en_GB")


def og_locale(lang: str) -> str:
    """A language as OpenGraph wants it, ``ll_CC``: the house style's region for English
    (en_GB), else the language's most likely region (ru_RU, fr_FR, kk_KZ, pt_BR stays)."""
    from babel.core import get_global

    code = DATE_LOCALE.get(lang, lang).replace("-", "_")
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags").get(locale.language, "")
    territory = next((p for p in likely.split("_")[1:] if p.isupper() and len(p) == 2), "")
    return f"{locale.language}_{territory}" if territory else locale.language


def format_long_date(value: dt.date | dt.datetime, lang: str) -> str:
    return format_date(value, "long", locale=babel_locale(lang))


def format_dateline(city: str, iso_date: str, lang: str) -> str:
    """ "ASTANA, 19 August 2007", "АСТАНА, 19 августа 2007 г.", "ASTANA, 19 août 2007"."""
    try:
        when = format_long_date(dt.date.fromisoformat(iso_date), lang)
    except ValueError:
        when = iso_date
    return f"{city.upper()}, {when}" if city else when


@lru_cache(maxsize=32)
def _catalog(lang: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS_DIR), [lang.replace("-", "_")], "messages")


def labels_for(lang: str) -> Labels:
    """The fixed phrases of the release in ``lang`` (English where no catalog exists).

    Read from the compiled catalogs directly (no Flask): the phrases are also in the
    Kazakh catalog, a content language that is not a UI language."""
    _ = _catalog(lang).gettext
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
        said=_('"{text}," said {speaker}, {function}.'),
        said_short=_('"{text}," said {speaker}.'),
    )


# --- quotes -----------------------------------------------------------------------------


def speaker_with_honorific(honorific: str, speaker: str) -> str:
    return " ".join(p for p in (honorific.strip(), speaker.strip()) if p)


def inline_quote(quote: QuoteView, labels: Labels) -> str:
    """The paragraph that works a quote into the text, as the classic release does.

    With words introducing it: ``<lead-in> "<text>"``. Without: the language's
    ``"<text>," said <speaker>, <function>.``: the quote's closing full stop gives way to
    the phrase's comma; a closing ? or ! stays and takes no comma."""
    text = quote.text.strip()
    if quote.lead_in.strip():
        return f'{quote.lead_in.strip()} "{text}"'
    template = labels.said if quote.function else labels.said_short
    if text.endswith("."):
        text = text[:-1]
    elif text[-1:] in "!?…":
        template = re.sub(r'\{text\}(["\u00bb\u201c\u201d]?),', r"{text}\1", template)
    return (
        template.replace("{text}", text)
        .replace("{speaker}", quote.speaker)
        .replace("{function}", quote.function)
    )


# --- the document -----------------------------------------------------------------------


def _fill_untranslated(body: str, source_body: str) -> str:
    """Paragraphs not translated yet show the source paragraph (only previews meet them:
    publishing requires complete translations)."""
    source = split_paragraphs(source_body)
    return join_paragraphs(
        [
            source[i] if is_untranslated(p) and i < len(source) else p
            for i, p in enumerate(split_paragraphs(body))
        ]
    )


def _local(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {str(item.get(key) or "").casefold(): item for item in items}


def punctuated(doc: ReleaseDocument) -> ReleaseDocument:
    """Every text of ``doc`` with the punctuation of its language (labels included)."""
    lang = doc.lang

    def p(value: str) -> str:
        return punctuate(value, lang)

    return dataclasses.replace(
        doc,
        title=p(doc.title),
        lead=p(doc.lead),
        body_markdown=p(doc.body_markdown),
        letterheads=tuple(
            dataclasses.replace(lh, name=p(lh.name), lines=tuple(map(p, lh.lines)))
            for lh in doc.letterheads
        ),
        quotes=tuple(
            dataclasses.replace(
                q,
                text=p(q.text),
                speaker=p(q.speaker),
                function=p(q.function),
                lead_in=p(q.lead_in),
                inline=p(q.inline),
                quoted=p(q.quoted),
            )
            for q in doc.quotes
        ),
        contacts=tuple(
            dataclasses.replace(c, name=p(c.name), organization=p(c.organization))
            for c in doc.contacts
        ),
        labels=Labels(
            **{f.name: p(getattr(doc.labels, f.name)) for f in dataclasses.fields(Labels)}
        ),
        correction_note=p(doc.correction_note),
        withdrawal_notice=p(doc.withdrawal_notice),
    )


def compose_document(
    lang: str,
    source: dict[str, Any],
    translation: dict[str, Any] | None,
    organizations: Sequence[OrgIdentity],
    *,
    labels: Labels | None = None,
    preview: bool = True,
    short_hash: str = "",
    verify_url: str = "",
    vcard_url: Callable[[int], str] | None = None,
    version: int = 1,
    correction_note: str = "",
    superseded: bool = False,
    withdrawal_notice: str = "",
    source_lang: str = "",
) -> ReleaseDocument:
    """The document of ``lang`` for source content (upgraded, see content.upgrade_content)
    and its translation (None for the source language). The release's date is the
    dateline date: the document never depends on when it was published."""
    translation = translation or {}
    labels = labels or labels_for(lang)
    text = {**source, **{k: v for k, v in translation.items() if v and isinstance(v, str)}}
    if translation.get("body"):
        text["body"] = _fill_untranslated(translation["body"], source.get("body", ""))
    orgs = {o.slug: o for o in organizations}
    local_quotes = _local(translation.get("quotes") or [], "id")
    quotes = []
    for quote in source.get("quotes") or []:
        local = local_quotes.get(str(quote.get("id") or quote.get("organization")).casefold(), {})

        def part(key: str, quote: dict[str, Any] = quote, local: dict[str, Any] = local) -> str:
            return str(local.get(key) or quote.get(key) or "")

        org = orgs.get(quote.get("organization", ""))
        foreign = bool(translation) and bool(source_lang) and source_lang != lang
        view = QuoteView(
            speaker=speaker_with_honorific(part("honorific"), part("speaker")),
            function=part("function"),
            organization=org.short_name if org else quote.get("organization", ""),
            text=part("text"),
            lead_in=part("lead_in"),
            id=str(quote.get("id") or ""),
            speaker_lang=source_lang if foreign and not local.get("speaker") else "",
        )
        quotes.append(
            dataclasses.replace(
                view, inline=inline_quote(view, labels), quoted=f'"{view.text.strip()}"'
            )
        )
    local_contacts = _local(translation.get("contacts") or [], "email")
    contacts = []
    for index, contact in enumerate(source.get("contacts") or []):
        local = local_contacts.get(str(contact.get("email", "")).casefold(), {})
        org = orgs.get(contact.get("organization", ""))
        affiliation = (
            local.get("affiliation")
            or (contact.get("affiliation") if not translation else "")
            or (org.short_name if org else contact.get("organization", ""))
        )
        contacts.append(
            ContactView(
                name=local.get("name") or contact["name"],
                organization=affiliation,
                phone=format_phone(contact["phone"]),
                email=contact["email"],
                vcard_url=vcard_url(index) if vcard_url else "",
                name_lang=source_lang
                if translation and source_lang and source_lang != lang and not local.get("name")
                else "",
            )
        )
    date_iso = source.get("dateline_date", "")
    try:
        date_text = format_long_date(dt.date.fromisoformat(date_iso), lang)
    except ValueError:
        date_text = ""
    doc = ReleaseDocument(
        lang=lang,
        title=text.get("title", ""),
        dateline=format_dateline(text.get("dateline_city", ""), date_iso, lang),
        lead=text.get("lead", ""),
        body_markdown=text.get("body", ""),
        letterheads=tuple(
            Letterhead(
                name=o.name,
                short_name=o.short_name,
                lines=o.letterhead,
                website=o.website,
                logo_url=o.logo_url,
            )
            for o in organizations
        ),
        quotes=tuple(quotes),
        quote_style=source.get("quote_style") or "block",
        contacts=tuple(contacts),
        further_info_url=source.get("further_info_url", ""),
        labels=labels,
        published_on=date_text,
        date_iso=date_iso,
        short_hash=short_hash,
        verify_url=verify_url,
        version=version,
        correction_note=correction_note,
        superseded_notice=superseded,
        withdrawal_notice=withdrawal_notice,
        authors=tuple(o.short_name for o in organizations),
        preview=preview,
    )
    return punctuated(doc)
