"""Typography of the published release: punctuation per language (a pure function, table
tested) and what can be checked on the rendered demo PDFs (issue #15)."""

from __future__ import annotations

import re
import statistics

import pytest

from pressroom.rendering.html import keep_together
from pressroom.rendering.typography import bind_words, punctuate
from tests.rendering.demo_pdfs import demo_pdf, joined_text, page_lines

N, S = "\u00a0", "\u202f"  # no-break space, narrow no-break space


@pytest.mark.parametrize(
    ("lang", "typed", "printed"),
    [
        ("en", '"We welcome it," she said.', "\u201cWe welcome it,\u201d she said."),
        ("en", "It's the 'real' test", "It\u2019s the \u2018real\u2019 test"),
        ("en", "see http://x.org/a?b=1: done", "see http://x.org/a?b=1: done"),
        ("fr", 'Il a dit "oui" : bien !', f"Il a dit \u00ab{S}oui{S}\u00bb{S}: bien{S}!"),
        ("fr", "contacter:", f"contacter{S}:"),
        ("fr", "Pourquoi? Parce que; voilà", f"Pourquoi{S}? Parce que{S}; voilà"),
        ("fr", "l'OSCE", "l\u2019OSCE"),
        ("fr", "« déjà espacé »", f"\u00ab{S}déjà espacé{S}\u00bb"),
        ("fr", "à 10:30, voir https://a.fr/?q=1", "à 10:30, voir https://a.fr/?q=1"),
        ("fr", "\u201cSmart\u201d", f"\u00ab{S}Smart{S}\u00bb"),
        ("ru", '"Власти готовы." И всё', "\u00abВласти готовы\u00bb. И всё"),
        ("ru", "\u00ab Так \u00bb, — сказал он", f"\u00abТак\u00bb,{N}— сказал он"),
        ("ru", "«Вопрос?» — да", f"«Вопрос?»{N}— да"),
        ("de", '"Gut", sagte er', "\u201eGut\u201c, sagte er"),
        ("kk", '"Иә."', "\u00abИә\u00bb."),
        ("en", "", ""),
    ],
)
def test_punctuation_per_language(lang: str, typed: str, printed: str) -> None:
    assert punctuate(typed, lang) == printed


def test_headings_keep_short_words_with_their_neighbours() -> None:
    assert bind_words("Assemblée parlementaire de l’OSCE") == f"Assemblée parlementaire de{N}l’OSCE"
    assert bind_words("Организация по безопасности") == f"Организация по{N}безопасности"
    html = str(keep_together("Droits de l’homme <b>"))
    assert html == 'Droits <span class="nowrap">de l’homme &lt;b&gt;</span>'


@pytest.fixture(scope="module", params=["en", "ru", "fr"])
def pdf(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return demo_pdf(request.param)


def test_no_word_is_split_by_the_renderer(pdf) -> None:  # type: ignore[no-untyped-def]
    """Copied text has whole words: no hyphenation hyphen (U+2010) or soft hyphen, and a
    line ending in "-" only where the word has that hyphen anyway ("co-operation")."""
    doc, data, _ = pdf
    lines = [line for page in page_lines(data) for line in page]
    text = "\n".join(lines)
    assert "\u2010" not in text and "\u00ad" not in text
    source = " ".join(
        [
            doc.lead,
            doc.body_markdown,
            *(q.inline for q in doc.quotes),
            *(lh.heading.upper() for lh in doc.letterheads),
        ]
    )
    for line, following in zip(lines, lines[1:], strict=False):
        if line.endswith("-") and following[:1].isalpha():
            word = re.findall(r"\S+$", line)[0] + following.split()[0]
            assert word.rstrip(".,;:") in source, word


def test_the_measure_is_60_to_75_characters(pdf) -> None:  # type: ignore[no-untyped-def]
    doc, data, _ = pdf
    body_lines = [
        line
        for page in page_lines(data)
        for line in page
        if len(line) > 35 and doc.verify_url not in line
    ]
    assert max(map(len, body_lines)) <= 75, max(body_lines, key=len)
    assert 58 <= statistics.median(map(len, body_lines)) <= 75


def test_the_contact_block_never_opens_a_page(pdf) -> None:  # type: ignore[no-untyped-def]
    doc, data, _ = pdf
    intro = doc.labels.contact_intro.split()[0]
    for lines in page_lines(data):
        starts = [i for i, line in enumerate(lines) if line.startswith(intro)]
        if starts and lines[0] != doc.title:
            header = 1 if lines[0] == doc.title else 0
            assert starts[0] - header >= 2, lines[: starts[0] + 1]


def test_french_spacing_and_apostrophes_in_the_pdf() -> None:
    doc, data, _ = demo_pdf("fr")
    text = joined_text(data)
    assert f"tél.{S}:" in text and f"contacter{S}:" in text and f"document{S}:" in text
    assert f"\u00ab{S}Malgré" in text and f"démocratie{S}\u00bb, a déclaré" in text
    assert "'" not in text and "l\u2019OSCE" in text


def test_russian_quotes_close_before_the_full_stop() -> None:
    _doc, data, _ = demo_pdf("ru")
    text = joined_text(data)
    assert ".\u00bb" not in text and "вопросы\u00bb." in text and "улучшить\u00bb." in text
    assert "страну\u00bb, — заявил сенатор Консильо Ди Нино" in text.replace(N, " ")


def test_the_letterhead_is_set_alike_in_every_language() -> None:
    """Capitals in every script (the Russian letterhead had no small caps)."""
    for lang, first in (
        ("en", "ORGANIZATION FOR"),
        ("ru", "ОРГАНИЗАЦИЯ"),
        ("fr", "ORGANISATION POUR"),
    ):
        _doc, data, _ = demo_pdf(lang)
        assert page_lines(data)[0][0].strip().startswith(first), lang


def test_hyphenated_words_of_headings_never_break_at_their_hyphen():
    """ "CO-/OPERATION" split over two letterhead lines is what a typographer fixes first."""
    html = str(keep_together("SECURITY AND CO-OPERATION IN EUROPE"))
    assert '<span class="nowrap">CO-OPERATION</span>' in html
    assert (
        html.replace('<span class="nowrap">', "").replace("</span>", "")
        == "SECURITY AND CO-OPERATION IN EUROPE"
    )
