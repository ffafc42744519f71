"""The public newsroom pages: list with filters and search, 400 page, caching and 304s, the
Atom feed, the sitemap, and the release page's OpenGraph / JSON-LD and way back."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest

from pressroom.db import db
from pressroom.models import Release
from pressroom.services import publishing, statements
from tests.conftest import statement_data
from tests.newsroom_factory import BASE, seed_fixture  # noqa: F401  (fixture `seed`)
from tests.services.test_publishing import approve_all

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_list_page_anonymous_with_items(client, seed):
    seed(3, languages=("en", "ru"))
    seed(1, languages=("fr",), prefix="fr")
    response = client.get("/ru/releases")
    page = text(response)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert '<html lang="ru">' in page and 'role="search"' in page
    assert page.index("bulk-000002") < page.index("bulk-000001")  # newest first
    item = re.search(r'<li class="newsroom-item">.*?fr-000003.*?</li>', page, re.S).group(0)
    assert 'lang="fr"' in item and "newsroom-item__fallback" in item  # source title, marked
    assert "/fr/releases/fr-000003.pdf" in item and re.search(r", 120\s", item)  # its size
    assert "/ru/releases/bulk-000002.pdf" in page
    assert '<time datetime="2021-03-01">' in page  # the release's date, no time
    assert 'type="application/atom+xml"' in page
    assert client.get("/xx/releases").status_code == 404


def test_filters_search_and_pages_keep_each_other(client, seed):
    seed(25)
    page = text(client.get("/en/releases?q=mission&organization=pace"))
    assert 'value="mission"' in page and '<option value="pace" selected>' in page
    second = text(client.get("/en/releases"))
    assert 'rel="next" href="/en/releases?page=2"' in second
    filtered = text(client.get("/en/releases?language=ru&page=2"))
    assert (
        'rel="prev" href="/en/releases?language=ru&amp;page=1"' in filtered
        or 'rel="prev" href="/en/releases?page=1&amp;language=ru"' in filtered
    )
    assert "There is nothing on this page." in text(client.get("/en/releases?page=9"))


@pytest.mark.parametrize(
    "query",
    ["page=0", "page=abc", "organization=No%20Body", "language=%3Cscript%3E", "q=" + "x" * 201],
)
def test_bad_parameters_give_a_400_page_with_the_form(client, mission, query):
    response = client.get(f"/en/releases?{query}")
    page = text(response)
    assert response.status_code == 400
    assert 'role="search"' in page and 'class="error"' in page and "<script>" not in page


def test_user_text_is_escaped(client, seed):
    seed(1, text=lambda n, lang: ("<script>alert(1)</script> & co", "<p>body</p>"))
    page = text(client.get("/en/releases"))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    feed = client.get("/en/releases/feed.atom").get_data()
    titles = [e.findtext(f"{ATOM}title") for e in ET.fromstring(feed).iter(f"{ATOM}entry")]
    assert titles == ["<script>alert(1)</script> & co"]


def test_etag_last_modified_and_304(client, seed):
    seed(2)
    for url in ("/en/releases?q=mission", "/en/releases/feed.atom", "/sitemap.xml"):
        first = client.get(url)
        assert first.status_code == 200 and first.headers["ETag"]
        assert re.match(r"public, max-age=\d+$", first.headers["Cache-Control"])
        assert first.headers["Last-Modified"]
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
        since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
        assert since.status_code == 304
    other = client.get(
        "/fr/releases?q=mission",
        headers={"If-None-Match": client.get("/en/releases?q=mission").headers["ETag"]},
    )
    assert other.status_code == 200  # the page's language is part of its identity


def test_a_new_release_or_a_withdrawal_changes_the_etag(client, seed):
    ids = seed(2)
    etag = client.get("/en/releases").headers["ETag"]
    db.session.get(Release, ids[0]).withdrawn_at = BASE + dt.timedelta(days=3)
    db.session.commit()
    response = client.get("/en/releases", headers={"If-None-Match": etag})
    assert response.status_code == 200 and "bulk-000000" not in text(response)
    assert (
        client.get(
            "/en/releases", headers={"If-Modified-Since": "Mon, 01 Mar 2021 12:00:00 GMT"}
        ).status_code
        == 200
    )


def test_signed_in_pages_are_private(client, auth, mission, seed):
    seed(1)
    auth.login(mission["po_pace"])
    response = client.get("/en/releases")
    assert response.status_code == 200 and "Officer pace" in text(response)
    assert response.headers["Cache-Control"].startswith("private")


def test_atom_feed_is_valid_atom(client, seed):
    seed(3, languages=("en", "ru"))
    seed(1, languages=("fr",), prefix="fr")
    response = client.get("/ru/releases/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}")
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href").endswith("/ru/releases/feed.atom")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3  # only releases available in Russian
    first = entries[0]
    assert first.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert first.findtext(f"{ATOM}id").endswith("/ru/releases/bulk-000002")
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", first.findtext(f"{ATOM}updated"))
    assert first.find(f"{ATOM}author/{ATOM}name").text
    enclosure = [link for link in first.findall(f"{ATOM}link") if link.get("rel") == "enclosure"]
    assert enclosure[0].get("type") == "application/pdf" and int(enclosure[0].get("length")) > 0
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 3


def test_feed_per_organization(client, mission, seed):
    seed(6)
    feed = ET.fromstring(client.get("/en/releases/feed.atom?organization=pace").data)
    for entry in feed.findall(f"{ATOM}entry"):
        assert "pace" in [c.get("term") for c in entry.findall(f"{ATOM}category")]
    assert "pace" in feed.findtext(f"{ATOM}id")
    assert client.get("/en/releases/feed.atom?organization=No+Body").status_code == 400
    nobody = ET.fromstring(client.get("/en/releases/feed.atom?organization=nobody").data)
    assert nobody.findall(f"{ATOM}entry") == []
    assert client.get("/not a lang/releases/feed.atom").status_code == 404


def test_sitemap_lists_public_releases_with_alternates(client, seed):
    ids = seed(2, languages=("en", "ru"))
    seed(1, start=dt.datetime(2999, 1, 1, tzinfo=dt.UTC), prefix="later")  # scheduled
    db.session.get(Release, ids[0]).withdrawn_at = BASE + dt.timedelta(days=1)
    db.session.commit()
    root = ET.fromstring(client.get("/sitemap.xml").data)
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert any(loc.endswith("/en/releases") for loc in locs)
    assert [loc for loc in locs if "bulk-" in loc] == [
        "http://127.0.0.1:5000/en/releases/bulk-000001",
        "http://127.0.0.1:5000/ru/releases/bulk-000001",
    ]
    assert not any("later-" in loc for loc in locs)
    url = next(
        u
        for u in root.findall(f"{SITEMAP}url")
        if u.findtext(f"{SITEMAP}loc").endswith("/ru/releases/bulk-000001")
    )
    assert {(a.get("hreflang"), a.get("href")[-24:]) for a in url.findall(f"{XHTML}link")} == {
        ("en", "/en/releases/bulk-000001"),
        ("ru", "/ru/releases/bulk-000001"),
    }


def test_release_page_has_opengraph_json_ld_and_the_way_back(client, mission):
    statement = statements.create_statement(
        mission["po_odihr"],
        statement_data(
            title="Elections </script><script>alert(1)</script>", quotes=[], contacts=[]
        ),
        source_language="en",
        target_languages=[],
    )
    approve_all(statement, mission)
    publishing.publish(statement, mission["po_odihr"])
    db.session.commit()
    response = client.get(f"/en/releases/{statement.slug}")
    page = text(response)
    assert response.status_code == 200
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Elections &lt;/script&gt;' in page
    assert "<script>alert(1)" not in page
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1 and "</" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["@type"] == "NewsArticle" and data["headline"].startswith("Elections </script>")
    assert data["inLanguage"] == "en" and data["datePublished"]
    assert {a["name"] for a in data["author"]} >= {"OSCE/ODIHR", "PACE"}
    assert data["associatedMedia"]["encodingFormat"] == "application/pdf"
    assert 'href="/en/releases">' in page  # back to the newsroom
    listed = text(client.get("/en/releases?q=elections"))
    assert statement.slug in listed
