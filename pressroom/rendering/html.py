"""ReleaseDocument -> standalone HTML (the same markup feeds the web page and the PDF).

A plain Jinja2 environment (no Flask) with autoescaping on: every user string is escaped by
the template, the body goes through :func:`render_markdown`, URLs through :func:`safe_url`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from babel import Locale, UnknownLocaleError
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pressroom.domain.languages import LANG_TAG
from pressroom.resources import resource_dir

from .document import ReleaseDocument
from .markdown import render_markdown, split_first_paragraph
from .typography import bind_words, punctuate

TEMPLATES_DIR = resource_dir("templates")
TEMPLATE_NAME = "release/release.html"
DEFAULT_STYLESHEET = "/static/release/release.css"

_PAGE_FIELD_RE = re.compile(r"\{(pages|page)\}")

_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_env.filters["keep_together"] = lambda text: keep_together(text)


def mark_lang(text: str, part: str, lang: str) -> Markup:
    """``text`` escaped, its first ``part`` in a span of language ``lang`` (a name left in
    the source's language inside a translated sentence)."""
    escaped = Markup.escape(text)
    if not (part and lang and LANG_TAG.match(lang)):
        return escaped
    needle = Markup.escape(part)
    if needle not in escaped:
        return escaped
    span = Markup('<span lang="{}">{}</span>').format(lang.replace("_", "-"), part)
    return Markup(str(escaped).replace(str(needle), str(span), 1))  # noqa: S704 - both escaped


_env.filters["mark_lang"] = mark_lang


_HYPHENATED = re.compile(r"\w-\w")


def keep_together(text: str) -> Markup:
    """A heading or letterhead line, escaped, with the words bind_words binds wrapped in
    a no-wrap span (the text itself keeps plain spaces: copied, it is what was typed)."""
    parts = []
    for chunk in re.split("( )", bind_words(text)):
        if "\u00a0" in chunk or _HYPHENATED.search(chunk):
            # Bound words, and words with a hyphen of their own ("CO-OPERATION"), which a
            # line would otherwise break at.
            words = Markup(" ").join(chunk.split("\u00a0"))
            parts.append(Markup('<span class="nowrap">{}</span>').format(words))
        else:
            parts.append(Markup.escape(chunk))
    return Markup("").join(parts)


def safe_url(url: str, *, allow_relative: bool = False) -> str:
    """``url`` if it is an http(s) URL (or a site-relative path when allowed), else ""."""
    url = (url or "").strip()
    if not url or any(ch in url for ch in "\r\n\t\\ "):
        return ""
    if allow_relative and url.startswith("/") and not url.startswith("//"):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return ""


def tel_href(display_phone: str) -> str:
    digits = re.sub(r"[^0-9+]", "", display_phone or "")
    return f"tel:{digits}" if re.fullmatch(r"\+[0-9]{4,15}", digits) else ""


def mailto_href(email: str) -> str:
    email = (email or "").strip()
    return "mailto:" + quote(email, safe="@.+-_") if "@" in email else ""


def css_string(text: str) -> str:
    """A CSS string literal in which only ASCII letters and digits appear unescaped, so
    no caller text can close the string or the surrounding ``<style>`` element.

    Everything else, spaces included, is a 6-digit hex escape: a space right after an
    escape would be swallowed as the escape's terminator.
    """
    return (
        '"'
        + "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in text)
        + '"'
    )


def page_counter_css(template: str) -> Markup:
    """``"Page {page} of {pages}"`` -> ``"Page " counter(page) " of " counter(pages)``."""
    parts: list[str] = []
    pos = 0
    for match in _PAGE_FIELD_RE.finditer(template):
        if match.start() > pos:
            parts.append(css_string(template[pos : match.start()]))
        parts.append(f"counter({match.group(1)})")
        pos = match.end()
    if pos < len(template):
        parts.append(css_string(template[pos:]))
    return Markup(" ".join(parts) or "counter(page)")  # noqa: S704 - css_string-quoted parts


def text_direction(lang: str) -> str:
    try:
        return Locale.parse(lang.replace("-", "_")).text_direction
    except (UnknownLocaleError, ValueError):
        return "ltr"


def _opening(doc: ReleaseDocument) -> tuple[Markup, Markup, Markup]:
    """(first paragraph with the dateline, paragraph before the quotes, rest of body).

    As in the classic layout, the dateline opens the first paragraph ("ASTANA,
    19 August 2007 – While ...") and quotes follow the second paragraph of the text.
    """
    body = render_markdown(doc.body_markdown)
    dateline = Markup("")
    if doc.dateline.strip() and doc.date_iso:
        dateline = Markup('<span class="dateline"><time datetime="{}">{}</time></span>').format(
            doc.date_iso, doc.dateline.strip()
        )
    elif doc.dateline.strip():
        dateline = Markup('<span class="dateline">{}</span>').format(doc.dateline.strip())
    dash = Markup(" \N{EN DASH} ") if dateline else Markup("")
    first_body, rest = split_first_paragraph(body)
    if doc.lead.strip():
        lead = " ".join(doc.lead.split())
        opening = Markup('<p class="lead">{}{}{}</p>').format(dateline, dash, lead)
        return opening, first_body, rest
    if first_body:
        opening = Markup('<p class="lead">') + dateline + dash + Markup(str(first_body)[3:])  # noqa: S704 - sanitized HTML
    else:
        opening = Markup('<p class="lead">{}</p>').format(dateline) if dateline else Markup()
    second, rest = split_first_paragraph(rest)
    return opening, second, rest


def _description(doc: ReleaseDocument) -> str:
    text = " ".join((doc.lead or doc.title).split())
    return text if len(text) <= 240 else text[:239].rsplit(" ", 1)[0] + "\N{HORIZONTAL ELLIPSIS}"


def render_release_html(
    doc: ReleaseDocument,
    *,
    stylesheet_url: str = DEFAULT_STYLESHEET,
    for_pdf: bool = False,
) -> str:
    """The release as a complete HTML document.

    ``for_pdf``: the input of :func:`render_pdf` -- the page footer comes first (it is a
    running element), screen-only links (vCard, websites) are left out and the default
    stylesheet is used whatever ``stylesheet_url`` says.
    """
    if not LANG_TAG.match(doc.lang or ""):
        raise ValueError(f"Not a language tag: {doc.lang!r}")
    opening, before_quotes, after_quotes = _opening(doc)
    contacts = [
        {
            "view": c,
            "tel_href": tel_href(c.phone),
            "mailto_href": mailto_href(c.email),
            "vcard_href": safe_url(c.vcard_url, allow_relative=True),
        }
        for c in doc.contacts
    ]
    letterheads = [
        {
            "view": lh,
            "website_href": safe_url(lh.website),
            "logo_src": safe_url(lh.logo_url, allow_relative=True),
        }
        for lh in doc.letterheads
    ]
    version_text = ""
    if doc.version > 1:
        version_text = doc.labels.version.replace("{version}", str(doc.version))
    # The PDF renderer only loads /static/... (see pdf.static_only_fetcher): no CDN, no
    # cache-busting query string there.
    stylesheet = DEFAULT_STYLESHEET
    if not for_pdf:
        stylesheet = safe_url(stylesheet_url, allow_relative=True) or DEFAULT_STYLESHEET
    template = _env.get_template(TEMPLATE_NAME)
    return template.render(
        doc=doc,
        labels=doc.labels,
        lang=doc.html_lang,
        direction=text_direction(doc.lang),
        description=_description(doc),
        stylesheet_url=stylesheet,
        for_pdf=for_pdf,
        opening=opening,
        before_quotes=before_quotes,
        after_quotes=after_quotes,
        letterheads=letterheads,
        contacts=contacts,
        further_info_href=safe_url(doc.further_info_url),
        verify_href=safe_url(doc.verify_url, allow_relative=True),
        version_text=version_text,
        page_counter=page_counter_css(doc.labels.page),
        colon=lambda label: punctuate(f"{label}:", doc.lang),
    )
