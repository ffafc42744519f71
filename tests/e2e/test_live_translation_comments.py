"""Comments on a selection and suggestion mode in the live translation editor, between two
translators on the Russian page: A comments on words of the Russian body; B sees the
highlight and the thread at once and replies; B suggests a word in the Russian title and
A accepts it. The panel lists the Russian document's threads; the page passes axe."""

from __future__ import annotations

import re
import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from pressroom.db import db
from pressroom.models import Comment, Statement
from tests.e2e.conftest import (
    console_problems,
    live_field,
    live_replace,
    live_select,
    login,
    open_live,
    seed_demo_translated,
)
from tests.e2e.test_accessibility import FAILING_IMPACTS, axe, describe
from tests.e2e.test_live_comments import BAS, SOON

pytestmark = pytest.mark.browser

KLAS = "klas.bergman@oscepa.example.org"
WORDS = "спокойной обстановке"
TITLE = "Выборы в Казахстане: прогресс и проблемы"


@pytest.fixture(scope="module")
def seed_live():  # type: ignore[no-untyped-def]
    return lambda: seed_demo_translated(("ru",))


def _highlighted(page) -> str:  # type: ignore[no-untyped-def]
    return "".join(page.locator('[data-live-field="body"] .cm-comment').all_inner_texts())


def _title(page) -> str:  # type: ignore[no-untyped-def]
    """The Russian title as this browser's shared document has it (the hidden field)."""
    return str(page.locator("#f-title").input_value())


def test_translators_comment_and_suggest_on_the_russian_text(live_server, person, shot):
    with live_server.app.app_context():
        statement_id = db.session.scalar(sa.select(Statement.id))
    url = f"/statements/{statement_id}/translations/ru"
    klas, bas = person("klas-ru-threads"), person("bas-ru-threads", bypass_csp=True)  # axe
    for someone, email in ((klas, KLAS), (bas, BAS)):
        login(someone.page, email)
        open_live(someone.page, url)
        expect(someone.page.locator("#live-threads")).to_be_visible()
    a, b = klas.page, bas.page
    assert _title(a) == TITLE

    # A selects words of the Russian body and comments on them.
    live_select(a, "body", WORDS)
    a.get_by_role("button", name="Comment", exact=True).click()
    expect(a.locator("[data-composer]")).to_contain_text(WORDS)
    a.get_by_role("textbox", name="Comment").fill("«Спокойной» — так в оригинале: calm?")
    a.get_by_role("button", name="Post comment").click()
    posted = time.monotonic()
    expect(a.locator(".live-thread")).to_contain_text("так в оригинале")
    expect(a.locator('[data-live-field="body"] .cm-comment').first).to_be_visible()

    # B, on the same Russian page, sees the highlight and the thread without reloading.
    expect(b.locator('[data-live-field="body"] .cm-comment').first).to_be_visible(timeout=SOON)
    expect(b.locator(".live-thread")).to_contain_text("так в оригинале", timeout=SOON)
    print(f"\nthe other translator sees the thread {time.monotonic() - posted:.2f} s after Post")
    assert _highlighted(a) == WORDS and _highlighted(b) == WORDS
    thread_b = b.locator(".live-thread").first
    thread_b.locator("summary", has_text="Reply").click()
    thread_b.get_by_role("textbox").fill("Да, calm atmosphere.")
    thread_b.get_by_role("button", name="Send reply").click()
    expect(a.locator(".live-thread .replies")).to_contain_text("calm atmosphere", timeout=SOON)

    # B suggests a word in the Russian title: the text stays, A sees a tracked change.
    toggle = b.get_by_role("button", name="Suggest changes")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    live_replace(b, "title", "прогресс", "успехи")
    expect(a.locator("del.cm-suggestion-delete")).to_have_text("прогресс", timeout=SOON)
    expect(a.locator("ins.cm-suggestion-insert")).to_have_text("успехи", timeout=SOON)
    expect(a.locator("#live-suggestions li")).to_contain_text("replace “прогресс” with “успехи”")
    assert _title(a) == TITLE and _title(b) == TITLE
    shot(b, "live translation comments and suggestion")
    found = axe(b)
    failing = [v for v in found if v.get("impact") in FAILING_IMPACTS]
    assert not failing, describe(failing)

    # A accepts: both have the new word and no tracked change.
    a.get_by_role("button", name=re.compile("^Accept the suggestion by Bas Klein")).click()
    accepted = TITLE.replace("прогресс", "успехи")
    for page in (a, b):
        page.wait_for_function(
            "text => document.getElementById('f-title').value === text", arg=accepted
        )
        expect(page.locator(".cm-suggestion")).to_have_count(0)
        expect(live_field(page, "title")).to_contain_text("успехи и проблемы")

    with live_server.app.app_context():
        [thread] = db.session.scalars(sa.select(Comment).where(Comment.parent_id.is_(None)))
        assert (thread.lang, thread.field, thread.quote) == ("ru", "body", WORDS)
        assert [reply.body for reply in thread.replies] == ["Да, calm atmosphere."]
    assert not console_problems(klas, bas)
