"""Rendering of one release document (one language) to HTML and to a tagged PDF.

No Flask here: the web layer builds a :class:`ReleaseDocument` and calls
:func:`render_release_html` and :func:`render_pdf`.
"""

from .document import ContactView, Labels, Letterhead, QuoteView, ReleaseDocument
from .html import render_release_html
from .markdown import render_markdown
from .pdf import RenderError, RenderTimeout, render_pdf, static_only_fetcher
from .phones import format_phone, normalize_phone
from .vcard import contact_vcard

__all__ = [
    "ContactView",
    "Labels",
    "Letterhead",
    "QuoteView",
    "ReleaseDocument",
    "RenderError",
    "RenderTimeout",
    "contact_vcard",
    "format_phone",
    "normalize_phone",
    "render_markdown",
    "render_pdf",
    "render_release_html",
    "static_only_fetcher",
]
