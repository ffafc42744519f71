"""The demo release rendered once per language and test run (shared by the rendering
tests: PDF rendering takes seconds)."""

from __future__ import annotations

import io
import re
from functools import lru_cache

import pypdf

from pressroom.demo import demo_document
from pressroom.rendering import ReleaseDocument, render_pdf, render_release_html


def pdf_for(doc: ReleaseDocument, fetch_log: list[str] | None = None) -> bytes:
    html = render_release_html(doc, for_pdf=True)
    return render_pdf(
        html,
        lang=doc.lang,
        title=doc.title,
        author=doc.author,
        subject=doc.dateline,
        fetch_log=fetch_log,
    )


@lru_cache(maxsize=8)
def demo_pdf(lang: str) -> tuple[ReleaseDocument, bytes, tuple[str, ...]]:
    doc = demo_document(lang)
    fetched: list[str] = []
    pdf = pdf_for(doc, fetched)
    return doc, pdf, tuple(fetched)


def page_lines(pdf: bytes) -> list[list[str]]:
    """The text lines of each page as pypdf extracts them."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [page.extract_text().splitlines() for page in reader.pages]


def joined_text(pdf: bytes) -> str:
    """The text as a reader copying it gets it: lines joined, a soft hyphen at a line end
    dropped, a real hyphen at a line end kept ("Co-\\noperation" -> "Co-operation")."""
    text = "\n".join("\n".join(lines) for lines in page_lines(pdf))
    text = re.sub("\u00ad\n", "", text)
    text = re.sub("-\n", "-", text)
    return re.sub(r"[ \t\n]+", " ", text).strip()  # no-break spaces stay what they are
