"""Release HTML and PDF: content, tagging, metadata, hostile input, the URL fetcher."""

from __future__ import annotations

import dataclasses
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from pressroom import demo
from pressroom.rendering import (
    ContactView,
    Labels,
    QuoteView,
    ReleaseDocument,
    render_pdf,
    render_release_html,
)
from pressroom.rendering.pdf import (
    STATIC_PREFIX,
    FetchRefused,
    RenderTimeout,
    resolve_static_url,
    static_only_fetcher,
)
from tests.rendering.demo_pdfs import demo_pdf, pdf_for

REPO = Path(__file__).resolve().parents[2]
META = {"lang": "en", "title": "t", "author": "", "subject": ""}


def pdf_text(pdf: bytes) -> str:
    """Extracted text with renderer hyphenation undone and whitespace collapsed."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = re.sub("[\u2010\u00ad]\n", "", text)  # hyphens added by hyphenation
    text = re.sub("-\n", "-", text)  # "Co-\noperation"
    return " ".join(text.split())


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=["en", "ru", "fr"])
def rendered(request: pytest.FixtureRequest) -> tuple[ReleaseDocument, bytes, list[str]]:
    doc, pdf, fetched = demo_pdf(request.param)
    return doc, pdf, list(fetched)


def test_pdf_holds_the_whole_release(rendered) -> None:
    doc, pdf, _ = rendered
    text = pdf_text(pdf)
    assert squash(doc.labels.press_release) in text
    needles = (doc.title, doc.dateline, doc.lead, doc.further_info_url, doc.published_on)
    for needle in (*needles, doc.verify_url, doc.short_hash):
        assert squash(needle) in text, needle
    for quote in doc.quotes:
        assert squash(quote.inline if doc.quote_style == "inline" else quote.quoted) in text
    for contact in doc.contacts:
        for value in (contact.name, contact.phone, contact.email):
            assert value in text, value
    assert doc.labels.page.format(page=1, pages=len(pypdf.PdfReader(io.BytesIO(pdf)).pages)) in text


def test_pdf_is_tagged_with_language_and_metadata(rendered) -> None:
    doc, pdf, _ = rendered
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == doc.lang
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == doc.title
    assert reader.metadata.author == doc.author
    assert reader.metadata.subject == doc.dateline  # as publishing passes it
    assert pdf.startswith(b"%PDF-1.7")


def test_pdf_embeds_the_shipped_fonts_only(rendered) -> None:
    _, pdf, fetched = rendered
    assert fetched and all(url.startswith(STATIC_PREFIX) for url in fetched)
    assert STATIC_PREFIX + "release/release.css" in fetched
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(name.startswith("Pressroom-") for name in fonts), fonts


def test_pdf_is_deterministic() -> None:
    doc = demo.demo_document("en")
    assert pdf_for(doc) == pdf_for(doc)


HOSTILE = '<img src="http://127.0.0.1:9/x"> <script>alert(1)</script>'
HOSTILE_BODY = (
    '<link rel=stylesheet href="file:///etc/passwd">\n\n'
    '<style>@import url("http://127.0.0.1:9/evil.css");</style>\n\n'
    "@import url(file:///etc/passwd);\n\n"
    "![x](http://127.0.0.1:9/y.png) [link](javascript:alert(1))"
)


def hostile_document() -> ReleaseDocument:
    base = demo.demo_document("en")
    return dataclasses.replace(
        base,
        title="Title " + HOSTILE,
        dateline='ASTANA"><img src=x onerror=alert(1)>',
        lead="</style><style>body{background:url(http://127.0.0.1:9/z)}</style>",
        body_markdown=HOSTILE_BODY,
        quotes=(QuoteView("Eve <b>", "f", "o", HOSTILE),),
        contacts=(
            ContactView(
                "Mallory <script>",
                "Org",
                "+7 701 795 0486",
                "x@y.org",
                vcard_url="javascript:alert(1)",
            ),
        ),
        further_info_url="javascript:alert(1)",
        verify_url="file:///etc/passwd",
        labels=dataclasses.replace(
            base.labels, page='P {page}"; } @import url(http://127.0.0.1:9/p.css); x { "'
        ),
    )


class _Markup(HTMLParser):
    """Real tags, attributes and <style> text of a page (escaped text is not markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def test_hostile_content_is_escaped_in_html() -> None:
    for for_pdf in (False, True):
        html = render_release_html(hostile_document(), for_pdf=for_pdf)
        page = _Markup()
        page.feed(html)
        assert not {"img", "script", "object", "iframe", "b"} & set(page.tags)
        assert page.tags.count("link") == 1 and page.tags.count("style") == 1
        assert not [name for name, _ in page.attrs if name.startswith("on")]
        for name, value in page.attrs:
            if name in ("href", "src"):
                assert value.startswith(
                    ("https://", "http://www.osce.org", "mailto:", "tel:", "/static/")
                ), value
        assert "@import" not in page.style and "127.0.0.1" not in page.style
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_content_fetches_nothing_and_shows_as_text() -> None:
    doc = hostile_document()
    fetched: list[str] = []
    text = pdf_text(pdf_for(doc, fetched))
    assert fetched and all(url.startswith(STATIC_PREFIX) for url in fetched), fetched
    assert "Title " + HOSTILE in text
    assert "Mallory <script>" in text
    assert "@import url(file:///etc/passwd);" in text
    assert "root:" not in text


def test_fetcher_refuses_what_raw_html_asks_for() -> None:
    """Even markup that bypassed the template cannot make the renderer load anything."""
    html = (
        '<html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="/static/release/release.css">'
        '<style>@import url("http://127.0.0.1:9/a.css"); '
        'body { background: url("data:image/png;base64,iVBORw0KGgo=") }</style>'
        '</head><body><p>Visible</p><img src="http://127.0.0.1:9/x" alt="">'
        '<img src="ftp://example.org/x.png" alt=""><img src="/static/../pyproject.toml" alt="">'
        '<object data="file:///etc/passwd"></object></body></html>'
    )
    fetched: list[str] = []
    pdf = render_pdf(html, **META, fetch_log=fetched)
    assert "Visible" in pdf_text(pdf)
    assert "file:///etc/passwd" in fetched
    assert "http://127.0.0.1:9/x" in fetched
    assert STATIC_PREFIX + "release/release.css" in fetched
    assert b"root:" not in pdf


ALLOWED = [
    ("release/release.css", "text/css"),
    ("fonts/NotoSerif-Regular.ttf", "font/ttf"),
    ("fonts/NotoSans-Bold.ttf", "font/ttf"),
]
REFUSED = [
    "http://127.0.0.1:9/x",
    "http://pressroom.invalid/static/release/release.css",
    "https://example.org/static/release/release.css",
    "https://pressroom.invalid.evil.org/static/release/release.css",
    "https://pressroom.invalid/etc/passwd",
    "file:///etc/passwd",
    "file://" + str(REPO / "static/release/release.css"),
    "ftp://example.org/static/release/release.css",
    "data:text/css,body{color:red}",
    "/static/release/release.css",
    STATIC_PREFIX + "../pyproject.toml",
    STATIC_PREFIX + "release/../../pyproject.toml",
    STATIC_PREFIX + "%2e%2e/pyproject.toml",
    STATIC_PREFIX + "release/%2E%2E%2F%2E%2E%2Fpyproject.toml",
    STATIC_PREFIX + "release\\..\\..\\pyproject.toml",
    STATIC_PREFIX + "fonts//NotoSerif-Regular.ttf",
    STATIC_PREFIX + "release/release.css?x=1",
    STATIC_PREFIX + "release/missing.css",
    STATIC_PREFIX + "fonts/OFL.txt",
    STATIC_PREFIX + ".hidden.css",
    STATIC_PREFIX,
]


@pytest.mark.parametrize(("rel", "content_type"), ALLOWED)
def test_fetcher_serves_static_files(rel: str, content_type: str) -> None:
    response = static_only_fetcher(STATIC_PREFIX + rel)
    assert response.content_type == content_type
    assert response.read() == (REPO / "static" / rel).read_bytes()


@pytest.mark.parametrize("url", REFUSED)
def test_fetcher_refuses_everything_else(url: str) -> None:
    with pytest.raises(FetchRefused):
        static_only_fetcher(url)


def test_fetcher_does_not_follow_symlinks_out_of_static(tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (tmp_path / "secret.css").write_text("secret")
    (static / "link.css").symlink_to(tmp_path / "secret.css")
    with pytest.raises(FetchRefused):
        resolve_static_url(STATIC_PREFIX + "link.css", static_dir=static)


def test_render_is_stopped_after_the_time_limit() -> None:
    html = render_release_html(demo.demo_document("en"), for_pdf=True)
    # Some hundred pages of text: seconds of layout on any machine, far past the limit.
    long = html.replace("</body>", "<p>" + "election observation " * 60_000 + "</p></body>")
    with pytest.raises(RenderTimeout):
        render_pdf(long, **META, timeout_s=0.5)


def test_html_structure_and_dateline() -> None:
    doc = demo.demo_document("ru")
    html = render_release_html(doc)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="ru" dir="ltr">' in html
    assert f"<title>{doc.title}</title>" in html
    page = _Markup()
    page.feed(html)
    semantic = {"header", "main", "article", "footer", "h1", "address", "time"}
    assert semantic <= set(page.tags)
    assert (
        '<p class="lead"><span class="dateline"><time datetime="2007-08-19">АСТАНА, '
        "19 августа 2007\u202fг.</time></span> – Хотя"
    ) in html
    block = _Markup()
    block.feed(render_release_html(dataclasses.replace(doc, quote_style="block")))
    assert {"blockquote"} <= set(block.tags) and "figcaption" not in block.tags
    assert 'href="tel:+77017950486"' in html and 'href="mailto:klas@oscepa.dk"' in html
    assert '"\\000421\\000442' in html  # "Страница" as CSS escapes in the page footer


def test_preview_and_notices() -> None:
    doc = dataclasses.replace(
        demo.demo_document("en"),
        preview=True,
        published_on="",
        short_hash="",
        verify_url="",
        version=2,
        correction_note="Date fixed.",
        superseded_notice=True,
        withdrawal_notice="Issued in error.",
    )
    html = render_release_html(doc)
    assert "PREVIEW \N{EM DASH} not published" in html and 'content="noindex"' in html
    assert "<footer" not in html
    assert "Correction (Version 2):" in html and "Date fixed." in html
    assert Labels().superseded in html and Labels().withdrawn in html


def test_bad_language_tag_is_refused() -> None:
    doc = dataclasses.replace(demo.demo_document("en"), lang='en" onload="x')
    with pytest.raises(ValueError, match="Not a language tag"):
        render_release_html(doc)


def test_dateline_opens_the_body_when_there_is_no_lead() -> None:
    doc = dataclasses.replace(demo.demo_document("en"), lead="", body_markdown="One.\n\nTwo.")
    html = render_release_html(doc)
    dateline = '<span class="dateline"><time datetime="2007-08-19">ASTANA, 19 August 2007</time>'
    assert dateline + "</span> – One.</p>" in html
    assert html.index("<p>Two.</p>") < html.index('<p class="quote-inline"')
    doc = dataclasses.replace(doc, body_markdown="- item")
    assert dateline + "</span></p>" in render_release_html(doc)


def test_stylesheet_url() -> None:
    doc = demo.demo_document("en")
    assert 'href="/static/v2/release.css"' in render_release_html(
        doc, stylesheet_url="/static/v2/release.css"
    )
    html = render_release_html(doc, stylesheet_url="javascript:alert(1)")
    assert 'href="/static/release/release.css"' in html
    html = render_release_html(doc, stylesheet_url="/x.css", for_pdf=True)
    assert 'href="/static/release/release.css"' in html
