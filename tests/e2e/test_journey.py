"""The whole election-night journey (issue 8), in one real browser per person, in order:

1. three press officers write the demo statement at once in the live editor: each sees
   the others' words as they are typed; each "Save version" is a revision;
2. a press officer translates it into Russian and French in the live translation editor;
3. it is submitted; one head approves, one requests changes, an officer edits, the
   translations follow, and all three heads approve the new revision;
4. the lead's press officer publishes it under an embargo one hour ahead;
5. an anonymous journalist finds nothing before the embargo (404, empty newsroom), the
   server's clock moves past it, the journalist finds the release, switches to Russian,
   downloads the PDF; its text is checked.
Every step leaves a screenshot in test-artifacts/e2e/.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from pypdf import PdfReader

from pressroom.db import db
from pressroom.demo import CONTACTS, STATEMENT, TRANSLATIONS
from pressroom.domain.content import split_paragraphs
from pressroom.models import Statement
from pressroom.services.translations import to_slots
from pressroom.zones import find_zone
from tests.e2e.conftest import (
    LiveServer,
    console_problems,
    live_field,
    live_replace,
    live_set,
    login,
    save_version,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OFFICERS = {
    "urdur": "urdur.gunnarsdottir@odihr.example.org",  # lead organization (ODIHR)
    "klas": "klas.bergman@oscepa.example.org",
    "bas": "bas.klein@pace.example.org",
}
HEADS = {
    "kopaj": "lubomir.kopaj@odihr.example.org",
    "dinino": "consiglio.dinino@oscepa.example.org",
    "wilshire": "david.wilshire@pace.example.org",
}
TITLE = STATEMENT["title"]
PARAGRAPHS = split_paragraphs(STATEMENT["body"])

# The edits, each a (before, after) replacement inside one paragraph of the demo body.
URDUR_EDIT = ("in a calm atmosphere", "in a calm and orderly atmosphere")  # paragraph 1
KLAS_EDIT = ("but appointed,", "but appointed by the Assembly of People of Kazakhstan,")  # 4
BAS_EDIT = ("in a calm atmosphere", "in a peaceful atmosphere")  # paragraph 1 again
RESOLVED = "in a calm, orderly and peaceful atmosphere"  # what Bas settles on
REVIEW_EDIT = (
    "co-operation with the authorities.",  # paragraph 2, after the request
    "co-operation with the authorities at all levels.",
)
REVIEW_EDIT_RU = (
    "сотрудничество со стороны властей.",
    "сотрудничество со стороны властей всех уровней.",
)
REVIEW_EDIT_FR = ("de la part des autorités.", "de la part des autorités à tous les niveaux.")
CHANGES_COMMENT = "Please say that co-operation was good at all levels of the administration."


def edit_body(page: Any, before: str, after: str) -> None:
    """Change one phrase in the body textarea, as typing would."""
    body = page.get_by_label("Body", exact=True)
    text = body.input_value()
    assert before in text, f"{before!r} not in the editor's body"
    body.fill(text.replace(before, after, 1))


def save(page: Any) -> None:
    page.get_by_role("button", name="Save", exact=True).last.click()
    page.wait_for_load_state()


def tab(page: Any, navigation: str, link: str) -> None:
    """Follow a link of the statement's tabs ("This statement") or languages ("Translations")."""
    page.get_by_role("navigation", name=navigation).get_by_role(
        "link", name=link, exact=True
    ).click()


