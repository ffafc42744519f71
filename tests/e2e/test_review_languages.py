"""A head reviews the Russian tab and approves; a translation edit dismisses the approval;
the head then sees what changed in that one paragraph only."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from pressroom.db import db
from pressroom.demo import TRANSLATIONS
from pressroom.models import Statement
from tests.e2e.conftest import (
    console_problems,
    live_replace,
    login,
    open_live,
    save_version,
    seed_demo_translated,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KOPAJ = "lubomir.kopaj@odihr.example.org"
URDUR = "urdur.gunnarsdottir@odihr.example.org"
EDIT = ("В предвыборный период", "В ходе предвыборного периода")


@pytest.fixture(scope="module")
def seed_live():  # type: ignore[no-untyped-def]
    return lambda: seed_demo_translated(tuple(TRANSLATIONS), submit=True)


def test_head_approves_the_russian_tab_then_sees_only_the_changed_paragraph(
    live_server, person, shot
) -> None:  # type: ignore[no-untyped-def]
    with live_server.app.app_context():
        statement_id = db.session.scalar(sa.select(Statement.id).order_by(Statement.id))
    head: Any = person("kopaj-tabs")
    kopaj = head.page
    login(kopaj, KOPAJ)
    kopaj.goto(f"/statements/{statement_id}/review")
    kopaj.get_by_role("navigation", name="Languages of the release").get_by_role(
        "link", name="Russian"
    ).click()
    expect(kopaj.get_by_role("heading", name="Russian beside the source")).to_be_visible()
    expect(
        kopaj.locator("a", has_text="PDF in Russian exactly as it will be published")
    ).to_be_visible()
    shot(kopaj, "head reviews the russian tab")
    kopaj.get_by_role("button", name="Approve revision 1 in English, French, Russian").click()
    kopaj.get_by_role("dialog").get_by_role("button", name="Yes, approve for OSCE/ODIHR").click()
    expect(kopaj.locator(".flashes")).to_contain_text(
        "You approved revision 1 for OSCE/ODIHR, in every language: English, French, Russian."
    )

    officer: Any = person("urdur-tabs")
    urdur = officer.page
    login(urdur, URDUR)
    open_live(urdur, f"/statements/{statement_id}/translations/ru")
    expect(urdur.locator(".warning")).to_contain_text("Saving will cancel the approvals of")
    live_replace(urdur, "body", *EDIT)
    save_version(urdur)
    expect(urdur.locator("[data-live-status]")).to_contain_text("Saved as revision 2.")

    kopaj.goto(f"/statements/{statement_id}/review?lang=ru")
    expect(kopaj.locator("table.matrix")).to_contain_text(
        "dismissed: the Russian translation changed"
    )
    changes = kopaj.locator("#changes")
    expect(changes.locator("tr.is-changed")).to_have_count(1)
    expect(changes.locator("tr.is-changed")).to_contain_text("Paragraph 2")
    expect(changes.locator("tr.is-changed ins")).to_contain_text("ходе")
    shot(kopaj, "head sees the changed russian paragraph")
    problems = console_problems(head, officer)
    assert not problems, "\n".join(problems)
