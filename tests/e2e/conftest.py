"""Browser fixtures: the app served by a real server in a thread of this process (so a test
can move its clock), Debian's Chromium driven by Playwright, one fresh profile per person.

* `live_server` (per module): a fresh SQLite file in a tmp dir, migrated and seeded by the
  module's `seed_live` fixture (default: the demo), CSRF on (real forms), cookies allowed
  over plain HTTP, public files not cached. `live_server.clock_offset(...)` moves "now".
* `person(name)`: a persistent Chromium context in its own tmp user-data dir, 1280x800,
  English UI, Playwright timeouts of at most 15 s. Browser console errors and page errors
  are collected per person (`console_problems`).
* `login(page, email)`, `shot(page, step)` (test-artifacts/e2e/NN-step.png, git-ignored).

Without /usr/bin/chromium (or node_modules/axe-core for the axe checks) the tests skip, or
fail when CI or REQUIRE_BROWSER=1 is set.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import logging
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from pressroom import demo
from pressroom.db import db
from tests.conftest import make_app, migrate

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000  # every Playwright wait; a step that needs longer is a failure
VIEWPORT = {"width": 1280, "height": 800}
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = demo.PASSWORD


def browser_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("REQUIRE_BROWSER") == "1"


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = (
        f"{CHROMIUM} is missing: install Debian's chromium "
        "(bash scripts/system-deps.sh --browser, or make test-browser)"
    )
    if browser_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --- the server ---------------------------------------------------------------------------


@dataclass
class LiveServer:
    app: Flask
    url: str
    server: BaseWSGIServer
    thread: threading.Thread

    def clock_offset(self, delta: dt.timedelta | None) -> None:
        """Make the app's "now" run `delta` ahead of real time (None: real time again)."""
        if delta is None:
            self.app.config.pop("CLOCK", None)
        else:
            self.app.config["CLOCK"] = lambda: dt.datetime.now(dt.UTC) + delta


def seed_demo_translated(langs: tuple[str, ...], *, submit: bool = False) -> None:
    """The demo with its translations into `langs` saved by its press officer Urdur (still
    a draft, so they can be edited), and submitted for review if asked."""
    import sqlalchemy as sa

    from pressroom.models import Statement, User
    from pressroom.services import approvals, translations

    demo.seed()
    statement = db.session.scalars(sa.select(Statement).order_by(Statement.id).limit(1)).one()
    officer = db.session.scalars(sa.select(User).where(User.email == demo.DEMO_OFFICER)).one()
    assert statement.current_revision is not None
    source = statement.current_revision.number
    for lang in langs:
        content = demo.TRANSLATIONS[lang]
        translations.save_translation(statement, officer, lang, None, source, content)
    if submit:
        approvals.submit(statement, officer)


@pytest.fixture(scope="module")
def seed_live() -> Callable[[], None]:
    """What the module's database starts with (inside an app context); override per module."""
    return demo.seed


@pytest.fixture(scope="module")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, seed_live: Callable[[], None]
) -> Iterator[LiveServer]:
    require_chromium()
    data_dir = tmp_path_factory.mktemp("e2e-data")
    app = make_app(f"sqlite:///{data_dir / 'pressroom.db'}", data_dir, {})
    app.config.update(
        SERVER_NAME=None,  # make_app's pressroom.test would not match 127.0.0.1
        WTF_CSRF_ENABLED=True,  # real forms, real tokens
        SESSION_COOKIE_SECURE=False,  # what PRESSROOM_INSECURE_COOKIES=1 does
        REMEMBER_COOKIE_SECURE=False,
        PUBLIC_FILE_CACHE_SECONDS=0,
        TESTING=False,  # errors become 500 pages, as in production
        JOBS_MODE="inline",  # bundles render right after the commit: no waiting in tests
    )
    migrate(app)
    with app.app_context():
        seed_live()
        db.session.commit()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, url, server, thread)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        from pressroom.rendering import workers

        workers.pool().close()  # the PDF workers this server started


# --- the browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@dataclass
class Person:
    name: str
    context: Any
    page: Any
    problems: list[str] = field(default_factory=list)


_OPEN: list[Person] = []  # every person's page, for screenshots when a test fails


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed step leaves a picture of every open page: FAILED-<test>-<person>.png."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    test = re.sub(r"[^A-Za-z0-9]+", "-", item.name).strip("-")
    for someone in _OPEN:
        with contextlib.suppress(Exception):  # a closed page has nothing to show
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            someone.page.screenshot(
                path=str(ARTIFACTS / f"FAILED-{test}-{someone.name}.png"),
                full_page=True,
                timeout=5_000,
            )


