"""Issue #16, point 3, in a browser: a press officer accredits a journalist and sends a
personal link to a release scheduled under embargo (through a real SMTP inbox); the
journalist opens it before the embargo (page and stamped PDF); the access shows on the
press officer's page; the revoked link is refused; an anonymous visitor sees nothing."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pypdf
import pytest
import sqlalchemy as sa

from pressroom import demo
from pressroom.db import db
from pressroom.models import Statement, User
from tests.e2e.conftest import LiveServer, console_problems, login
from tests.e2e.test_accessibility import FAILING_IMPACTS, axe, describe
from tests.mail_server import Mailbox, smtp_server

pytestmark = pytest.mark.browser


def accessible(page: Any, name: str) -> None:
    """No serious or critical axe-core violation (the people here bypass CSP for axe)."""
    failing = [v for v in axe(page) if v.get("impact") in FAILING_IMPACTS]
    assert not failing, f"axe on {name}:\n{describe(failing)}"


@pytest.fixture(scope="module")
def seed_live():  # type: ignore[no-untyped-def]
    def seed() -> None:
        from pressroom.services import publishing

        demo.seed()
        statement = demo.translate_and_approve()
        db.session.commit()  # the bundle renders after the commit (inline jobs)
        officer = db.session.scalar(sa.select(User).where(User.email == demo.DEMO_OFFICER))
        embargo_until = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)).replace(
            second=0, microsecond=0
        )
        publishing.publish(statement, officer, embargo_until=embargo_until)

    return seed


def test_invited_journalist_reads_before_the_embargo_until_revoked(
    person: Any, live_server: LiveServer, shot: Any
) -> None:
    app = live_server.app
    with app.app_context():
        statement = db.session.scalar(sa.select(Statement).order_by(Statement.id).limit(1))
        statement_id, slug = statement.id, statement.slug
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
        try:
            officer = person("officer", bypass_csp=True)
            page = officer.page
            login(page, demo.DEMO_OFFICER)
            page.get_by_role("link", name="Accredited journalists").click()
            page.get_by_label("Name").fill("Jane Doe")
            page.get_by_label("E-mail").fill("jane.doe@reuters.example")
            page.get_by_label("Outlet").fill("Reuters")
            page.get_by_role("button", name="Add journalist").click()
            assert page.locator("table.data").get_by_text("Jane Doe").is_visible()
            shot(page, "accreditation list")
            accessible(page, "accreditation list")

            page.goto(f"/statements/{statement_id}/embargoed")
            assert "EMBARGOED UNTIL" in page.locator(".card").first.inner_text()
            page.get_by_label(re.compile("Jane Doe")).check()
            page.get_by_role("button", name="Send personal links").click()
            assert "Personal links sent: 1." in page.locator(".flashes").inner_text()
            [mail] = mailbox.wait_for(1, timeout=15)
        finally:
            app.config.update(SMTP_HOST="")
    assert mail["To"] == "jane.doe@reuters.example"
    link = re.search(r"https?://\S+/embargoed/[A-Za-z0-9_-]+", mail.get_content()).group(0)
    path = link[len(live_server.url) :]

    # The journalist, before the embargo: the page, then the PDF, stamped with their name.
    journalist = person("journalist", bypass_csp=True)
    jpage = journalist.page
    response = jpage.goto(path)
    assert response.status == 200
    assert jpage.url.endswith(f"{path}/en")
    assert response.headers["cache-control"] == "private, no-store"
    assert "noindex" in response.headers["x-robots-tag"]
    band = jpage.locator(".preview-band--embargo").inner_text()
    assert band.startswith("EMBARGOED UNTIL ") and "(Almaty, UTC+5)" in band
    assert "Jane Doe (Reuters)" in band
    assert jpage.get_by_role("heading", level=1).is_visible()
    shot(jpage, "journalist reads before the embargo", full_page=True)
    accessible(jpage, "embargoed release page")
    pdf_href = jpage.get_by_role(
        "link", name=re.compile("Download the embargoed PDF")
    ).get_attribute("href")
    pdf = jpage.request.get(pdf_href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "private, no-store"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.body())).pages)
    assert "EMBARGOED UNTIL" in text and "Jane Doe (Reuters)" in text

    # The press officer sees the link opened and both accesses.
    page.goto(f"/statements/{statement_id}/embargoed")
    assert "opened" in page.locator("table.invitations").inner_text()
    log = page.locator("table.access-log").inner_text()
    assert "page · English" in log and "PDF · English" in log
    shot(page, "invitations and access log", full_page=True)
    accessible(page, "invitations and access log")

    # Anonymous: no release, no list entry, no way in without the link.
    anonymous = person("anonymous")
    apage = anonymous.page
    assert apage.goto(f"/en/releases/{slug}").status == 404
    assert apage.goto(path[:-2] + "xx/en").status == 404
    apage.goto("/en/releases")
    assert "Kazakhstan" not in apage.locator("main").inner_text()

    # Revoked: refused with a clear page.
    page.get_by_role("link", name="Revoke the link of Jane Doe").click()
    assert "Revoke the link of Jane Doe?" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("button", name="Revoke the link").click()
    assert "revoked" in page.locator("table.invitations").inner_text()
    refused = jpage.goto(f"{path}/en")
    assert refused.status == 410
    assert (
        "This link no longer opens the release"
        in jpage.get_by_role("heading", level=1).inner_text()
    )
    assert jpage.request.get(pdf_href).status == 410
    shot(jpage, "revoked link refused")
    accessible(jpage, "refused link")
    assert not console_problems(officer, journalist, anonymous)
