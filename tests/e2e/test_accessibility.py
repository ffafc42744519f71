"""Accessibility in a real browser: axe-core (node_modules/axe-core, injected into each page)
finds no serious or critical violation on the pages people use on election night, and the
main flows work with the keyboard alone (Tab, Shift+Tab, Enter, typing), with a visible focus.

The pages' Content-Security-Policy forbids inline scripts, which is how Playwright injects
axe: the axe contexts bypass CSP (only here; the journey runs with the real policy).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from pressroom import demo
from pressroom.db import db
from pressroom.demo import TRANSLATIONS
from pressroom.models import Statement, User
from pressroom.services import approvals, statements, translations
from tests.e2e.conftest import (
    ARTIFACTS,
    AXE_JS,
    LiveServer,
    Person,
    browser_required,
    console_problems,
    login,
    open_live,
)

pytestmark = [pytest.mark.browser]

SECOND_TITLE = "Kazakhstan: observers present their final report"
FAILING_IMPACTS = ("serious", "critical")
REPORT = ARTIFACTS / "axe-report.txt"  # every violation, also the minor ones
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OFFICER = "urdur.gunnarsdottir@odihr.example.org"
OTHER_OFFICER = "klas.bergman@oscepa.example.org"
THIRD_OFFICER = "bas.klein@pace.example.org"
HEAD = "lubomir.kopaj@odihr.example.org"
CHANGED_HEAD = "consiglio.dinino@oscepa.example.org"


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _seed() -> None:
    """The demo published (release pages, newsroom), and a second statement in review with
    an outdated Russian translation and a request for changes (every editor page state)."""
    demo.publish_demo()
    officer = _user(OFFICER)
    second = statements.create_statement(
        officer,
        {**demo.STATEMENT, "title": SECOND_TITLE},
        source_language="en",
        target_languages=["ru", "fr"],
        timezone="Asia/Almaty",
    )
    translations.save_translation(second, officer, "ru", None, 1, TRANSLATIONS["ru"])
    body = demo.STATEMENT["body"].replace(
        "Observers enjoyed good co-operation", "Observers enjoyed very good co-operation"
    )
    statements.save(second, _user(OTHER_OFFICER), 1, {"body": body})
    approvals.submit(second, officer)
    approvals.decide(
        second,
        _user(CHANGED_HEAD),
        "request_changes",
        2,
        "Please name the appointed seats' electoral body.",
    )


@pytest.fixture(scope="module")
def seed_live():  # type: ignore[no-untyped-def]
    return _seed


@pytest.fixture(scope="module")
def ids(live_server: LiveServer) -> dict[str, Any]:
    with live_server.app.app_context():
        second = db.session.scalar(sa.select(Statement).where(Statement.id > 1))
        first = db.session.get(Statement, 1)
        return {"second": second.id, "slug": first.slug}


def axe(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page; every violation, whatever its impact."""
    if not AXE_JS.exists():
        message = f"{AXE_JS} is missing: run `npm ci` (make test-browser does)"
        if browser_required():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}\n        {node['html'][:160]}\n        {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def auditor(person) -> Any:  # type: ignore[no-untyped-def]
    """One browser per role, CSP bypassed so that axe can be injected."""
    made: dict[str, Person] = {}

    def get(role: str, email: str | None = None) -> Any:
        if role not in made:
            made[role] = person(f"axe-{role}", bypass_csp=True)
            if email:
                login(made[role].page, email)
        return made[role].page

    get.people = made  # type: ignore[attr-defined]
    return get


def check(page: Any, shot: Any, name: str) -> None:
    """Screenshot, axe, a line in test-artifacts/e2e/axe-report.txt; serious or critical
    violations fail the test."""
    shot(page, f"axe {name}", full_page=True)
    violations = axe(page)
    with REPORT.open("a", encoding="utf-8") as report:
        report.write(f"== {name} ({page.url}): {len(violations)} violation(s)\n")
        if violations:
            report.write(describe(violations) + "\n")
    failing = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
    assert not failing, f"axe on {name} ({page.url}):\n{describe(failing)}"


@pytest.fixture(scope="module", autouse=True)
def _fresh_report(shot) -> None:  # type: ignore[no-untyped-def]
    REPORT.unlink(missing_ok=True)


# --- axe, page by page --------------------------------------------------------------------


def test_axe_finds_a_planted_violation(live_server: LiveServer, auditor) -> None:
    """The harness works: axe runs in spite of the CSP and reports an image without alt."""
    page = auditor("anonymous")
    page.goto("/login")
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = '/static/missing.png';
        document.querySelector('main').append(img);
    }""")
    assert "image-alt" in [v["id"] for v in axe(page)]
    page.reload()


def test_axe_login(live_server: LiveServer, auditor, shot) -> None:
    page = auditor("anonymous")
    page.goto("/login")
    check(page, shot, "login")
    page.get_by_label("E-mail").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error")).to_be_visible()
    check(page, shot, "login with an error")


def test_axe_dashboards(auditor, shot) -> None:
    officer = auditor("officer", OFFICER)
    officer.goto("/")
    expect(officer.get_by_role("heading", name="Changes requested")).to_be_visible()
    check(officer, shot, "officer dashboard")
    head = auditor("head", HEAD)
    head.goto("/")
    expect(head.get_by_role("heading", name="Waiting for your approval")).to_be_visible()
    check(head, shot, "head dashboard")


def test_axe_editor_and_conflict(live_server: LiveServer, auditor, ids, shot) -> None:
    live = auditor("officer", OFFICER)
    open_live(live, f"/statements/{ids['second']}")
    check(live, shot, "live editor")
    # The conflict page belongs to the form editor, which stays when the live document
    # cannot be reached.
    page = live.context.new_page()
    page.route_web_socket(re.compile(r".*/live$"), lambda ws: ws.close())
    page.goto(f"/statements/{ids['second']}")
    expect(page.locator("[data-live-status]")).to_contain_text(
        "Live editing is not available", timeout=10_000
    )
    check(page, shot, "form editor")
    # A save arrives meanwhile and overlaps with hers: the conflict page.
    with live_server.app.app_context():
        statement = db.session.get(Statement, ids["second"])
        current = statement.current_revision
        body = current.content["body"].replace("calm atmosphere", "calm and orderly atmosphere")
        statements.save(statement, _user(THIRD_OFFICER), current.number, {"body": body})
        db.session.commit()
    body = page.get_by_label("Body", exact=True)
    body.fill(body.input_value().replace("calm atmosphere", "peaceful atmosphere"))
    page.get_by_role("button", name="Save", exact=True).last.click()
    expect(page.get_by_role("heading", name=re.compile("overlap"))).to_be_visible()
    check(page, shot, "conflict")
    page.get_by_role("button", name="Discard my version and keep theirs").click()
    expect(page.locator(".flashes")).to_contain_text("discarded")
    page.close()


def test_axe_review(auditor, ids, shot) -> None:
    page = auditor("head", HEAD)
    page.goto(f"/statements/{ids['second']}/review")
    expect(page.get_by_role("button", name=re.compile("Approve revision"))).to_be_visible()
    check(page, shot, "review")
    # Requesting changes without a comment: the form comes back with its error.
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".review-decide .error")).to_be_visible()
    check(page, shot, "review with an error")


def test_axe_translation(auditor, ids, shot) -> None:
    page = auditor("officer", OFFICER)
    open_live(page, f"/statements/{ids['second']}/translations/ru")
    expect(page.locator(".tr-changes")).to_be_visible()  # the source changed since
    check(page, shot, "live translation")
    page.goto(f"/statements/{ids['second']}/translations")
    check(page, shot, "translations overview")


def test_axe_publishing(auditor, shot) -> None:
    page = auditor("officer", OFFICER)
    page.goto("/statements/1/publish")
    check(page, shot, "publishing")


def test_axe_newsroom_and_release(auditor, ids, shot) -> None:
    page = auditor("journalist")
    page.goto("/en/releases")
    expect(page.locator("ol.newsroom-list li")).to_have_count(1)
    check(page, shot, "newsroom list")
    page.goto("/en/releases?q=Kazakhstan")
    check(page, shot, "newsroom search")
    for lang in ("en", "ru"):
        page.goto(f"/{lang}/releases/{ids['slug']}")
        expect(page.locator("h1")).to_be_visible()
        check(page, shot, f"release {lang}")


def test_axe_contexts_raised_no_script_errors(auditor) -> None:
    problems = console_problems(*auditor.people.values())
    assert not problems, "\n".join(problems)


# --- the keyboard alone -------------------------------------------------------------------


def focused(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => {
        const el = document.activeElement;
        // A live field's focus ring is drawn around its whole box (.live-field).
        const ring = el.closest('.live-field') || el;
        const style = getComputedStyle(ring);
        const live = el.closest('[data-live-field]');
        return {
            field: live ? live.getAttribute('data-live-field') : null,
            tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
            text: (el.innerText || el.value || '').trim().slice(0, 80),
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
            shadow: style.boxShadow !== 'none',
            focusVisible: el.matches(':focus-visible'),
            type: el.getAttribute('type'), hreflang: el.getAttribute('hreflang'),
        };
    }""")


