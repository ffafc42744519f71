"""Issue #14, point 6: the review loop on a 390 px phone. A head of delegation finds the
statement that needs them on the dashboard (status and next action, no sideways
scrolling), opens the review, sees the decision and the changes since the last decision
above the approvals, and approves through a confirmation that names the revision and the
languages; a press officer publishes through a confirmation that names the languages and
when; the editor's Save stays in reach at the bottom of a long text. axe runs on each page
at 390 px."""

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
from tests.e2e.conftest import LiveServer, console_problems, login
from tests.e2e.test_accessibility import FAILING_IMPACTS, axe, describe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
PHONE_OPTIONS = {"viewport": PHONE, "device_scale_factor": 3, "has_touch": True, "is_mobile": True}
HEAD = "lubomir.kopaj@odihr.example.org"
OFFICER = demo.DEMO_OFFICER
OTHER_OFFICER = "klas.bergman@oscepa.example.org"
OTHER_HEADS = ("consiglio.dinino@oscepa.example.org", "david.wilshire@pace.example.org")
LONG_TITLE = "Observers publish their long interim report"
LANGUAGES = "English, French, Russian"


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _seed() -> None:
    """The demo approved at revision 1, then edited (revision 2) and translated again: every
    head has to decide anew, and Kopaj sees what changed since his approval. A second,
    long statement for the editor."""
    demo.seed()
    statement = demo.translate_and_approve()
    body = demo.STATEMENT["body"].replace(
        "Observers enjoyed good co-operation", "Observers enjoyed very good co-operation"
    )
    statements.save(statement, _user(OTHER_OFFICER), 1, {"body": body})
    officer = _user(OFFICER)
    for lang, content in TRANSLATIONS.items():
        translations.save_translation(statement, officer, lang, 1, 2, content)
    paragraph = demo.STATEMENT["body"].split("\n\n")[0]
    statements.create_statement(
        officer,
        {**demo.STATEMENT, "title": LONG_TITLE, "body": "\n\n".join([paragraph] * 30)},
        source_language="en",
        target_languages=["ru"],
        timezone="Asia/Almaty",
    )


@pytest.fixture(scope="module")
def seed_live():  # type: ignore[no-untyped-def]
    return _seed


def no_sideways_scrolling(page: Any) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def check_axe(page: Any, name: str) -> None:
    failing = [v for v in axe(page) if v.get("impact") in FAILING_IMPACTS]
    targets = [n["target"] for v in failing for n in v["nodes"]]
    assert not failing, f"axe on {name} ({page.url}):\n{describe(failing)}\n{targets}"


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def test_a_head_approves_from_the_dashboard_on_a_phone(
    person: Any, live_server: LiveServer, shot: Any
) -> None:
    head = person("phone-head", bypass_csp=True, **PHONE_OPTIONS)  # for axe
    page = head.page
    login(page, HEAD)
    page.goto("/")
    card = page.locator("table.statements tbody tr").filter(has_text=demo.STATEMENT["title"])
    expect(card.locator(".badge")).to_have_text("In review")
    action = card.get_by_role("link", name="Approve for OSCE/ODIHR")
    expect(action).to_be_visible()
    long_card = page.locator("table.statements tbody tr").filter(has_text=LONG_TITLE)
    expect(long_card.get_by_role("link", name="Submit for review")).to_be_visible()
    no_sideways_scrolling(page)
    shot(page, "phone dashboard head")
    check_axe(page, "phone dashboard")

    action.tap()
    page.wait_for_url(re.compile(r"/review"))
    decision, changes, matrix = (
        box(page, ".review-decide"),
        box(page, ".review-diff"),
        box(page, ".review-matrix"),
    )
    assert decision["y"] < changes["y"] < matrix["y"]
    expect(page.locator(".review-diff")).to_contain_text("very")
    no_sideways_scrolling(page)
    shot(page, "phone review head", full_page=True)
    check_axe(page, "phone review")

    page.get_by_role("button", name=f"Approve revision 2 in {LANGUAGES}").tap()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(
        f"Approve “{demo.STATEMENT['title']}” revision 2 for OSCE/ODIHR in {LANGUAGES}?"
    )
    shot(page, "phone approve confirmation")
    check_axe(page, "phone approve confirmation")
    dialog.get_by_role("button", name="Yes, approve for OSCE/ODIHR").tap()
    expect(page.locator(".flashes")).to_contain_text(
        f"You approved revision 2 for OSCE/ODIHR, in every language: {LANGUAGES}."
    )
    # A target language's tab: source and translation side by side, still no sideways scroll.
    page.get_by_role("navigation", name="Languages of the release").get_by_role(
        "link", name="Russian"
    ).tap()
    expect(page.get_by_role("heading", name="Russian beside the source")).to_be_visible()
    no_sideways_scrolling(page)
    shot(page, "phone review russian tab", full_page=True)
    check_axe(page, "phone review russian tab")
    page.goto("/")
    card = page.locator("table.statements tbody tr").filter(has_text=demo.STATEMENT["title"])
    expect(card.locator(".next-action")).to_have_text("Waiting for the approval of OSCE PA, PACE")
    assert not console_problems(head)


