"""What the renderer needs to know about one release in one language.

The caller (publishing, preview) resolves a statement revision and its translation into a
``ReleaseDocument``: every string is final, already translated and formatted for the
document language. The renderer only escapes and lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Letterhead:
    """One participating organization as it appears at the top of the release."""

    name: str  # full name in the document language
    short_name: str  # e.g. "OSCE PA"
    lines: tuple[str, ...] = ()  # letterhead lines, the first the main one; () = the name
    website: str = ""
    logo_url: str = ""  # an app URL (/static/... or /organizations/<slug>/logo...)

    @property
    def heading(self) -> str:
        """The letterhead's main line (small capitals)."""
        return self.lines[0] if self.lines else self.name

    @property
    def sublines(self) -> tuple[str, ...]:
        return self.lines[1:] if self.lines else ()


@dataclass(frozen=True)
class QuoteView:
    speaker: str  # with the honorific: "Senator Consiglio Di Nino"
    function: str
    organization: str  # display name (short name is fine)
    text: str  # plain text, without quotation marks
    lead_in: str = ""  # words introducing the quote, set before it
    id: str = ""
    inline: str = ""  # the whole paragraph of the inline style, quotation marks included
    quoted: str = ""  # the text in the language's quotation marks (block style)
    speaker_lang: str = ""  # the speaker's name is in this other language (not translated)


@dataclass(frozen=True)
class ContactView:
    name: str
    organization: str
    phone: str  # display form, international ("+7 701 795 0486")
    email: str
    vcard_url: str = ""
    name_lang: str = ""  # the name is in this other language (not translated)


@dataclass(frozen=True)
class Labels:
    """Fixed phrases, already translated into the document language by the caller."""

    press_release: str = "PRESS RELEASE"
    contact_intro: str = "For further information, please contact:"
    further_info_intro: str = (
        "For PDF attachments or links to sources of further information, please visit:"
    )
    tel: str = "tel."
    page: str = "Page {page} of {pages}"  # turned into CSS counters for the PDF footer
    published: str = "Published"
    verify: str = "Verify this document"
    quotes_heading: str = ""
    superseded: str = "This version has been superseded by a corrected version."
    withdrawn: str = "This press release has been withdrawn."
    correction: str = "Correction"
    preview: str = "PREVIEW \N{EM DASH} not published"
    version: str = "Version {version}"
    said: str = '"{text}," said {speaker}, {function}.'
    said_short: str = '"{text}," said {speaker}.'


@dataclass(frozen=True)
class ReleaseDocument:
    lang: str  # BCP-47 / Babel locale id, e.g. "en", "ru", "kk", "pt_BR"
    title: str
    dateline: str  # e.g. "ASTANA, 19 August 2007" (formatted by the caller)
    lead: str  # plain text
    body_markdown: str
    letterheads: tuple[Letterhead, ...]
    quotes: tuple[QuoteView, ...]
    contacts: tuple[ContactView, ...]
    further_info_url: str
    labels: Labels = field(default_factory=Labels)
    published_on: str = ""  # the release's date (the dateline date), formatted
    date_iso: str = ""  # the same as YYYY-MM-DD
    short_hash: str = ""  # verification line, empty for previews
    verify_url: str = ""
    version: int = 1
    correction_note: str = ""
    superseded_notice: bool = False
    withdrawal_notice: str = ""
    authors: tuple[str, ...] = ()  # PDF author metadata (organizations)
    preview: bool = False  # shows a "PREVIEW - not published" band
    # A personal copy before the embargo (services.embargo): "EMBARGOED UNTIL …" and who
    # it was given to, in a band on every page of the PDF.
    embargo_stamp: str = ""
    embargo_recipient: str = ""
    quote_style: str = "block"  # "inline" (worked into the text) or "block"

    @property
    def author(self) -> str:
        return ", ".join(self.authors)

    @property
    def html_lang(self) -> str:
        """The language as an HTML/BCP-47 tag ("pt_BR" -> "pt-BR")."""
        return self.lang.replace("_", "-")
