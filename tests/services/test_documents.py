"""The rendered document does not depend on the moment of publication: its date is the
dateline date (rendering happens when the bundle is complete, before publication)."""

from __future__ import annotations

import datetime as dt

from pressroom.rendering import render_release_html
from pressroom.services import documents


def test_the_document_date_is_the_dateline_date(dummy_statement) -> None:
    early = documents.release_document(
        dummy_statement, "en", preview=False, published_on=dt.date(2007, 8, 20)
    )
    late = documents.release_document(
        dummy_statement, "en", preview=False, published_on=dt.date(2026, 12, 1)
    )
    assert early == late
    assert (late.published_on, late.date_iso) == ("19 August 2007", "2007-08-19")
    html = render_release_html(late, for_pdf=True)
    assert "2026" not in html and "Published" not in html
    assert '<time datetime="2007-08-19">ASTANA, 19 August 2007</time>' in html


def test_letterhead_lines_are_the_document_language_s(dummy_statement) -> None:
    """English letterhead lines never show up in another language's document."""
    from pressroom.services import organizations

    odihr = next(o for o in dummy_statement.organizations if o.slug == "odihr")
    organizations.set_name(
        odihr,
        lang="en",
        name=odihr.name("en"),
        short_name=odihr.short_name("en"),
        letterhead="Organization for Security\nOffice for Democratic",
    )
    english = documents.release_document(dummy_statement, "en")
    assert english.letterheads[0].lines == ("Organization for Security", "Office for Democratic")
    assert english.letterheads[0].heading == "Organization for Security"
    russian = documents.release_document(dummy_statement, "ru")
    assert russian.letterheads[0].lines == ()