@pytest.fixture(scope="module")
def person(
    playwright_driver: Any, live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Person]]:
    """person("urdur") -> a fresh Chromium profile with one page open on the live server
    (relative URLs work: page.goto("/login")); options (viewport, locale, …) override the
    defaults."""
    people: list[Person] = []

    def launch(name: str, **options: Any) -> Person:
        profile = tmp_path_factory.mktemp(f"profile-{name}")
        context = playwright_driver.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            accept_downloads=True,
            base_url=live_server.url,
            **{"viewport": VIEWPORT, "locale": "en-GB", "timezone_id": "UTC", **options},
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        page = context.pages[0] if context.pages else context.new_page()
        someone = Person(name, context, page)

        def on_console(message: Any) -> None:
            # HTTP errors (a 404 before the embargo, a 409 conflict) are checked by the
            # tests themselves; what is left are script errors and CSP refusals.
            if message.type == "error" and not message.text.startswith(
                "Failed to load resource: the server responded with a status of"
            ):
                someone.problems.append(f"{name}: console: {message.text} ({page.url})")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: someone.problems.append(f"{name}: page error: {exc}"))
        people.append(someone)
        _OPEN.append(someone)
        return someone

    yield launch
    for someone in people:
        _OPEN.remove(someone)
        with contextlib.suppress(Exception):  # a crashed browser must not hide the error
            someone.context.close()


def console_problems(*people: Person) -> list[str]:
    """What the browsers reported as errors: JavaScript errors and CSP refusals."""
    return [p for someone in people for p in someone.problems]


# --- helpers ------------------------------------------------------------------------------


def login(page: Any, email: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a person would."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    try:
        page.wait_for_url(lambda url: "/login" not in url)
    except Exception as exc:  # playwright's TimeoutError: say why, not just "timeout"
        errors = " ".join(page.locator(".error").all_inner_texts())
        raise AssertionError(f"{email} could not sign in: {errors or page.url}") from exc


class Screenshots:
    """test-artifacts/e2e/NN-step.png, numbered in the order the steps ran."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.counter = itertools.count(1)
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Any, step: str, *, full_page: bool = False) -> Path:
        name = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        path = self.directory / f"{next(self.counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture(scope="session")
def shot() -> Screenshots:
    return Screenshots(ARTIFACTS)


# --- the live editor ----------------------------------------------------------------------

_SELECT = """([name, phrase]) => {
  // The line's own text: remote cursors (names, carets) are widgets, not text.
  const content = document.querySelector(`[data-live-field="${name}"] .cm-content`);
  if (!content) { return false; }
  for (const line of content.querySelectorAll(".cm-line")) {
    const nodes = [];
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.closest("[contenteditable=false]")) { nodes.push(node); }
    }
    const text = nodes.map((n) => n.data).join("");
    const at = text.indexOf(phrase);
    if (at < 0) { continue; }
    const place = (offset, end) => {
      for (const node of nodes) {
        if (offset < node.data.length || (end && offset === node.data.length)) {
          return [node, offset];
        }
        offset -= node.data.length;
      }
      const last = nodes[nodes.length - 1];
      return [last, last.data.length];
    };
    content.focus();
    const range = document.createRange();
    range.setStart(...place(at, false));
    range.setEnd(...place(at + phrase.length, true));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
  return false;
}"""


def live_field(page: Any, name: str) -> Any:
    """The editable text of a live field ("title", "body", "quotes/<id>/text", ...)."""
    return page.locator(f'[data-live-field="{name}"] .cm-content')


def open_live(page: Any, url: str) -> None:
    """Open an editor page and wait until it is live (bound to the shared document)."""
    page.goto(url)
    page.locator(
        "#live-editor[data-live-state=synced], #live-editor[data-live-state=connected]"
    ).wait_for()
    live_field(page, "title").wait_for()


def live_select(page: Any, name: str, phrase: str) -> None:
    """Select `phrase` in a live field, as a mouse would."""
    # CodeMirror draws the lines in view (and a margin): bring the field into view and
    # wait until the phrase is drawn.
    live_field(page, name).scroll_into_view_if_needed()
    try:
        page.wait_for_function(_SELECT, arg=[name, phrase], timeout=5_000)
    except Exception as exc:  # playwright's TimeoutError: say what is missing
        raise AssertionError(f"{phrase!r} not in the live {name}") from exc


def live_replace(page: Any, name: str, before: str, after: str) -> None:
    """Select `before` in a live field (as a mouse would) and type `after` over it."""
    from playwright.sync_api import expect

    live_select(page, name, before)
    page.keyboard.type(after)
    expect(live_field(page, name)).to_contain_text(after)


def live_set(page: Any, name: str, text: str) -> None:
    """Replace the whole text of a live field, as pasting over a selection would."""
    field = live_field(page, name)
    field.click()
    page.keyboard.press("Control+a")
    if text:
        page.keyboard.insert_text(text)
    else:
        page.keyboard.press("Delete")


def save_version(page: Any) -> None:
    """Press the live editor's "Save version" and wait for its answer."""
    from playwright.sync_api import expect

    status = page.locator("[data-live-status]")
    page.get_by_role("button", name="Save version").click()
    expect(status).to_contain_text(re.compile("Saved as revision|Nothing changed"))