def test_on_a_desktop_the_decision_sits_beside_the_text(
    person: Any, live_server: LiveServer, shot: Any
) -> None:
    head = person("desktop-head", viewport={"width": 1280, "height": 900})
    page = head.page
    login(page, OTHER_HEADS[0])
    page.goto("/")
    shot(page, "desktop dashboard")
    page.get_by_role("link", name="Approve for OSCE PA").click()
    side, main = box(page, ".review-side"), box(page, ".review-main")
    assert side["x"] > main["x"] + main["width"] - 1  # beside, on the right
    assert abs(side["y"] - main["y"]) < 2
    shot(page, "desktop review")
    page.goto("/")
    page.get_by_role("link", name=LONG_TITLE).click()
    shot(page, "desktop editor")
    expect(page.locator(".save-bar button.primary")).to_be_in_viewport()
    assert not console_problems(head)


def test_cancelling_the_confirmation_approves_nothing(person: Any, live_server: LiveServer) -> None:
    head = person("phone-head-pace", **PHONE_OPTIONS)
    page = head.page
    login(page, OTHER_HEADS[1])
    page.goto("/")
    page.get_by_role("link", name="Approve for PACE").tap()
    page.get_by_role("button", name=f"Approve revision 2 in {LANGUAGES}").tap()
    page.get_by_role("dialog").get_by_role("button", name="Cancel").tap()
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.reload()
    expect(page.get_by_role("button", name=f"Approve revision 2 in {LANGUAGES}")).to_be_visible()
    assert not console_problems(head)  # the dialog under the real Content-Security-Policy


def test_without_javascript_the_approval_needs_the_ticked_box(
    person: Any, live_server: LiveServer, shot: Any
) -> None:
    head = person("phone-head-nojs", java_script_enabled=False, **PHONE_OPTIONS)
    page = head.page
    login(page, OTHER_HEADS[1])
    page.goto("/")
    page.get_by_role("link", name="Approve for PACE").tap()
    approve = page.get_by_role("button", name=f"Approve revision 2 in {LANGUAGES}")
    approve.tap()  # the required box is not ticked: the browser does not send the form
    expect(page.locator(".flashes")).to_have_count(0)
    box_label = f"I approve “{demo.STATEMENT['title']}” revision 2 for PACE in {LANGUAGES}."
    page.get_by_label(box_label).check()
    shot(page, "phone approve without javascript")
    approve.tap()
    expect(page.locator(".flashes")).to_contain_text("You approved revision 2 for PACE")


