"""Body Markdown is rendered, then sanitized to a small allow-list."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from pressroom.rendering.markdown import render_markdown, split_first_paragraph

REMOVED = [
    # (markdown input, tags / attributes that must not be in the output). Raw HTML may
    # still be *shown* as escaped text; what matters is that it is not markup.
    ("<script>alert(1)</script>", {"script"}),
    ("<b onmouseover=alert(1)>raw</b>", {"b", "onmouseover"}),
    ('<img src="x" onerror="alert(1)">', {"img", "src", "onerror"}),
    ("![pic](http://127.0.0.1:9/x.png)", {"img", "src"}),
    ("![pic](data:image/png;base64,AAAA)", {"img", "src"}),
    ("[click](javascript:alert(1))", {"href"}),
    ("[click](JaVaScRiPt:alert(1))", {"href"}),
    ("[click](data:text/html,<script>alert(1)</script>)", {"href", "script"}),
    ("[file](file:///etc/passwd)", {"href"}),
    ("[rel](/admin/delete)", {"href"}),
    ("[vb](vbscript:msgbox(1))", {"href"}),
    ('<a href="http://x.org" onclick="evil()">a</a>', {"href", "onclick"}),
    ('<div style="position:fixed">x</div>', {"div", "style"}),
    ("<iframe src=http://evil></iframe>", {"iframe", "src"}),
    ("<style>@import url(http://evil/x.css);</style>", {"style"}),
    ("| a | b |\n|---|---|\n| 1 | 2 |", {"table", "td"}),
    ("```\ncode\n```", {"pre", "code"}),
    ("---", {"hr"}),
    ("# Title\n\nx", {"h1"}),
    ('[t](http://x.org "title")', {"title"}),
]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.hrefs: list[str] = []
        self.comments = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        for name, value in attrs:
            self.names.add(name)
            if name == "href":
                self.hrefs.append(value or "")

    def handle_comment(self, data: str) -> None:
        self.comments += 1


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


KEPT = [
    ("*em* and **strong**", "<p><em>em</em> and <strong>strong</strong></p>"),
    ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
    ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
    ("> said", "<blockquote>\n<p>said</p>\n</blockquote>"),
    ("line one  \nline two", "<p>line one<br>\nline two</p>"),
    ("# Big", "<h3>Big</h3>"),
    ("#### Small", "<h4>Small</h4>"),
    (
        "[OSCE](https://www.osce.org/item/25959.html)",
        '<p><a href="https://www.osce.org/item/25959.html" rel="noopener noreferrer">OSCE</a></p>',
    ),
    (
        "[mail](mailto:klas@oscepa.dk)",
        '<p><a href="mailto:klas@oscepa.dk" rel="noopener noreferrer">mail</a></p>',
    ),
    ("<http://www.osce.org/>", '<a href="http://www.osce.org/" rel="noopener noreferrer">'),
    ("    indented text", "<p>indented text</p>"),
    ("Tom & Jerry < 3", "<p>Tom &amp; Jerry &lt; 3</p>"),
]


@pytest.mark.parametrize(("source", "forbidden"), REMOVED)
def test_dangerous_markup_is_removed(source: str, forbidden: set[str]) -> None:
    found = parse(str(render_markdown(source)))
    assert not found.names & forbidden, (source, found.names)
    assert not any(name.startswith("on") for name in found.names)
    assert found.comments == 0


@pytest.mark.parametrize(("source", "expected"), KEPT)
def test_formatting_is_kept(source: str, expected: str) -> None:
    assert expected in str(render_markdown(source))


def test_only_allowed_tags_and_attributes_survive() -> None:
    source = "\n\n".join(s for s, _ in REMOVED + KEPT)
    found = parse(str(render_markdown(source)))
    allowed = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "br", "h3", "h4"}
    assert found.names <= allowed | {"href", "rel"}
    assert found.hrefs
    for href in found.hrefs:
        assert href.startswith(("http://", "https://", "mailto:")), href


def test_comments_are_dropped() -> None:
    assert "<!--" not in str(render_markdown("<!-- c -->text"))


def test_links_get_rel_noopener() -> None:
    html = str(render_markdown("[a](https://x.org) [b](mailto:a@b.org)"))
    assert html.count('rel="noopener noreferrer"') == 2


def test_raw_html_is_shown_as_text() -> None:
    html = str(render_markdown("<script>alert(1)</script>"))
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_result_is_markup_and_empty_input_is_empty() -> None:
    assert isinstance(render_markdown("x"), Markup)
    assert render_markdown("") == Markup("")
    assert render_markdown("  \n ") == Markup("")


def test_split_first_paragraph() -> None:
    first, rest = split_first_paragraph(render_markdown("one\n\ntwo\n\n- three"))
    assert first == Markup("<p>one</p>")
    assert rest.startswith("<p>two</p>")
    first, rest = split_first_paragraph(render_markdown("- list first\n\npara"))
    assert first == Markup("")
    assert rest.startswith("<ul>")
