"""Issue #16, item 1: the newsroom is the site's home; language URLs, a release missing in
the requested language, error pages in the page's language, per-organization feeds, sharing."""

import pytest

from pressroom.db import db
from pressroom.services import publishing
from tests.services.test_publishing import approve_all


@pytest.fixture
def published(mission, create_statement):  # type: ignore[no-untyped-def]
    statement = create_statement(targets=[], title="Elections in Kazakhstan")
    approve_all(statement, mission)
    release = publishing.publish(statement, mission["po_odihr"])
    db.session.commit()
    return statement, release


def test_root_is_the_newsroom_for_anonymous_visitors(client, published):
    statement, _release = published
    response = client.get("/", headers={"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fr">' in page and "Communiqués de presse" in page
    assert f"/en/releases/{statement.slug}" in page  # only in English: shown in English
    assert "Accept-Language" in response.headers["Vary"]
    assert 'href="/login"' in page  # staff still find the sign-in
    german = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="de">' in german and "Pressemitteilungen" in german


def test_signed_in_people_get_their_dashboard_with_a_link_to_the_newsroom(client, auth, mission):
    auth.login(mission["po_odihr"])
    page = client.get("/").get_data(as_text=True)
    assert "New statement" in page
    assert '<a class="dashboard-newsroom" href="/en/releases">' in page


@pytest.mark.parametrize("path", ["/en", "/en/", "/ru", "/ru/"])
def test_language_roots_redirect_to_the_list(client, path):
    response = client.get(path)
    assert response.status_code in (301, 302, 308)
    assert response.headers["Location"].endswith(path.rstrip("/") + "/releases")
    for other in ("/xx", "/releases", "/kk/"):  # not interface languages
        assert client.get(other).status_code == 404


def test_a_release_missing_in_a_language_offers_the_ones_it_has(client, published):
    statement, _release = published
    response = client.get(f"/de/releases/{statement.slug}")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert '<html lang="de">' in page
    assert "nicht auf Deutsch" in page
    assert f'href="/en/releases/{statement.slug}"' in page and "English" in page
    pdf = client.get(f"/de/releases/{statement.slug}.pdf")
    assert pdf.status_code == 404
    assert f'href="/en/releases/{statement.slug}.pdf"' in pdf.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "lang", "text"),
    [
        ("/de/releases/no-such-release", "de", "Nicht gefunden"),
        ("/ru/releases/no-such-release", "ru", "Не найдено"),
        ("/fr/nothing/here", "fr", "introuvable"),
        ("/de/nothing/here", "de", "Unter dieser Adresse"),
    ],
)
def test_error_pages_speak_the_page_language(client, path, lang, text):
    response = client.get(path, headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in page
    assert text in page
    assert "The requested URL was not found" not in page


def test_list_shows_dateline_organizations_languages_and_feeds(client, published, mission):
    statement, _release = published
    page = client.get("/en/releases").get_data(as_text=True)
    assert "Astana" in page  # the dateline city, frozen with the release
    assert "ODIHR" in page
    for slug in ("odihr", "osce-pa", "pace"):
        assert f"/en/releases/feed.atom?organization={slug}" in page
    feed = client.get("/en/releases/feed.atom?organization=pace")
    assert feed.status_code == 200 and "Elections in Kazakhstan" in feed.get_data(as_text=True)


def test_release_page_shares_without_third_party_scripts(app, client, published):
    statement, _release = published
    response = client.get(f"/en/releases/{statement.slug}")
    page = response.get_data(as_text=True)
    url = app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/en/releases/{statement.slug}"
    assert "mailto:?subject=" in page
    assert 'data-copy="' + url + '"' in page
    assert '<script src="/static/share.js" defer></script>' in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    scripts = [s for s in page.split("<script")[1:] if "application/ld+json" not in s[:40]]
    assert all(s.startswith(' src="/static/') for s in scripts)  # ours, no third party
    assert client.get("/static/share.js").status_code == 200
