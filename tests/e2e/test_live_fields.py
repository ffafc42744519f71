"""The live editor is the editor: every field of a statement (quotes, contacts, dateline,
...) and of a translation is shared as it is typed; "Save version" makes a revision.
Without JavaScript, or when the WebSocket is refused, the form editor still saves."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from pressroom.db import db
from pressroom.models import Statement
from pressroom.queries.translations import get_translation
from tests.e2e.conftest import console_problems, login

pytestmark = pytest.mark.browser

URDUR = "urdur.gunnarsdottir@odihr.example.org"
KLAS = "klas.bergman@oscepa.example.org"
BAS = "bas.klein@pace.example.org"
SEEN_WITHIN_MS = 2_000


def _statement_id(live_server) -> int:  # type: ignore[no-untyped-def]
    with live_server.app.app_context():
        return int(db.session.scalar(sa.select(Statement.id)))


def _current(live_server, statement_id: int) -> dict:  # type: ignore[no-untyped-def]
    with live_server.app.app_context():
        statement = db.session.get(Statement, statement_id)
        return dict(statement.current_revision.content)


def _open_live(page, url: str):  # type: ignore[no-untyped-def]
    page.goto(url)
    expect(page.locator("#live-editor")).to_have_attribute(
        "data-live-state", re.compile("synced|connected")
    )
    expect(page.locator('[data-live-field="title"] .cm-content')).to_be_visible()


def _field(page, name: str):  # type: ignore[no-untyped-def]
    return page.locator(f'[data-live-field="{name}"] .cm-content')


def test_two_officers_co_edit_a_quote_and_a_contact(live_server, person, shot):
    statement_id = _statement_id(live_server)
    urdur, klas = person("urdur"), person("klas")
    for someone, email in ((urdur, URDUR), (klas, KLAS)):
        login(someone.page, email)
        _open_live(someone.page, f"/statements/{statement_id}")
    a, b = urdur.page, klas.page
    # No opt-in: the page is live, the primary button saves a version.
    expect(a.get_by_role("button", name="Save version")).to_be_visible()
    expect(a.locator("#f-title")).to_be_hidden()

    # Urdur adds words to the ODIHR quote; Klas sees them within 2 s.
    quote = _field(a, "quotes/odihr/text")
    quote.click()
    a.keyboard.press("Control+End")
    a.keyboard.type(" Every vote counts.")
    expect(_field(b, "quotes/odihr/text")).to_contain_text(
        "Every vote counts.", timeout=SEEN_WITHIN_MS
    )

    # Klas adds a press contact who is not in the directory: the row appears for Urdur,
    # and the phone he types arrives within 2 s.
    b.get_by_role("button", name="Add a contact").click()
    row_b = b.locator('[data-live-row="contact"]:visible').last
    expect(a.locator('[data-live-row="contact"]:visible')).to_have_count(1)
    row_b.get_by_label("Name").fill("Anna Kowalska")
    row_b.get_by_label("Organization").select_option("osce-pa")
    row_b.get_by_label("E-mail").fill("anna.kowalska@oscepa.example.org")
    row_b.get_by_label("Phone (international)").fill("+48 22 520 06 99")
    row_a = a.locator('[data-live-row="contact"]:visible').last
    expect(row_a.get_by_label("Phone (international)")).to_have_value(
        "+48 22 520 06 99", timeout=SEEN_WITHIN_MS
    )
    expect(row_a.get_by_label("Name")).to_have_value("Anna Kowalska")
    expect(row_a.get_by_label("Organization")).to_have_value("osce-pa")

    # The dateline city is live too.
    _field(b, "dateline_city").click()
    b.keyboard.press("End")
    b.keyboard.type("-city")
    expect(_field(a, "dateline_city")).to_contain_text("-city", timeout=SEEN_WITHIN_MS)
    b.keyboard.press("Backspace")
    for _ in range(4):
        b.keyboard.press("Backspace")
    expect(_field(a, "dateline_city")).not_to_contain_text("-city", timeout=SEEN_WITHIN_MS)

    # Klas adds a quote: a row appears for Urdur too; he removes it again.
    quotes_before = b.locator('[data-live-row="quote"]').count()
    b.get_by_role("button", name="Add a quote").click()
    expect(a.locator('[data-live-row="quote"]')).to_have_count(quotes_before + 1)
    b.locator('[data-live-row="quote"]').last.get_by_role(
        "button", name=re.compile("^Remove")
    ).click()
    expect(a.locator('[data-live-row="quote"]')).to_have_count(quotes_before)
    # Moving a quote down moves it for Urdur too; Klas moves it back.
    speakers = a.locator('[data-live-row="quote"] input[name$="-speaker"]')
    first, second = speakers.nth(0).input_value(), speakers.nth(1).input_value()
    b.locator('[data-live-row="quote"]').first.get_by_role(
        "button", name=re.compile("^Move down")
    ).click()
    expect(speakers.nth(0)).to_have_value(second)
    expect(speakers.nth(1)).to_have_value(first)
    b.locator('[data-live-row="quote"]').nth(1).get_by_role(
        "button", name=re.compile("^Move up")
    ).click()
    expect(speakers.nth(0)).to_have_value(first)
    shot(a, "live editor quotes and contacts", full_page=True)

    b.get_by_role("button", name="Save version").click()
    expect(b.locator("[data-live-status]")).to_contain_text("Saved as revision")
    content = _current(live_server, statement_id)
    odihr = next(q for q in content["quotes"] if q["id"] == "odihr")
    assert odihr["text"].endswith("Every vote counts."), odihr
    anna = next(c for c in content["contacts"] if c["name"] == "Anna Kowalska")
    assert re.sub(r"\D", "", anna["phone"]) == "48225200699", anna
    assert anna["organization"] == "osce-pa", anna
    assert len(content["quotes"]) == quotes_before
    assert not console_problems(urdur, klas)


def test_live_editor_screenshots_desktop_and_phone(live_server, person, shot):
    statement_id = _statement_id(live_server)
    someone = person("screens")
    login(someone.page, BAS)
    _open_live(someone.page, f"/statements/{statement_id}")
    shot(someone.page, "live editor desktop 1280", full_page=True)
    phone = person("screens-phone", viewport={"width": 390, "height": 844})
    login(phone.page, BAS)
    _open_live(phone.page, f"/statements/{statement_id}")
    shot(phone.page, "live editor phone 390")
    shot(phone.page, "live editor phone 390 full", full_page=True)
    width = phone.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the live editor is {width} px wide on a 390 px phone"
    assert not console_problems(someone, phone)


def test_two_translators_co_edit_the_russian_translation(live_server, person, shot):
    statement_id = _statement_id(live_server)
    klas, bas = person("klas-ru"), person("bas-ru")
    url = f"/statements/{statement_id}/translations/ru"
    for someone, email in ((klas, KLAS), (bas, BAS)):
        login(someone.page, email)
        _open_live(someone.page, url)
    a, b = klas.page, bas.page
    # Presence from awareness: who is here, in which language.
    expect(a.locator("#presence")).to_contain_text("Bas Klein")
    expect(a.locator("#presence")).to_contain_text("ru")

    _field(a, "title").click()
    a.keyboard.press("End")
    a.keyboard.type(" (обновлено)")
    expect(_field(b, "title")).to_contain_text("(обновлено)", timeout=SEEN_WITHIN_MS)
    _field(b, "body").click()
    b.keyboard.press("Control+Home")
    b.keyboard.type("Астана, ")
    expect(_field(a, "body")).to_contain_text("Астана, ", timeout=SEEN_WITHIN_MS)
    # The source stays beside the translation.
    expect(a.locator(".tr-live-body .tr-source")).to_contain_text(
        "Voting was conducted in a calm atmosphere"
    )
    shot(a, "live translation ru", full_page=True)

    b.get_by_role("button", name="Save version").click()
    expect(b.locator("[data-live-status]")).to_contain_text("Saved as revision")
    with live_server.app.app_context():
        statement = db.session.get(Statement, statement_id)
        translation = get_translation(statement, "ru")
        assert translation is not None and translation.current_revision is not None
        saved = translation.current_revision.content
        assert saved["title"].endswith("(обновлено)"), saved["title"]
        assert saved["body"].startswith("Астана,"), saved["body"][:80]
    assert not console_problems(klas, bas)


def test_refused_websocket_falls_back_to_the_form(live_server, person, shot):
    statement_id = _statement_id(live_server)
    someone = person("refused")
    login(someone.page, URDUR)
    page = someone.page
    page.route_web_socket(re.compile(r".*/live$"), lambda ws: ws.close())
    page.goto(f"/statements/{statement_id}")
    title = page.locator("#f-title")
    title.fill(title.input_value() + " (form)")  # typed while it tries to connect
    expect(page.locator("[data-live-status]")).to_contain_text(
        "Live editing is not available", timeout=10_000
    )
    expect(title).to_have_value(re.compile(r"\(form\)$"))  # nothing typed is lost
    shot(page, "live refused form editor")
    page.get_by_role("button", name="Save", exact=True).last.click()
    expect(page.locator(".flashes")).to_contain_text("Saved as revision")
    assert _current(live_server, statement_id)["title"].endswith("(form)")


def test_a_browser_can_choose_the_form_and_come_back(live_server, person):
    statement_id = _statement_id(live_server)
    someone = person("chooser")
    login(someone.page, BAS)
    page = someone.page
    _open_live(page, f"/statements/{statement_id}")
    page.get_by_role("button", name="Use the simple form instead").click()
    expect(page.locator("#f-title")).to_be_visible()
    page.reload()  # remembered in this browser
    expect(page.locator("#f-title")).to_be_visible()
    expect(page.get_by_role("button", name="Save", exact=True).last).to_be_visible()
    assert page.locator("[data-live-field]").count() == 0
    page.get_by_role("button", name="Edit live with the others").click()
    expect(_field(page, "title")).to_be_visible()
    expect(page.get_by_role("button", name="Save version")).to_be_visible()
    assert not console_problems(someone)


def test_without_javascript_the_form_editor_saves(live_server, person):
    statement_id = _statement_id(live_server)
    someone = person("no-js", java_script_enabled=False)
    login(someone.page, KLAS)
    page = someone.page
    page.goto(f"/statements/{statement_id}")
    expect(page.locator("#live-editor")).to_be_hidden()
    body = page.get_by_label("Body", exact=True)
    body.fill(body.input_value() + "\n\nWritten without JavaScript.")
    page.get_by_role("button", name="Save", exact=True).last.click()
    expect(page.locator(".flashes")).to_contain_text("Saved as revision")
    assert _current(live_server, statement_id)["body"].endswith("Written without JavaScript.")