def test_an_officer_publishes_through_a_confirmation_on_a_phone(
    person: Any, live_server: LiveServer, shot: Any
) -> None:
    with live_server.app.app_context():
        statement = db.session.scalar(sa.select(Statement).order_by(Statement.id).limit(1))
        for email in (HEAD, *OTHER_HEADS):
            if statement.status == "in_review":
                try:
                    approvals.decide(statement, _user(email), "approve", 2)
                except Exception:  # already approved by the test above
                    db.session.rollback()
        db.session.commit()
    # Without JavaScript the confirmation is a page of its own; "Back" publishes nothing.
    plain = person("phone-officer-nojs", java_script_enabled=False, **PHONE_OPTIONS).page
    login(plain, OFFICER)
    plain.goto("/statements/1/publish")
    plain.get_by_role("button", name="Publish").tap()
    plain.wait_for_url(re.compile(r"/publish/confirm$"))
    expect(plain.get_by_role("heading", level=2)).to_have_text(
        f"Publish “{demo.STATEMENT['title']}” in {LANGUAGES} now?"
    )
    no_sideways_scrolling(plain)
    shot(plain, "phone publish confirmation without javascript")
    plain.get_by_role("link", name="Back").tap()
    expect(plain.get_by_text("Not published yet.")).to_be_visible()

    officer = person("phone-officer", bypass_csp=True, **PHONE_OPTIONS)  # for axe
    page = officer.page
    login(page, OFFICER)
    page.goto("/")
    card = page.locator("table.statements tbody tr").filter(has_text=demo.STATEMENT["title"])
    no_sideways_scrolling(page)
    shot(page, "phone dashboard officer")
    card.get_by_role("link", name="Ready to publish").tap()
    page.wait_for_url(re.compile(r"/publish$"))
    no_sideways_scrolling(page)
    check_axe(page, "phone publishing")
    page.get_by_role("button", name="Publish").tap()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Publish “{demo.STATEMENT['title']}” in {LANGUAGES} now?")
    for language in LANGUAGES.split(", "):
        expect(dialog).to_contain_text(f"{language}: web page, PDF")
    shot(page, "phone publish confirmation")
    check_axe(page, "phone publish confirmation")
    dialog.get_by_role("button", name="Yes, publish now").tap()
    expect(page.locator(".flashes")).to_contain_text("Published: version 1 is public.")
    assert not console_problems(officer)


def test_the_save_button_stays_in_reach_in_a_long_statement(
    person: Any, live_server: LiveServer, shot: Any
) -> None:
    officer = person("phone-editor", bypass_csp=True, **PHONE_OPTIONS)  # for axe
    page = officer.page
    login(page, OFFICER)
    page.goto("/")
    page.get_by_role("link", name=LONG_TITLE).tap()
    # The form editor first (this browser's choice, remembered), the live one below.
    page.get_by_role("button", name="Use the simple form instead").tap()
    save = page.locator(".save-bar button.primary")
    expect(save).to_have_text("Save")
    no_sideways_scrolling(page)
    viewport = PHONE["height"]
    assert page.evaluate("document.scrollingElement.scrollHeight") > 5 * viewport

    def scroll_below(selector: str) -> None:
        """Scroll until the bottom of `selector` is in the middle of the screen."""
        page.evaluate(
            "(s) => window.scrollTo(0, document.querySelector(s).getBoundingClientRect()"
            ".bottom + window.scrollY - window.innerHeight / 2)",
            selector,
        )

    def bar_in_view() -> dict[str, float]:
        bar = box(page, ".save-bar")
        assert bar["y"] >= 0 and bar["y"] + bar["height"] <= viewport + 1, bar
        return bar

    scroll_below("#f-body")
    assert page.evaluate("window.scrollY") > viewport
    bar_in_view()
    expect(save).to_be_in_viewport()
    shot(page, "phone editor scrolled")
    check_axe(page, "phone editor")  # the form editor (the live one is issue #14's point 1)

    # Live: the body grows with the text; Save version and the status stay in the bar.
    page.get_by_role("button", name="Edit live with the others").tap()
    expect(save).to_have_text("Save version")
    live_body = page.locator(".live-field[data-live-field=body]")
    expect(live_body).to_be_visible()
    assert box(page, ".live-field[data-live-field=body]")["height"] > viewport
    scroll_below(".live-field[data-live-field=body]")
    bar_in_view()
    expect(page.locator(".save-bar").get_by_role("button", name="Save version")).to_be_in_viewport()
    expect(save).to_be_in_viewport()
    shot(page, "phone editor live scrolled")

    # The field being typed in is not hidden under the bar.
    field = page.get_by_label("Further information (web address)")
    field.focus()
    field.type(" ")
    typed = box(page, "#f-further_info_url")
    bar = box(page, ".save-bar")
    assert typed["y"] + typed["height"] <= bar["y"]
    no_sideways_scrolling(page)
    assert not console_problems(officer)
