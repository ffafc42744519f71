"""Suggestion mode: a press officer proposes a change instead of making it; the others see
it as a tracked change (the old word struck through, the new one underlined, with who
proposed it) and accept or reject it. Only an accepted suggestion changes the text."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from pressroom.db import db
from pressroom.models import AuditEvent, Statement, User
from tests.e2e.conftest import console_problems, login, open_live
from tests.e2e.test_accessibility import axe, describe

pytestmark = pytest.mark.browser

URDUR = ("urdur.gunnarsdottir@odihr.example.org", "Urdur Gunnarsdottir (OSCE/ODIHR)")
KLAS = ("klas.bergman@oscepa.example.org", "Klas Bergman (OSCE PA)")
FIRST = "Voting was conducted in a calm atmosphere and was assessed positively by observers."


def _body(page):  # type: ignore[no-untyped-def]
    return page.locator('[data-live-field="body"] .cm-content')


def _live_text(page) -> str:  # type: ignore[no-untyped-def]
    """The shared Y.Text as this browser has it (the hidden form field follows it)."""
    return page.locator("#f-body").input_value()


def _select_word(page, before: str, word: str) -> None:  # type: ignore[no-untyped-def]
    """Put the selection on `word`, which follows `before` at the start of the body."""
    _body(page).click()
    page.keyboard.press("Control+Home")
    for _ in before:
        page.keyboard.press("ArrowRight")
    for _ in word:
        page.keyboard.press("Shift+ArrowRight")


def _go_live(someone, email: str, statement_id: int):  # type: ignore[no-untyped-def]
    login(someone.page, email)
    open_live(someone.page, f"/statements/{statement_id}")
    expect(_body(someone.page)).to_be_visible()
    expect(_body(someone.page)).to_contain_text("Voting was conducted")
    return someone.page


def test_a_suggestion_is_a_tracked_change_until_accepted_or_rejected(live_server, person, shot):
    with live_server.app.app_context():
        statement_id = db.session.scalar(sa.select(Statement.id))
    urdur_person = person("urdur")
    klas_person = person("klas", bypass_csp=True)  # for axe; Urdur's page keeps the CSP
    urdur = _go_live(urdur_person, URDUR[0], statement_id)
    klas = _go_live(klas_person, KLAS[0], statement_id)
    assert _live_text(urdur).startswith(FIRST)

    toggle = urdur.get_by_role("button", name="Suggest changes")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    _select_word(urdur, "Voting was conducted in a ", "calm")
    urdur.keyboard.type("peaceful")

    # Klas sees the tracked change within 2 s: "calm" struck through, "peaceful" proposed,
    # and who proposed it; the shared text itself is unchanged for both.
    struck = klas.locator("del.cm-suggestion-delete")
    proposed = klas.locator("ins.cm-suggestion-insert")
    expect(struck).to_have_text("calm", timeout=2_000)
    expect(proposed).to_have_text("peaceful", timeout=2_000)
    tag = klas.locator(".cm-suggestion-tag")
    expect(tag).to_contain_text("Urdur Gunnarsdottir")
    expect(tag).to_have_attribute("title", f"Suggested by {URDUR[1]}")
    assert _live_text(klas).startswith(FIRST)
    assert _live_text(urdur).startswith(FIRST)
    expect(urdur.locator("ins.cm-suggestion-insert")).to_have_text("peaceful")
    listed = klas.locator("#live-suggestions li")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("replace “calm” with “peaceful”")
    struck.evaluate("el => el.scrollIntoView({block: 'center'})")
    shot(klas, "suggestion as a tracked change")
    violations = axe(klas)
    assert not violations, describe(violations)

    klas.get_by_role("button", name=f"Accept the suggestion by {URDUR[1]}").click()
    for page in (urdur, klas):
        page.wait_for_function(
            "text => document.getElementById('f-body').value.startsWith(text)",
            arg=FIRST.replace("calm", "peaceful"),
            timeout=5_000,
        )
        expect(page.locator(".cm-suggestion")).to_have_count(0)
        expect(page.locator("#live-suggestions")).to_be_hidden()
        expect(_body(page)).to_contain_text("peaceful atmosphere")

    # Klas proposes a second change; Urdur rejects it: the text stays as it was.
    urdur.get_by_role("button", name="Suggest changes").click()  # Urdur types directly again
    expect(toggle).to_have_attribute("aria-pressed", "false")
    klas.get_by_role("button", name="Suggest changes").click()
    _select_word(
        klas, "Voting was conducted in a peaceful atmosphere and was assessed ", "positively"
    )
    klas.keyboard.type("favourablyy")  # one suggestion as the word is typed, a typo
    klas.keyboard.press("Backspace")  # takes back a proposed character, strikes nothing more
    expect(urdur.locator("del.cm-suggestion-delete")).to_have_text("positively", timeout=2_000)
    expect(urdur.locator("ins.cm-suggestion-insert")).to_have_text("favourably")
    urdur.locator("del.cm-suggestion-delete").evaluate("el => el.scrollIntoView({block: 'center'})")
    shot(urdur, "suggestion seen by the other officer")
    expect(urdur.locator("#live-suggestions li")).to_have_count(1)
    urdur.get_by_role("button", name=f"Reject the suggestion by {KLAS[1]}").click()
    after = FIRST.replace("calm", "peaceful")
    for page in (urdur, klas):
        expect(page.locator(".cm-suggestion")).to_have_count(0)
        assert _live_text(page).startswith(after)

    # Klas suggests a word Urdur then rewrites directly: the suggestion no longer applies,
    # cannot be accepted any more, and is withdrawn.
    _select_word(klas, after[: after.index("observers")], "observers")
    klas.keyboard.type("monitors")
    expect(urdur.locator("ins.cm-suggestion-insert")).to_have_text("monitors", timeout=2_000)
    _select_word(urdur, after[: after.index("observers")], "observers")
    urdur.keyboard.type("experts")
    after = after.replace("observers", "experts")
    for page in (urdur, klas):
        item = page.locator("#live-suggestions li")
        expect(item).to_contain_text("no longer applies")
        expect(
            page.get_by_role("button", name=f"Accept the suggestion by {KLAS[1]}")
        ).to_be_hidden()
    klas.locator("#live-suggestions").evaluate("el => el.scrollIntoView({block: 'start'})")
    shot(klas, "a suggestion that no longer applies")
    klas.get_by_role("button", name=f"Reject the suggestion by {KLAS[1]}").click()
    for page in (urdur, klas):
        expect(page.locator(".cm-suggestion")).to_have_count(0)
        page.wait_for_function(
            "text => document.getElementById('f-body').value.startsWith(text)", arg=after
        )

    # A version holds the accepted text only.
    klas.get_by_role("button", name="Save version").click()
    expect(klas.locator("[data-live-status]")).to_contain_text("Saved as revision")
    with live_server.app.app_context():
        body = db.session.get(Statement, statement_id).current_revision.content["body"]
        decided = db.session.execute(
            sa.select(AuditEvent.action, User.email, AuditEvent.details["insert"].as_string())
            .join(User, User.id == AuditEvent.actor_id)
            .where(AuditEvent.action.like("statement.suggestion_%"))
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(row) for row in decided] == [
        ("statement.suggestion_accepted", KLAS[0], "peaceful"),
        ("statement.suggestion_rejected", URDUR[0], "favourably"),
        ("statement.suggestion_rejected", KLAS[0], "monitors"),
    ]
    assert body.startswith(after)
    assert "favourably" not in body and "monitors" not in body
    assert not console_problems(urdur_person, klas_person)


def _title(page):  # type: ignore[no-untyped-def]
    return page.locator('[data-live-field="title"] .cm-content')


def test_insertions_and_deletions_are_suggested_too(live_server, person, shot):
    with live_server.app.app_context():
        statement_id = db.session.scalar(sa.select(Statement.id))
    urdur_person, klas_person = person("urdur-2"), person("klas-2")
    urdur = _go_live(urdur_person, URDUR[0], statement_id)
    klas = _go_live(klas_person, KLAS[0], statement_id)
    title = "Kazakh elections: progress and problems"
    expect(_title(klas)).to_have_text(title)

    urdur.get_by_role("button", name="Suggest changes").click()
    _title(urdur).click()
    urdur.keyboard.press("End")
    urdur.keyboard.type(" so far")  # an insertion, typed on as one suggestion
    urdur.keyboard.press("Home")
    for _ in "Kazakh elections: ":
        urdur.keyboard.press("ArrowRight")
    for _ in "progress and ":
        urdur.keyboard.press("Delete")  # a deletion, struck further with each Delete

    urdur.keyboard.press("End")
    urdur.keyboard.type("!")  # a third suggestion, then taken back with Ctrl+Z
    expect(klas.locator("#live-suggestions li")).to_have_count(3, timeout=2_000)
    urdur.keyboard.press("Control+z")
    expect(klas.locator("#live-suggestions li")).to_have_count(2, timeout=2_000)
    expect(_title(klas).locator("ins.cm-suggestion-insert")).to_have_text(" so far")
    expect(_title(klas).locator("del.cm-suggestion-delete")).to_have_text("progress and ")
    expect(klas.locator("#live-suggestions")).to_contain_text("insert “ so far”")
    expect(klas.locator("#live-suggestions")).to_contain_text("delete “progress and ”")
    assert klas.locator("#f-title").input_value() == title
    _title(klas).evaluate("el => el.scrollIntoView({block: 'center'})")
    shot(klas, "an insertion and a deletion suggested in the title")

    for _ in range(2):
        klas.get_by_role("button", name=f"Accept the suggestion by {URDUR[1]}").first.click()
    for page in (urdur, klas):
        page.wait_for_function(
            "text => document.getElementById('f-title').value === text",
            arg="Kazakh elections: problems so far",
        )
        expect(page.locator(".cm-suggestion")).to_have_count(0)
    assert not console_problems(urdur_person, klas_person)
