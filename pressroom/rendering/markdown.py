"""Markdown body text -> sanitized HTML.

Two layers: markdown-it-py with raw HTML disabled (so ``<script>`` typed into the body is
shown as text), then nh3 with a strict allow-list as a backstop for anything the parser
lets through (image tags, odd link schemes, attributes).
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "br", "h3", "h4"}
)
# "*": nothing generic -- otherwise the sanitizer keeps lang= and title= on every tag.
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {"a": frozenset({"href"}), "*": frozenset()}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .disable("table", ignoreInvalid=True)
    # An indented paragraph in a press release is a paragraph, not a code sample.
    .disable("code")
)

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)


def _heading_tag(level_tag: str) -> str:
    # The release title is the page's h1 and section headings are h2; body headings
    # are kept below them: "#"/"##" -> h3, deeper -> h4.
    return "h3" if level_tag in ("h1", "h2", "h3") else "h4"


def sanitize_html(html: str) -> str:
    """Apply the body allow-list to an HTML fragment."""
    return _cleaner.clean(html)


def render_markdown(text: str) -> Markup:
    """Render untrusted Markdown to HTML that is safe to insert into the page."""
    if not text or not text.strip():
        return Markup("")
    tokens = _md.parse(text.replace("\r\n", "\n"))
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _heading_tag(token.tag)
    html = _md.renderer.render(tokens, _md.options, {})
    return Markup(sanitize_html(html).strip())  # noqa: S704 - sanitized by nh3


def split_first_paragraph(html: Markup) -> tuple[Markup, Markup]:
    """Split rendered body HTML after its first top-level paragraph.

    Returns ``(first, rest)``; ``first`` is empty when the body does not start with a
    paragraph (e.g. it starts with a list or a heading).
    """
    text = str(html)
    if not text.startswith("<p>"):
        return Markup(""), html
    end = text.find("</p>")
    if end < 0:  # pragma: no cover - nh3 always closes paragraphs
        return Markup(""), html
    end += len("</p>")
    return Markup(text[:end]), Markup(text[end:].lstrip())  # noqa: S704 - split of sanitized HTML