def test_election_night(live_server: LiveServer, person, shot, tmp_path) -> None:
    people = {}

    # --- 1. three press officers write in the live editor at the same time ---------------
    # Versions are made by "Save version" only here, so the revision numbers are known.
    live_server.app.config["LIVE_IDLE_SECONDS"] = 3600
    for name, email in OFFICERS.items():
        someone = person(name)
        people[name] = someone
        login(someone.page, email)
        expect(someone.page.get_by_role("heading", name="Statements")).to_be_visible()
    urdur, klas, bas = (people[n].page for n in OFFICERS)
    shot(urdur, "officer dashboard")
    for page in (urdur, klas, bas):
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", name=re.compile(re.escape(TITLE)))).to_be_visible()
        page.locator("#live-editor[data-live-state=synced]").wait_for()
    editor_url = urdur.url
    # Presence comes from the live document: everyone sees the others at once.
    expect(bas.locator("#presence")).to_contain_text("Urdur Gunnarsdottir")
    expect(bas.locator("#presence")).to_contain_text("Klas Bergman")
    shot(bas, "three officers in the editor")

    # Urdur changes paragraph 1 and saves a version: revision 2. The others see her words
    # as she types them.
    live_replace(urdur, "body", *URDUR_EDIT)
    expect(live_field(klas, "body")).to_contain_text(URDUR_EDIT[1])
    save_version(urdur)
    expect(urdur.locator("[data-live-status]")).to_contain_text("Saved as revision 2.")
    shot(urdur, "first save")

    # Klas changes paragraph 4 at the same time: no merge, no conflict, revision 3.
    live_replace(klas, "body", *KLAS_EDIT)
    expect(live_field(urdur, "body")).to_contain_text(KLAS_EDIT[1])
    save_version(klas)
    expect(klas.locator("[data-live-status]")).to_contain_text("Saved as revision 3.")
    shot(klas, "second save")

    # Bas would have changed the sentence Urdur changed; he sees hers and writes the one
    # both can live with over it: revision 4.
    expect(live_field(bas, "body")).to_contain_text(URDUR_EDIT[1])
    live_replace(bas, "body", URDUR_EDIT[1], RESOLVED)
    for page in (urdur, klas):
        expect(live_field(page, "body")).to_contain_text(RESOLVED)
    save_version(bas)
    expect(bas.locator("[data-live-status]")).to_contain_text("Saved as revision 4.")
    with live_server.app.app_context():
        saved = db.session.scalar(sa.select(Statement)).current_revision.content["body"]
    assert RESOLVED in saved and KLAS_EDIT[1] in saved, saved
    shot(bas, "three officers wrote together")

    # --- 2. a press officer translates into Russian and French ---------------------------
    source = {**STATEMENT, "body": saved}
    klas.goto(editor_url)
    tab(klas, "This statement", "Translations")
    for lang, language in (("ru", "Russian"), ("fr", "French")):
        tab(klas, "Translations", language)
        expect(klas).to_have_url(re.compile(rf"/translations/{lang}$"))
        klas.locator("#live-editor[data-live-state=synced]").wait_for()
        slots = to_slots(TRANSLATIONS[lang], source)
        paragraphs = []
        for key, value in slots.items():
            if key in ("title", "lead", "dateline_city"):
                live_set(klas, key, value)
            elif key.startswith("body-"):
                paragraphs.append(value)
            else:  # the quotes' and contacts' parts are inputs bound to the document
                klas.locator(f"#f-{key}").fill(value)
        live_set(klas, "body", "\n\n".join(paragraphs))
        shot(klas, f"translation {lang} filled", full_page=True)
        save_version(klas)
        expect(klas.locator("[data-live-status]")).to_contain_text("Saved as revision 1.")
    tab(klas, "This statement", "Translations")
    expect(klas.locator("main")).not_to_contain_text("Missing")
    shot(klas, "translations complete")

    # --- 3. submit, review, request changes, edit, approve ---------------------------------
    urdur.goto(editor_url)
    tab(urdur, "This statement", "Review")
    urdur.get_by_role("button", name="Submit revision 4 for review").click()
    expect(urdur.locator(".flashes")).to_contain_text("Revision 4 was submitted for review.")
    shot(urdur, "submitted")

    heads = {}
    for name, email in HEADS.items():
        heads[name] = person(name)
        login(heads[name].page, email)
    kopaj, dinino, wilshire = (heads[n].page for n in HEADS)

    def open_review(page: Any) -> None:
        page.goto("/")
        waiting = page.get_by_role("region", name="Waiting for your approval")
        waiting.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", name="Approvals")).to_be_visible()

    open_review(kopaj)
    shot(kopaj, "head dashboard review")
    kopaj.get_by_role("button", name="Approve revision 4").click()
    confirm = kopaj.get_by_role("dialog")  # the confirmation names what is approved
    expect(confirm).to_contain_text("revision 4 for OSCE/ODIHR in English, French, Russian?")
    confirm.get_by_role("button", name="Yes, approve for OSCE/ODIHR").click()
    expect(kopaj.locator(".flashes")).to_contain_text("You approved revision 4 for OSCE/ODIHR, in")
    shot(kopaj, "approved revision 4")

    open_review(dinino)
    dinino.get_by_label("Which changes do you request?").fill(CHANGES_COMMENT)
    dinino.get_by_role("button", name="Request changes").click()
    expect(dinino.locator(".flashes")).to_contain_text("You requested changes to revision 4")
    shot(dinino, "changes requested")

    # Klas sees the request on his dashboard and edits paragraph 2.
    klas.goto("/")
    requested = klas.get_by_role("region", name="Changes requested")
    expect(requested).to_contain_text(CHANGES_COMMENT)
    shot(klas, "officer sees the request")
    requested.get_by_role("link", name=TITLE).click()
    klas.locator("#live-editor[data-live-state=synced]").wait_for()
    live_replace(klas, "body", *REVIEW_EDIT)
    save_version(klas)
    expect(klas.locator("[data-live-status]")).to_contain_text("Saved as revision 5.")

    # The translations are outdated now: the changed paragraph is highlighted; he updates it.
    for lang, (before, after) in (("ru", REVIEW_EDIT_RU), ("fr", REVIEW_EDIT_FR)):
        tab(klas, "This statement", "Translations")
        expect(klas.locator("main")).to_contain_text("Outdated")
        tab(klas, "Translations", {"ru": "Russian", "fr": "French"}[lang])
        expect(klas.locator(".tr-changes")).to_contain_text("Paragraph 2")
        klas.locator("#live-editor[data-live-state=synced]").wait_for()
        live_replace(klas, "body", before, after)
        shot(klas, f"translation {lang} updated")
        save_version(klas)
        expect(klas.locator("[data-live-status]")).to_contain_text("Saved as revision 2.")

    # Kopaj's approval of revision 4 no longer counts; all three approve revision 5.
    for page, org in ((kopaj, "OSCE/ODIHR"), (dinino, "OSCE PA"), (wilshire, "PACE")):
        open_review(page)
        if page is kopaj:
            expect(page.locator("table.matrix")).to_contain_text(
                "dismissed: the text (revision 4 → 5)"
            )
            expect(page.locator("#changes")).to_contain_text("at all levels")
        page.get_by_role("button", name="Approve revision 5").click()
        page.get_by_role("dialog").get_by_role("button", name=f"Yes, approve for {org}").click()
        expect(page.locator(".flashes")).to_contain_text(
            f"You approved revision 5 for {org}, in every language"
        )
    expect(wilshire.locator(".review-banner.approved")).to_be_visible()
    shot(wilshire, "approved by all")

    # --- 4. the lead publishes under an embargo one hour ahead ----------------------------
    urdur.goto("/")
    urdur.get_by_role("row", name=re.compile(re.escape(TITLE))).get_by_role(
        "link", name="Publishing"
    ).click()
    expect(urdur.get_by_text("ready to publish")).to_be_visible()
    # The zone is offered by city, defaulting to the dateline's (Astana: Asia/Almaty).
    picked = urdur.get_by_label("Time zone of the embargo").input_value()
    assert picked.startswith("Almaty — Kazakhstan (UTC+")
    zone = find_zone(picked, "en")
    assert zone == "Asia/Almaty"
    embargo = (dt.datetime.now(ZoneInfo(zone)) + dt.timedelta(hours=1)).replace(
        second=0, microsecond=0
    )
    urdur.get_by_label("Embargo until").fill(embargo.strftime("%Y-%m-%dT%H:%M"))
    shot(urdur, "publish with embargo")
    urdur.get_by_role("button", name="Publish").click()
    confirm = urdur.get_by_role("dialog")  # names the languages and the embargo in its zone
    expect(confirm).to_contain_text("in English, French, Russian on")
    expect(confirm).to_contain_text("(Almaty")
    shot(urdur, "publish confirmation")
    confirm.get_by_role("button", name="Yes, schedule it").click()
    expect(urdur.locator(".flashes")).to_contain_text("Scheduled: version 1 becomes public on")
    shot(urdur, "scheduled")
    pdf_link = urdur.locator("table.data a[hreflang=ru]")
    slug = re.search(r"/releases/([^/]+)/v1$", pdf_link.get_attribute("href")).group(1)

    # --- 5. the journalist --------------------------------------------------------------
    journalist = person("journalist")
    press = journalist.page
    response = press.goto(f"/en/releases/{slug}")
    assert response.status == 404, "the release is visible before its embargo"
    response = press.goto(f"/en/releases/{slug}.pdf")
    assert response.status == 404, "the PDF is downloadable before its embargo"
    press.goto("/en/releases")
    expect(press.locator("ol.newsroom-list")).to_have_count(0)
    expect(press.get_by_text("0 releases")).to_be_visible()
    shot(press, "newsroom before the embargo")

    live_server.clock_offset(embargo - dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    press.reload()  # the list is cacheable for a minute; reloading revalidates it
    item = press.locator("ol.newsroom-list li").filter(has_text=TITLE)
    expect(item).to_have_count(1)
    shot(press, "newsroom after the embargo")
    item.get_by_role("link", name=TITLE, exact=True).click()
    expect(press.get_by_role("heading", level=1)).to_contain_text(TITLE)
    shot(press, "release in english")

    press.locator("nav.release-nav a[hreflang=ru]").click()  # the language switcher
    expect(press).to_have_url(re.compile(rf"/ru/releases/{re.escape(slug)}$"))
    expect(press.get_by_role("heading", level=1)).to_contain_text(TRANSLATIONS["ru"]["title"])
    assert press.locator("html").get_attribute("lang") == "ru"
    shot(press, "release in russian")

    with press.expect_download() as download_info:
        press.locator("a.release-nav__pdf").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.name == f"{slug}-v1-ru.pdf"
    text = pdf_text(path.read_bytes())
    expected = [
        "ПРЕСС-РЕЛИЗ",  # the document's own language, not the UI's
        TRANSLATIONS["ru"]["title"],
        "АСТАНА",
        "Построение демократии — долгая и трудная задача.",
        "сотрудничество со стороны властей всех уровней",  # the requested change, translated
    ]
    names = {c["email"]: c["name"] for c in TRANSLATIONS["ru"]["contacts"]}
    for _org, _name, phone, email, _affiliation in CONTACTS:
        expected += [names[email], international(phone), email]  # names written in Cyrillic
    missing = [s for s in expected if squash(s) not in text]
    assert not missing, f"not in the PDF: {missing}\n---\n{text[:3000]}"

    problems = console_problems(*people.values(), *heads.values(), journalist)
    assert not problems, "\n".join(problems)


def squash(text: str) -> str:
    return " ".join(text.split())


def international(phone: str) -> str:
    """ "+33 662 265 489" -> "+33 6 62 26 54 89": how the contact block shows a number."""
    return phonenumbers.format_number(
        phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )


def pdf_text(data: bytes) -> str:
    """The PDF's text, line breaks and automatic hyphenation (U+2010, soft hyphen) undone."""
    reader = PdfReader(io.BytesIO(data))
    raw = "\n".join(page.extract_text() or "" for page in reader.pages)
    raw = re.sub(r"(\w)[\u2010\u00ad]\s*(\w)", r"\1\2", raw)
    return squash(raw)


def test_conflict_edit_box_keeps_their_other_paragraphs(
    live_server: LiveServer, person, shot
) -> None:
    """Bas opens a statement in the form editor (no JavaScript); meanwhile Urdur changes
    paragraphs 1 and 4 (saved through the service, as a concurrent save); Bas changes
    paragraph 1 too and resolves by editing.
    The box he edits must hold Urdur's paragraph 4, or his save throws it away."""
    from pressroom.models import User
    from pressroom.services import statements

    with live_server.app.app_context():
        urdur = db.session.scalar(sa.select(User).where(User.email == OFFICERS["urdur"]))
        statement = statements.create_statement(
            urdur,
            {**STATEMENT, "title": "Conflict drill"},
            source_language="en",
            target_languages=[],
            timezone="Asia/Almaty",
        )
        db.session.commit()
        statement_id = statement.id
    bas = person("bas-drill", java_script_enabled=False).page  # the form editor
    login(bas, OFFICERS["bas"])
    bas.goto(f"/statements/{statement_id}")
    with live_server.app.app_context():
        statement = db.session.get(Statement, statement_id)
        urdur = db.session.scalar(sa.select(User).where(User.email == OFFICERS["urdur"]))
        body = STATEMENT["body"].replace(*URDUR_EDIT).replace(*KLAS_EDIT)
        statements.save(statement, urdur, 1, {"body": body})
        db.session.commit()
    edit_body(bas, *BAS_EDIT)
    save(bas)
    bas.get_by_label("Edit (start from mine)").check()
    box = bas.get_by_label("Edited Body")
    shot(bas, "conflict drill edit box", full_page=True)
    assert KLAS_EDIT[1] in box.input_value(), "their paragraph 4 is missing from the box"