def tab_to(page: Any, wanted: Any, limit: int = 150, *, backwards: bool = False) -> dict:
    """Press Tab until `wanted(focused)` holds; every stop on the way shows its focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = focused(page)
        seen.append(now)
        # A date input has one stop per part plus its picker button, whose focus ring the
        # browser draws inside the control, out of reach of getComputedStyle.
        if now["tag"] != "body" and now["type"] not in ("date", "datetime-local"):
            assert now["outline"] or now["shadow"], f"no visible focus on {now}"
        if wanted(now):
            return now
    stops = [s["text"] or s["id"] for s in seen]
    raise AssertionError(f"never reached by Tab; the stops were: {stops}")


def test_keyboard_login_edit_and_save(person, ids, shot) -> None:
    page = person("keyboard-officer").page
    page.goto("/login")
    # The e-mail field has the focus already; type, Tab, type, Enter.
    expect(page.get_by_label("E-mail")).to_be_focused()
    page.keyboard.type(OTHER_OFFICER)
    page.keyboard.press("Tab")
    page.keyboard.type(demo.PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Statements")).to_be_visible()

    # The first Tab stop is the skip link; it moves the focus to the content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to content"
    shot(page, "keyboard skip link")
    page.keyboard.press("Enter")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == SECOND_TITLE)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(re.escape(SECOND_TITLE)))).to_be_visible()
    revision = int(page.locator('input[name="base_revision"]').input_value())

    page.locator("#live-editor[data-live-state=synced]").wait_for()  # the editor is live
    tab_to(page, lambda f: f["field"] == "body")
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("The mission's final report will follow in about eight weeks.")
    shot(page, "keyboard typing")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Save version")
    page.keyboard.press("Enter")
    expect(page.locator("[data-live-status]")).to_contain_text(f"Saved as revision {revision + 1}.")
    assert "eight weeks" in page.locator("#f-body").input_value()
    shot(page, "keyboard saved")


def test_keyboard_head_approves(person, ids, shot) -> None:
    page = person("keyboard-head").page
    page.goto("/login")
    expect(page.get_by_label("E-mail")).to_be_focused()
    page.keyboard.type(HEAD)
    page.keyboard.press("Tab")
    page.keyboard.type(demo.PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Waiting for your approval")).to_be_visible()
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == SECOND_TITLE)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Approvals")).to_be_visible()
    approve = tab_to(page, lambda f: f["tag"] == "button" and f["text"].startswith("Approve"))
    page.keyboard.press("Enter")
    # The confirmation dialog takes the focus, on its "Yes" button.
    expect(page.get_by_role("button", name="Yes, approve for OSCE/ODIHR")).to_be_focused()
    page.keyboard.press("Enter")
    number = approve["text"].removeprefix("Approve revision ").split(" ", 1)[0]
    expect(page.locator(".flashes")).to_contain_text(
        f"You approved revision {number} for OSCE/ODIHR, in every language: English, French, "
        "Russian."
    )
    shot(page, "keyboard approved")


def test_keyboard_journalist_reads_and_downloads(person, ids, shot) -> None:
    page = person("keyboard-journalist").page
    page.goto("/en/releases")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == demo.STATEMENT["title"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/en/releases/{re.escape(ids['slug'])}$"))
    tab_to(page, lambda f: f["tag"] == "a" and f["hreflang"] == "ru")  # the switcher
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/ru/releases/{re.escape(ids['slug'])}$"))
    tab_to(page, lambda f: f["tag"] == "a" and "PDF" in f["text"])
    shot(page, "keyboard pdf link")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith("-ru.pdf")
