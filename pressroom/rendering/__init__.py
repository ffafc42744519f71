"""Rendering of one release document (one language) to HTML and to a tagged PDF.

No Flask here: the web layer builds a :class:`ReleaseDocument` and calls
:func:`render_release_html` and :func:`render_pdf`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import ContactView, Labels, Letterhead, QuoteView, ReleaseDocument
    from .html import render_release_html
    from .markdown import render_markdown
    from .pdf import RenderError, RenderTimeout, render_pdf, static_only_fetcher
    from .phones import format_phone, normalize_phone
    from .vcard import contact_vcard

# Imported on first use (PEP 562): a render process loads WeasyPrint without the HTML,
# phone and vCard modules, and the web and worker processes load WeasyPrint only if they
# render themselves. Memory per process is what limits how many run on a node.
_WHERE = {
    "ContactView": "document",
    "Labels": "document",
    "Letterhead": "document",
    "QuoteView": "document",
    "ReleaseDocument": "document",
    "render_release_html": "html",
    "render_markdown": "markdown",
    "RenderError": "pdf",
    "RenderTimeout": "pdf",
    "render_pdf": "pdf",
    "static_only_fetcher": "pdf",
    "format_phone": "phones",
    "normalize_phone": "phones",
    "contact_vcard": "vcard",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
