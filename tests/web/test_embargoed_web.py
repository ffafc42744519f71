"""Embargoed access through the web (issue #16, point 3): the journalist's link before,
at and after the embargo, what the press officers see and do, and who sees nothing."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import EmbargoAccess
from pressroom.services import embargo
from tests.services.test_embargo import (  # noqa: F401 (fixtures)
    EMBARGO,
    at,
    invite,
    journalist,
    mail,
    scheduled,
    token_in,
)

PASSWORD = "correct horse battery"


@pytest.fixture
def link(app, mission, scheduled, journalist, mail):  # type: ignore[no-untyped-def]  # noqa: F811
    invite(app, scheduled, mission["po_odihr"], [journalist])
    return token_in(mail[0][2])


def login(client, user):  # type: ignore[no-untyped-def]
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    )


def private(response) -> None:  # type: ignore[no-untyped-def]
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_before_the_embargo_the_link_shows_the_stamped_page_and_pdf(client, link, scheduled):  # noqa: F811
    entry = client.get(f"/embargoed/{link}")
    assert entry.status_code == 302 and entry.location.endswith(f"/embargoed/{link}/ru")
    private(entry)
    page = client.get(f"/embargoed/{link}/en")
    assert page.status_code == 200
    private(page)
    html = page.get_data(as_text=True)
    assert "EMBARGOED UNTIL 20 August 2007, 12:00 (Almaty, UTC+6)" in html
    assert "Personal copy for Jane Doe (Reuters)" in html
    assert "Kazakh elections: progress and problems" in html
    assert f'href="/embargoed/{link}/en.pdf"' in html and f'href="/embargoed/{link}/ru"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert f"/en/releases/{scheduled.slug}.pdf" not in html  # no public file links yet
    ru = client.get(f"/embargoed/{link}/ru").get_data(as_text=True)
    assert "ЭМБАРГО ДО 20 августа 2007\u202fг., 12:00 (Алматы, UTC+6)" in ru
    pdf = client.get(f"/embargoed/{link}/ru.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    private(pdf)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert "ЭМБАРГО ДО" in text and "Jane Doe" in text
    # Every access is logged (by a job after the request), with the invitation as "who".
    log = db.session.scalars(sa.select(EmbargoAccess).order_by(EmbargoAccess.id)).all()
    assert [(a.kind, a.lang) for a in log] == [("page", "en"), ("page", "ru"), ("pdf", "ru")]
    assert client.get(f"/embargoed/{link}/de").status_code == 404  # not a release language
    # The contact block's vCards work through the link before the embargo.
    assert f'href="/embargoed/{link}/contacts/en/0.vcf"' in html
    card = client.get(f"/embargoed/{link}/contacts/en/0.vcf")
    assert card.status_code == 200 and card.mimetype == "text/vcard"
    private(card)


def test_unknown_token_is_a_plain_404_and_the_public_release_is_unaffected(
    client,
    link,
    scheduled,  # noqa: F811 (fixture)
    mission,
):
    assert client.get("/embargoed/" + "x" * 43 + "/en").status_code == 404
    assert client.get(f"/embargoed/{link[:-1]}/en.pdf").status_code == 404
    assert client.get(f"/en/releases/{scheduled.slug}").status_code == 404
    assert client.get(f"/en/releases/{scheduled.slug}.pdf").status_code == 404
    for url in ("/en/releases", "/en/releases/feed.atom", "/sitemap.xml", "/api/v1/releases"):
        body = client.get(url).get_data(as_text=True)
        assert "embargoed" not in body and scheduled.slug not in body, url
    login(client, mission["po_odihr"])  # a press officer has no way in but the link either
    assert client.get(f"/embargoed/{link[:-1]}/en").status_code == 404


def test_after_the_embargo_the_link_leads_to_the_public_release(client, link, scheduled, at):  # noqa: F811
    at(EMBARGO)
    page = client.get(f"/embargoed/{link}/en")
    assert page.status_code == 302
    assert page.location.endswith(f"/en/releases/{scheduled.slug}")
    assert client.get(f"/embargoed/{link}/ru.pdf").location.endswith(
        f"/ru/releases/{scheduled.slug}.pdf"
    )
    assert client.get(page.location).status_code == 200
    at(EMBARGO + dt.timedelta(days=8))
    expired = client.get(f"/embargoed/{link}/en")
    assert expired.status_code == 410
    assert "has expired" in expired.get_data(as_text=True)
    private(expired)


def test_press_officers_see_status_and_log_and_revoke(app, client, link, scheduled, mission):  # noqa: F811
    client.get(f"/embargoed/{link}/en")
    login(client, mission["po_pace"])  # another participating organization's officer
    page = client.get(f"/statements/{scheduled.id}/embargoed")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Jane Doe" in html and "jane.doe@reuters.example" in html and "opened" in html
    assert "EMBARGOED UNTIL" in html
    invitation = embargo.resolve(link).invitation
    confirm = client.get(f"/statements/{scheduled.id}/embargoed/{invitation.id}/revoke")
    assert confirm.status_code == 200 and "Revoke the link of Jane Doe?" in confirm.get_data(
        as_text=True
    )
    app.config["WTF_CSRF_ENABLED"] = True
    try:  # no token, no revocation
        client.post(f"/statements/{scheduled.id}/embargoed/{invitation.id}/revoke")
        assert embargo.resolve(link).state == embargo.LinkState.embargoed
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    done = client.post(
        f"/statements/{scheduled.id}/embargoed/{invitation.id}/revoke", follow_redirects=True
    )
    assert "revoked" in done.get_data(as_text=True)
    client.post("/logout")
    refused = client.get(f"/embargoed/{link}/en")
    assert refused.status_code == 410
    assert "has revoked it" in refused.get_data(as_text=True)
    assert client.get(f"/embargoed/{link}/en.pdf").status_code == 410


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("po_odihr", 200),
        ("head_pace", 200),
        ("admin", 404),
        ("po_outsider", 404),
    ],
)
def test_invitation_routes_by_role(client, link, scheduled, mission, who, status):  # noqa: F811
    if who:
        login(client, mission[who])
    invitation = embargo.resolve(link).invitation
    for url in (
        f"/statements/{scheduled.id}/embargoed",
        f"/statements/{scheduled.id}/embargoed/{invitation.id}/revoke",
    ):
        assert client.get(url).status_code == status, url
    revoke = client.post(f"/statements/{scheduled.id}/embargoed/{invitation.id}/revoke")
    assert revoke.status_code == (302 if status == 200 else status)
    # The link itself works for whoever holds it, signed in or not (until revoked).
    expected = 410 if status == 200 else 200
    assert client.get(f"/embargoed/{link}/en").status_code == expected


def test_invite_form_and_accreditation_form(client, scheduled, mission, mail):  # noqa: F811
    login(client, mission["po_odihr"])
    bad = client.post(
        f"/organizations/{mission['orgs']['odihr'].id}/accreditations",
        data={"name": "Ivan Petrov", "email": "not-an-address", "outlet": "TASS", "language": "ru"},
    )
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "Enter a valid e-mail address." in html and 'value="Ivan Petrov"' in html
    good = client.post(
        f"/organizations/{mission['orgs']['odihr'].id}/accreditations",
        data={
            "name": "Ivan Petrov",
            "email": "ivan@tass.example",
            "outlet": "TASS",
            "language": "ru",
        },
    )
    assert good.status_code == 302
    [ivan] = embargo.accreditations(mission["orgs"]["odihr"])
    empty = client.post(f"/statements/{scheduled.id}/embargoed", data={})
    assert empty.status_code == 400 and "Choose at least one journalist." in empty.get_data(
        as_text=True
    )
    sent = client.post(
        f"/statements/{scheduled.id}/embargoed", data={"journalists": [str(ivan.id)]}
    )
    assert sent.status_code == 302
    db.session.commit()
    assert [to for to, _s, _b in mail] == [["ivan@tass.example"]]


def test_invitations_page_is_flat(app, client, scheduled, mission, monkeypatch):  # noqa: F811
    """The invitations page and its access log: the same number of queries for 2 and 12
    links (each opened once)."""
    from tests.helpers.queries import counting

    monkeypatch.setattr(embargo, "render_copies", _no_render)  # no PDFs needed here
    login(client, mission["po_odihr"])
    counts = []
    made = 0
    for size in (2, 12):
        people = [
            embargo.add_accreditation(
                mission["orgs"]["odihr"],
                name=f"Journalist {made + i}",
                email=f"j{made + i}@example.org",
                outlet="Agency",
                actor=mission["po_odihr"],
            )
            for i in range(size - made)
        ]
        for invitation in invite(app, scheduled, mission["po_odihr"], people):
            embargo.log_access(invitation, "page", "en")
        made = size
        db.session.commit()
        with counting() as sent:
            page = client.get(f"/statements/{scheduled.id}/embargoed")
        assert page.status_code == 200
        assert page.get_data(as_text=True).count("Journalist ") >= 2 * size
        counts.append(len(sent))
    assert counts[0] == counts[1], counts


def _no_render(invitation_id: int) -> None:
    """Stands in for embargo.render_copies (a job: module-level)."""
