"""Issue #16, item 8: invitations and password recovery by a signed, single-use, expiring
link; no enumeration; rate-limited. Organization slugs made from the name, editable until
first use; websites are http(s) URLs."""

import datetime as dt
import re
import smtplib

import pytest

from pressroom.db import db
from tests.services.test_notifications import FakeSMTP

LINK = re.compile(r"https?://[^/\s]+(/password/[A-Za-z0-9_.\-]+)")


@pytest.fixture
def outbox(app, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent, FakeSMTP.fail = [], False
    app.config["SMTP_HOST"] = "127.0.0.1"
    yield FakeSMTP.sent
    app.config["SMTP_HOST"] = ""


def link_in(message) -> str:  # type: ignore[no-untyped-def]
    found = LINK.search(message.get_content())
    assert found, message.get_content()
    return found.group(1)


def set_password(client, path: str, password: str = "a brand new password"):  # type: ignore[no-untyped-def]
    return client.post(path, data={"new_password": password, "confirm": password})


def test_admin_invites_and_the_user_sets_their_own_password(client, auth, mission, outbox):
    auth.login(mission["admin"])
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'name="password"' not in page  # admins no longer choose passwords
    response = client.post(
        "/admin/users",
        data={
            "email": "New.Officer@pace.example.org",
            "display_name": "New Officer",
            "role": "press_officer",
            "organization": "pace",
        },
    )
    assert response.status_code == 302
    auth.logout()
    [message] = [m for m in outbox if m["To"] == "new.officer@pace.example.org"]
    assert "pressroom" in message["Subject"]
    path = link_in(message)
    form = client.get(path)
    assert form.status_code == 200 and "new.officer@pace.example.org" in form.get_data(as_text=True)
    assert set_password(client, path).status_code == 302
    assert auth.login("new.officer@pace.example.org", "a brand new password").status_code == 302
    auth.logout()
    again = set_password(client, path, "another new password")  # single use
    assert again.status_code == 400
    assert "no longer valid" in again.get_data(as_text=True)
    assert (
        auth.login("new.officer@pace.example.org", "another new password").status_code == 200
    )  # refused


def test_forgot_password_same_answer_mail_only_to_real_accounts(client, mission, outbox, app):
    known = client.post("/password/forgot", data={"email": "po@pace.example.org"})
    unknown = client.post("/password/forgot", data={"email": "nobody@pace.example.org"})
    assert known.status_code == unknown.status_code == 200

    def text(response):  # type: ignore[no-untyped-def]
        return re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))

    assert text(known) == text(unknown)
    assert "If an account exists for this address" in text(known)
    assert [m["To"] for m in outbox] == ["po@pace.example.org"]
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)
    path = link_in(outbox[0])
    assert set_password(client, path, "short").status_code == 400  # rules still apply
    assert set_password(client, path).status_code == 302
    assert (
        client.post(
            "/login", data={"email": "po@pace.example.org", "password": "a brand new password"}
        ).status_code
        == 302
    )


def test_links_expire_and_a_tampered_link_is_refused(client, mission, outbox, app):
    client.post("/password/forgot", data={"email": "po@pace.example.org"})
    path = link_in(outbox[0])
    assert client.get(path[:-2] + "xx").status_code == 400
    hours = app.config["PASSWORD_LINK_HOURS"]
    app.config["CLOCK"] = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours, minutes=1)
    try:
        expired = set_password(client, path)
    finally:
        app.config.pop("CLOCK")
    assert expired.status_code == 400
    assert "no longer valid" in expired.get_data(as_text=True)
    assert client.get(path).status_code == 200  # still valid within the time


def test_deactivated_accounts_get_no_mail_and_requests_are_rate_limited(
    client, mission, outbox, app
):
    mission["po_pace"].active = False
    db.session.commit()
    client.post("/password/forgot", data={"email": "po@pace.example.org"})
    assert outbox == []
    statuses = [
        client.post("/password/forgot", data={"email": f"x{n}@example.org"}).status_code
        for n in range(12)
    ]
    assert statuses[0] == 200 and statuses[-1] == 429


def test_organization_slug_from_the_name_and_editable_until_first_use(
    client, auth, mission, create_statement
):
    auth.login(mission["admin"])
    response = client.post(
        "/admin/organizations",
        data={
            "slug": "",
            "name": "Parliamentary Assembly of the Council of Europe",
            "website": "https://pace.coe.int",
        },
    )
    assert response.status_code == 302
    org_path = response.headers["Location"]
    page = client.get(org_path).get_data(as_text=True)
    assert "parliamentary-assembly-of-the-council" in page
    response = client.post(
        org_path + "/identity", data={"id-slug": "coe-pace", "id-website": "https://pace.coe.int"}
    )
    assert response.status_code == 302
    assert "coe-pace" in client.get(org_path).get_data(as_text=True)
    bad = client.post(
        org_path + "/identity", data={"id-slug": "coe-pace", "id-website": "javascript:alert(1)"}
    )
    assert bad.status_code == 400
    assert "http:// or https://" in bad.get_data(as_text=True)
    assert 'value="javascript:alert(1)"' in bad.get_data(as_text=True)  # kept
    pace = mission["orgs"]["pace"]  # takes part in a statement: its slug is in the text
    create_statement()
    used = client.post(
        f"/admin/organizations/{pace.id}/identity", data={"id-slug": "pace-new", "id-website": ""}
    )
    assert used.status_code == 400
    assert "already used" in used.get_data(as_text=True)
    assert 'value="pace-new"' in used.get_data(as_text=True)


def test_admin_sends_a_new_link_but_never_sees_the_password(client, auth, mission, outbox):
    auth.login(mission["admin"])
    target = mission["po_pace"]
    response = client.post(f"/admin/users/{target.id}/password-link", data={"link-submit": "1"})
    assert response.status_code == 302
    [message] = outbox
    assert message["To"] == target.email
    auth.logout()
    assert set_password(client, link_in(message)).status_code == 302
    assert auth.login(target, "a brand new password").status_code == 302
