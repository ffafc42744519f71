"""The published page as the web expects it (issue #15): <time datetime>, og:image drawn
from the release, og:locale as ll_CC, every organization in the JSON-LD, hreflang
x-default, quotation marks in the text, /favicon.ico and /robots.txt."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

from pressroom import demo
from pressroom.db import db
from pressroom.rendering.compose import og_locale
from pressroom.rendering.site_files import robots_txt


@pytest.fixture
def demo_release(app):  # type: ignore[no-untyped-def]
    statement = demo.publish_demo()
    db.session.commit()
    return statement


def head(page: str) -> str:
    return page[: page.index("</head>")]


def test_page_metadata(client, demo_release) -> None:
    slug = demo_release.slug
    page = client.get(f"/ru/releases/{slug}").get_data(as_text=True)
    meta = head(page)
    assert '<meta property="og:locale" content="ru_RU">' in meta
    assert '<meta property="og:locale:alternate" content="en_GB">' in meta
    assert '<meta property="og:locale:alternate" content="fr_FR">' in meta
    assert re.search(
        r'<link rel="alternate" hreflang="x-default" href="[^"]*/en/releases/'
        + re.escape(slug)
        + '">',
        meta,
    )
    ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', meta, re.S).group(1)
    )
    assert [p["name"] for p in ld["publisher"]] == [a["name"] for a in ld["author"]]
    assert len(ld["publisher"]) == 3
    assert '<time datetime="2007-08-19">АСТАНА, 19 августа 2007\u202fг.</time>' in page
    assert "«Построение демократии\u00a0— долгая" in page  # the marks are text
    image = re.search(r'<meta property="og:image" content="([^"]+)">', meta).group(1)
    assert ld["image"] == image
    response = client.get(
        image.split("pressroom.test", 1)[-1] if "pressroom.test" in image else image
    )
    assert response.status_code == 200 and response.mimetype == "image/png"
    with Image.open(io.BytesIO(response.data)) as png:
        assert png.size == (1200, 630)
    again = client.get(
        image.split("pressroom.test", 1)[-1] if "pressroom.test" in image else image,
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304
    assert client.get(f"/xx/releases/{slug}/v1/preview.png").status_code == 404
    assert client.get(f"/ru/releases/{slug}/v9/preview.png").status_code == 404


def test_release_stylesheet_adds_no_quotation_marks() -> None:
    from pressroom.rendering.pdf import STATIC_DIR

    css = (STATIC_DIR / "release" / "release.css").read_text()
    assert "open-quote" not in css and "close-quote" not in css


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "en_GB"),
        ("ru", "ru_RU"),
        ("fr", "fr_FR"),
        ("de", "de_DE"),
        ("kk", "kk_KZ"),
        ("pt_BR", "pt_BR"),
        ("pt-BR", "pt_BR"),
    ],
)
def test_og_locale(lang: str, expected: str) -> None:
    assert og_locale(lang) == expected


def test_robots_and_favicon(client) -> None:
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots.mimetype == "text/plain"
    text = robots.get_data(as_text=True)
    assert "Allow: /\n" in text and "Disallow: /statements/" in text
    assert "Disallow: /admin/" in text and "Disallow: /api/" in text
    assert "Sitemap: " in text and text.rstrip().endswith("/sitemap.xml")
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    with Image.open(io.BytesIO(icon.data)) as ico:
        assert ico.format == "ICO"


def test_robots_txt_is_plain_rules() -> None:
    assert robots_txt("", ["/a/"]) == "User-agent: *\nAllow: /\nDisallow: /a/\n"
