"""The part of PDF rendering that needs WeasyPrint: the closed URL fetcher and rendering in
this process. Imported only by render processes (and tests), so that web and worker
processes, which hand documents to render processes, do not carry WeasyPrint's memory."""

from __future__ import annotations

import hashlib
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pressroom.rendering.pdf import (
    BASE_URL,
    CONTENT_TYPES,
    PDF_VARIANT,
    FetchRefused,
    authors_of,
    document_date,
    log,
    resolve_static_url,
)
from pressroom.rendering.pdf_tags import finish_tagging, lang_aware_tagging


def static_only_fetcher(url: str) -> URLFetcherResponse:
    """WeasyPrint URL fetcher serving only the app's own static files."""
    path = resolve_static_url(url)
    content_type = CONTENT_TYPES[path.suffix.lower()]
    if content_type == "text/css":
        content_type += "; charset=utf-8"
    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


class StaticOnlyURLFetcher(URLFetcher):
    """URLFetcher whose ``fetch`` is :func:`static_only_fetcher`; remembers every request."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.requested: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        self.requested.append(url)
        try:
            return static_only_fetcher(url)
        except FetchRefused as exc:
            log.warning("PDF renderer: %s", exc)
            raise


def render_pdf_in_process(
    html: str, *, lang: str, title: str, author: str, subject: str
) -> tuple[bytes, list[str]]:
    """Render in the current process (no time limit). Returns (pdf, requested URLs)."""
    fetcher = StaticOnlyURLFetcher()
    with lang_aware_tagging():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            pdf_variant=PDF_VARIANT, pdf_tags=True
        )
        metadata = document.metadata
        metadata.title = title
        metadata.authors = authors_of(author)
        metadata.description = subject or None
        metadata.lang = lang.replace("_", "-")
        metadata.generator = "pressroom"
        metadata.created = metadata.modified = document_date(html)
        identity = "\x00".join((html, lang, title, author, subject)).encode("utf-8")
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            pdf_identifier=hashlib.sha256(identity).hexdigest()[:32].encode("ascii"),
        )
    return finish_tagging(pdf), fetcher.requested
