"""Three press officers write the demo statement together from three browsers connected to
two app nodes (gunicorn, gthread, one database, Redis fan-out), as in production: each sees
the others' typing and cursors, and nobody loses a keystroke."""

from __future__ import annotations

import time
import uuid

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from pressroom import demo
from pressroom.db import db
from pressroom.models import Statement
from tests.conftest import make_app, migrate
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, VIEWPORT, login, open_live
from tests.live.nodes import Node
from tests.live.test_two_nodes import REDIS_URL, _redis_or_skip

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PEOPLE = {  # who, on which node, and the label others see next to their cursor
    "urdur": ("urdur.gunnarsdottir@odihr.example.org", 0, "Urdur Gunnarsdottir (OSCE/ODIHR)"),
    "klas": ("klas.bergman@oscepa.example.org", 1, "Klas Bergman (OSCE PA)"),
    "bas": ("bas.klein@pace.example.org", 1, "Bas Klein (PACE)"),
}


def _body(page):  # type: ignore[no-untyped-def]
    return page.locator('[data-live-field="body"] .cm-content')


# The body's first line as text, without the others' cursors drawn into it.
FIRST_LINE = """() => {
  const line = document.querySelector('[data-live-field="body"] .cm-line').cloneNode(true);
  line.querySelectorAll(".cm-ySelectionCaret, .cm-widgetBuffer").forEach(e => e.remove());
  return line.textContent.replace(/\u2060/g, "");
}"""


def _first_line(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.evaluate(FIRST_LINE))


@pytest.fixture
def nodes(tmp_path):  # type: ignore[no-untyped-def]
    _redis_or_skip()
    app = make_app(f"sqlite:///{tmp_path / 'live.db'}", tmp_path, {})
    migrate(app)
    with app.app_context():
        demo.seed()
        db.session.commit()
        statement_id = db.session.scalar(sa.select(Statement.id))
        db.engine.dispose()
    env = {"REDIS_URL": REDIS_URL, "PRESSROOM_REDIS_PREFIX": f"e2e-{uuid.uuid4().hex[:8]}"}
    database = f"sqlite:///{tmp_path / 'live.db'}"
    started = [Node(database, tmp_path / f"n{i}", f"n{i}", env) for i in (1, 2)]
    try:
        yield started, statement_id
    finally:
        for node in started:
            node.stop()


def test_three_browsers_on_two_nodes_write_together(nodes, playwright_driver, tmp_path, shot):
    servers, statement_id = nodes
    contexts, pages = [], {}
    try:
        for name, (email, node, _label) in PEOPLE.items():
            context = playwright_driver.chromium.launch_persistent_context(
                str(tmp_path / f"profile-{name}"),
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_ARGS,
                base_url=servers[node].url,
                viewport=VIEWPORT,
                locale="en-GB",
            )
            context.set_default_timeout(TIMEOUT_MS)
            contexts.append(context)
            page = context.pages[0] if context.pages else context.new_page()
            login(page, email)
            open_live(page, f"/statements/{statement_id}")
            pages[name] = page
        for page in pages.values():  # everyone at the end of the body's first line
            _body(page).click()
            page.keyboard.press("Control+Home")
            page.keyboard.press("End")

        words = {name: f" [{name}-on-two-nodes]" for name in pages}
        for i in range(max(len(w) for w in words.values())):  # keystrokes interleaved
            for name, page in pages.items():
                if i < len(words[name]):
                    page.keyboard.type(words[name][i])
        typed = time.monotonic()
        for page in pages.values():
            page.wait_for_function(
                """words => {
                     const line = document.querySelector('[data-live-field="body"] .cm-line');
                     return line && words.every(w => line.textContent.includes(w));
                   }""",
                arg=[w.strip() for w in words.values()],
                timeout=5_000,
            )
        print(f"\ntwo nodes: every keystroke everywhere {time.monotonic() - typed:.2f} s later")
        lines = {name: _first_line(page) for name, page in pages.items()}
        assert len(set(lines.values())) == 1, lines
        for word in words.values():  # every keystroke, in order within each word
            assert word.strip() in next(iter(lines.values()))

        for name, page in pages.items():  # the others' cursors, named by the server
            for other, (_email, _node, label) in PEOPLE.items():
                if other != name:
                    expect(
                        page.locator(".cm-ySelectionInfo", has_text=label).first
                    ).to_be_attached()
        shot(pages["klas"], "live editing on two nodes")
    finally:
        for context in contexts:
            context.close()
