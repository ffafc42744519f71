"""Issue #16, item 1: a journalist on a phone, in Russian, goes from the site's home to the
Russian release and downloads its PDF in two taps."""

from __future__ import annotations

from typing import Any

import pytest

from pressroom import demo
from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def seed_live():  # type: ignore[no-untyped-def]
    return demo.publish_demo


def test_home_to_russian_pdf_in_two_taps(person: Any, live_server: LiveServer, shot: Any):
    journalist = person(
        "journalist", viewport=PHONE, has_touch=True, is_mobile=True, locale="ru-RU"
    )
    page = journalist.page
    title = demo.TRANSLATIONS["ru"]["title"]

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "Пресс-релизы"
    # The list shows the dateline (its city in Russian), the organizations, the languages.
    item = page.locator(".newsroom-item").first
    assert "Астана" in item.locator(".newsroom-item__dateline").inner_text()
    assert "БДИПЧ" in item.inner_text() or "ODIHR" in item.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "phone home in Russian")

    page.get_by_role("link", name=title, exact=True).tap()  # tap 1
    page.wait_for_url("**/ru/releases/*")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "phone release in Russian")
    copy = page.locator(".release-nav__share button.copy-link")
    assert copy.is_visible()  # our own script ran under the page's CSP

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать PDF").tap()  # tap 2
    download = download_info.value
    assert download.suggested_filename.endswith("-ru.pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert not journalist.problems, journalist.problems
