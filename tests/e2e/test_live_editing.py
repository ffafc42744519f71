"""Three press officers type into the same paragraph of the demo statement at once, each
in their own browser: everyone sees the others' text and cursors, and the final text
holds every keystroke. Then "Save version" turns the live text into a revision."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from pressroom.db import db
from pressroom.models import Statement
from tests.e2e.conftest import console_problems, login

pytestmark = pytest.mark.browser

PEOPLE = {
    "urdur": ("urdur.gunnarsdottir@odihr.example.org", "Urdur Gunnarsdottir (OSCE/ODIHR)"),
    "klas": ("klas.bergman@oscepa.example.org", "Klas Bergman (OSCE PA)"),
    "bas": ("bas.klein@pace.example.org", "Bas Klein (PACE)"),
}


def _body(page):  # type: ignore[no-untyped-def]
    return page.locator('[data-live-field="body"] .cm-content')


def test_three_browsers_type_into_one_paragraph(live_server, person, shot):
    with live_server.app.app_context():
        statement_id = db.session.scalar(sa.select(Statement.id))
    people = {}
    for name, (email, _label) in PEOPLE.items():
        someone = person(name)
        login(someone.page, email)
        someone.page.goto(f"/statements/{statement_id}")
        expect(_body(someone.page)).to_be_visible()
        people[name] = someone
    pages = {name: p.page for name, p in people.items()}
    for page in pages.values():  # everyone puts the caret at the end of the first line
        _body(page).click()
        page.keyboard.press("Control+Home")
        page.keyboard.press("End")

    words = {name: f" [{name}-typed-this]" for name in pages}
    started = time.monotonic()
    for i in range(max(len(w) for w in words.values())):  # keystrokes interleaved
        for name, page in pages.items():
            if i < len(words[name]):
                page.keyboard.type(words[name][i])
    typed = time.monotonic()

    for page in pages.values():
        # The form's hidden field follows the live text (CodeMirror draws only what is in
        # view, so the field is where the whole text can be read).
        page.wait_for_function(
            "words => words.every(w => document.getElementById('f-body').value.includes(w))",
            arg=[w.strip() for w in words.values()],
            timeout=5_000,
        )
    print(
        f"\nthree browsers: every keystroke everywhere {time.monotonic() - typed:.2f} s after "
        f"the last one ({typed - started:.1f} s of typing)"
    )
    finals = {name: page.locator("#f-body").input_value() for name, page in pages.items()}
    assert len(set(finals.values())) == 1, finals
    first_line = next(iter(finals.values())).split("\n", 1)[0]
    for word in words.values():
        # Every keystroke, in order within each person's word.
        assert word.strip() in first_line, first_line

    # Cursors: each page shows the others' carets with name and organization.
    for name, page in pages.items():
        for other, (_email, label) in PEOPLE.items():
            if other != name:
                expect(page.locator(".cm-ySelectionInfo", has_text=label).first).to_be_attached()
        expect(page.locator("#presence")).to_contain_text("OSCE PA" if name != "klas" else "PACE")
    shot(pages["urdur"], "live editing three browsers")

    pages["klas"].get_by_role("button", name="Save version").click()
    expect(pages["klas"].locator("[data-live-status]")).to_contain_text("Saved as revision")
    with live_server.app.app_context():
        statement = db.session.get(Statement, statement_id)
        assert all(w.strip() in statement.current_revision.content["body"] for w in words.values())
    assert not console_problems(*people.values())
