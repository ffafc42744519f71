"""Comments on a selection and suggestion mode in the live translation editor, between two
translators on the Russian page: A comments on words of the Russian body; B sees the
highlight and the thread at once and replies; B suggests a word in the Russian title and
A accepts it. The panel lists the Russian document's threads under a head's request for
changes, counts the source's in a link to them, and the page passes axe."""

from __future__ import annotations

import re
import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from pressroom import demo
from pressroom.db import db
from pressroom.models import Comment, Statement, User
from pressroom.services import approvals, comments
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
from tests.e2e.test_live_comments import BAS, HEAD, SOON

pytestmark = pytest.mark.browser

KLAS = "klas.bergman@oscepa.example.org"
WORDS = "спокойной обстановке"
CHANGES = "Say which stations in the Russian text too."
SOURCE_REMARK = "Name the candidates' channels."
TITLE = "Выборы в Казахстане: прогресс и проблемы"


@pytest.fixture(scope="module")
def seed_live():  # type: ignore[no-untyped-def]
    def seed() -> None:
        """The demo translated into Russian, a comment on a paragraph of the source and a
        head's request for changes."""
        seed_demo_translated(("ru",))
        statement = db.session.scalars(sa.select(Statement).order_by(Statement.id)).first()
        officer = db.session.scalars(sa.select(User).where(User.email == demo.DEMO_OFFICER)).one()
        comments.add_comment(statement, officer, SOURCE_REMARK, paragraph=1)
        # A head asks for changes: the request heads every editor's panel, this one too.
        approvals.submit(statement, officer)
        head = db.session.scalars(sa.select(User).where(User.email == HEAD)).one()
        approvals.decide(statement, head, "request_changes", 1, CHANGES)

    return seed


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
    # The source's paragraph comment is not listed here; a link leads to it.
    source_link = a.locator("[data-source-threads] a")
    expect(source_link).to_have_text("Open comments on the source text: 1")
    expect(source_link).to_have_attribute("href", f"/statements/{statement_id}")
    expect(a.locator("#live-threads")).not_to_contain_text(SOURCE_REMARK)
    first = a.locator("[data-open-threads] > .live-thread").first
    expect(first).to_have_class(re.compile("changes-requested"))
    expect(first).to_contain_text(CHANGES)

    # A selects words of the Russian body and comments on them.
    live_select(a, "body", WORDS)
    a.get_by_role("button", name="Comment", exact=True).click()
    expect(a.locator("[data-composer]")).to_contain_text(WORDS)
    a.get_by_role("textbox", name="Comment").fill("«Спокойной» — так в оригинале: calm?")
    a.get_by_role("button", name="Post comment").click()
    posted = time.monotonic()
    expect(a.locator(".live-thread").nth(1)).to_contain_text("так в оригинале")
    expect(a.locator('[data-live-field="body"] .cm-comment').first).to_be_visible()

    # B, on the same Russian page, sees the highlight and the thread without reloading.
    expect(b.locator('[data-live-field="body"] .cm-comment').first).to_be_visible(timeout=SOON)
    mine = b.locator(".live-thread", has_text="так в оригинале")
    expect(mine).to_be_visible(timeout=SOON)
    print(f"\nthe other translator sees the thread {time.monotonic() - posted:.2f} s after Post")
    assert _highlighted(a) == WORDS and _highlighted(b) == WORDS
    thread_b = mine
    thread_b.locator("summary", has_text="Reply").click()
    thread_b.get_by_role("textbox").fill("Да, calm atmosphere.")
    thread_b.get_by_role("button", name="Send reply").click()
    expect(a.locator(".live-thread", has_text="так в оригинале")).to_contain_text(
        "calm atmosphere", timeout=SOON
    )

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
        threads = sa.select(Comment).where(Comment.lang == "ru", Comment.parent_id.is_(None))
        [thread] = db.session.scalars(threads)
        assert (thread.lang, thread.field, thread.quote) == ("ru", "body", WORDS)
        assert [reply.body for reply in thread.replies] == ["Да, calm atmosphere."]
    assert not console_problems(klas, bas)
