"""Comments on a selection of the live text, between two press officers' browsers: A
selects words and comments; B sees the highlight and the thread at once; B types before
the words and A's highlight still covers exactly them; B replies, A resolves. A head's
request for changes then appears at the top of the editors' comment panel."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from pressroom.db import db
from pressroom.models import Comment, Statement
from tests.e2e.conftest import console_problems, login, open_live

pytestmark = pytest.mark.browser

URDUR = "urdur.gunnarsdottir@odihr.example.org"
BAS = "bas.klein@pace.example.org"
HEAD = "david.wilshire@pace.example.org"
WORDS = "calm atmosphere"
SOON = 2_000  # ms: "within a second or two"

SELECT = """words => {
  const lines = document.querySelectorAll('[data-live-field="body"] .cm-line');
  for (const line of lines) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(words);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + words.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return true;
      }
    }
  }
  return false;
}"""


def _go_live(person, statement_id: int):  # type: ignore[no-untyped-def]
    page = person.page
    open_live(page, f"/statements/{statement_id}")
    expect(page.locator('[data-live-field="body"] .cm-content')).to_be_visible()
    expect(page.locator("#live-threads")).to_be_visible()
    return page


def _highlighted(page) -> str:  # type: ignore[no-untyped-def]
    return "".join(page.locator('[data-live-field="body"] .cm-comment').all_inner_texts())


def test_comment_on_a_selection_follows_the_text_for_everyone(live_server, person, shot):
    with live_server.app.app_context():
        statement_id = db.session.scalar(sa.select(Statement.id))
    a, b = person("urdur"), person("bas")
    login(a.page, URDUR)
    login(b.page, BAS)
    page_a, page_b = _go_live(a, statement_id), _go_live(b, statement_id)

    # A selects the words; the "Comment" button appears next to the selection.
    page_a.locator('[data-live-field="body"] .cm-content').click()
    assert page_a.evaluate(SELECT, WORDS)
    comment_button = page_a.get_by_role("button", name="Comment", exact=True)
    expect(comment_button).to_be_visible()
    shot(page_a, "live comments selection and comment button")
    comment_button.click()
    composer = page_a.locator("[data-composer]")
    expect(composer).to_contain_text(WORDS)
    page_a.get_by_role("textbox", name="Comment").fill("Is “calm” what the observers said?")
    page_a.get_by_role("button", name="Post comment").click()
    posted = time.monotonic()
    expect(page_a.locator(".live-thread")).to_contain_text("what the observers said")
    expect(page_a.locator('[data-live-field="body"] .cm-comment').first).to_be_visible()
    assert _highlighted(page_a) == WORDS

    # B sees the highlight and the thread without reloading.
    expect(page_b.locator('[data-live-field="body"] .cm-comment').first).to_be_visible(timeout=SOON)
    expect(page_b.locator(".live-thread")).to_contain_text("what the observers said", timeout=SOON)
    assert _highlighted(page_b) == WORDS
    print(f"\nthe other browser shows the new thread {time.monotonic() - posted:.2f} s after Post")

    # B types before the commented words: A's highlight still covers the same words.
    page_b.locator('[data-live-field="body"] .cm-content').click()
    page_b.keyboard.press("Control+Home")
    page_b.keyboard.type("UPDATE: ")
    page_a.wait_for_function(
        "() => document.getElementById('f-body').value.startsWith('UPDATE: ')", timeout=SOON
    )
    expect(page_a.locator('[data-live-field="body"] .cm-comment').first).to_have_text(WORDS)
    assert _highlighted(page_a) == WORDS
    assert _highlighted(page_b) == WORDS

    # Clicking the highlight focuses the thread.
    page_b.locator('[data-live-field="body"] .cm-comment').first.click()
    expect(page_b.locator(".live-thread.focused")).to_contain_text("what the observers said")

    # A starts a reply while B replies: A's typing survives B's reply arriving.
    thread_a = page_a.locator(".live-thread").first
    thread_a.locator("summary", has_text="Reply").click()
    thread_a.get_by_role("textbox").fill("Draft in progress")

    # B replies from the panel; A sees the reply.
    thread_b = page_b.locator(".live-thread").first
    thread_b.locator("summary", has_text="Reply").click()
    thread_b.get_by_role("textbox").fill("Our observers wrote “calm”, yes.")
    thread_b.get_by_role("button", name="Send reply").click()
    expect(page_a.locator(".live-thread .replies")).to_contain_text(
        "Our observers wrote", timeout=SOON
    )
    expect(thread_a.get_by_role("textbox")).to_have_value("Draft in progress")
    expect(thread_a.get_by_role("textbox")).to_be_focused()
    shot(page_a, "live comments thread with reply", full_page=True)

    # A resolves: the highlight goes away for both, the thread is listed collapsed.
    page_a.locator(".live-thread").first.get_by_role("button", name="Resolve").click()
    for page in (page_a, page_b):
        expect(page.locator('[data-live-field="body"] .cm-comment')).to_have_count(0, timeout=SOON)
        expect(page.locator("[data-resolved] > summary")).to_have_text(
            "Resolved comments (1)", timeout=SOON
        )
    shot(page_b, "live comments resolved")
    with live_server.app.app_context():
        [thread] = db.session.scalars(sa.select(Comment).where(Comment.parent_id.is_(None)))
        assert thread.resolved_at is not None and thread.quote == WORDS
        assert thread.field == "body" and thread.anchor_start and thread.anchor_end
    assert not console_problems(a, b)


def test_a_heads_request_for_changes_appears_in_the_editor(live_server, person, shot):
    with live_server.app.app_context():
        statement_id = db.session.scalar(sa.select(Statement.id))
    a, head = person("urdur"), person("wilshire")
    login(a.page, URDUR)
    login(head.page, HEAD)
    page_a = _go_live(a, statement_id)
    page_a.goto(f"/statements/{statement_id}/review")
    page_a.get_by_role("button", name="Submit revision").click()
    page_a = _go_live(a, statement_id)

    head.page.goto(f"/statements/{statement_id}/review")
    head.page.locator("form.decide-changes textarea").fill("Give the share of stations: 40 %.")
    head.page.locator("form.decide-changes").get_by_role("button", name="Request changes").click()

    first = page_a.locator("[data-open-threads] > .live-thread").first
    expect(first).to_have_class("thread live-thread changes-requested", timeout=SOON)
    expect(first).to_contain_text("Changes requested")
    expect(first).to_contain_text("David Wilshire")
    expect(first).to_contain_text("PACE")
    expect(first).to_contain_text("Give the share of stations")
    shot(page_a, "live comments changes requested", full_page=True)

    first.locator("summary", has_text="Reply").click()
    first.get_by_role("textbox").fill("Added in the second paragraph.")
    first.get_by_role("button", name="Send reply").click()
    expect(first.locator(".replies")).to_contain_text("Added in the second paragraph.")
    first.get_by_role("button", name="Resolve").click()
    expect(page_a.locator("[data-resolved] > summary")).to_contain_text("(2)")
    # Reopened from the collapsed list, it is back at the top.
    page_a.locator("[data-resolved] > summary").click()
    resolved = page_a.locator("[data-resolved-threads] > .changes-requested")
    resolved.get_by_role("button", name="Reopen").click()
    expect(first).to_contain_text("Give the share of stations")
    expect(page_a.locator("[data-resolved] > summary")).to_contain_text("(1)")

    # By keyboard: Tab from the selection reaches the Comment button; Ctrl+Alt+M opens the
    # comment at once, Ctrl+Enter posts it.
    body = page_a.locator('[data-live-field="body"] .cm-content')
    body.click()
    assert page_a.evaluate(SELECT, "vote count")
    page_a.keyboard.press("Tab")
    expect(page_a.get_by_role("button", name="Comment", exact=True)).to_be_focused()
    body.click()
    assert page_a.evaluate(SELECT, "vote count")
    page_a.keyboard.press("Control+Alt+m")
    expect(page_a.get_by_role("textbox", name="Comment")).to_be_focused()
    page_a.keyboard.type("Which count?")
    page_a.keyboard.press("Control+Enter")
    expect(page_a.locator("[data-open-threads] > .live-thread")).to_have_count(2)
    expect(page_a.locator("[data-open-threads] > .live-thread").nth(1)).to_contain_text(
        "Which count?"
    )
    assert _highlighted(page_a) == "vote count"
    assert not console_problems(a, head)


def test_the_comment_panel_passes_axe(live_server, person, shot):
    from tests.e2e.test_accessibility import FAILING_IMPACTS, axe, describe

    with live_server.app.app_context():
        statement_id = db.session.scalar(sa.select(Statement.id))
    someone = person("axe-comments", bypass_csp=True)
    login(someone.page, URDUR)
    page = _go_live(someone, statement_id)
    page.locator('[data-live-field="body"] .cm-content').click()
    assert page.evaluate(SELECT, "procedural problems")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.get_by_role("textbox", name="Comment").fill("Which problems?")
    page.get_by_role("button", name="Post comment").click()
    thread = page.locator(".live-thread", has_text="Which problems?")
    expect(thread).to_be_visible()
    thread.locator("summary", has_text="Reply").click()
    shot(page, "live comments panel for axe")
    found = axe(page)
    failing = [v for v in found if v.get("impact") in FAILING_IMPACTS]
    assert not failing, describe(failing)

    # The commented words are deleted: the thread says so and keeps the quote.
    expect(thread.get_by_text("The commented text was removed.")).to_be_hidden()
    page.locator('[data-live-field="body"] .cm-content').click()
    assert page.evaluate(SELECT, "procedural problems")
    page.keyboard.press("Delete")
    expect(thread.get_by_text("The commented text was removed.")).to_be_visible()
    expect(thread.locator(".anchor q")).to_have_text("procedural problems")
    assert "procedural" not in _highlighted(page)
    shot(page, "live comments text removed")
