"""The alert pages (issue #16.2): the subscribe form is CSRF-protected and answers alike for
known and unknown addresses; confirmation and unsubscribe GETs write nothing; RFC 8058
one-click unsubscribe works as a bare POST; forged and expired links are refused; admins
export and delete a subscriber's data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import AuditEvent, Subscriber
from pressroom.services import alerts
from tests.services.test_alerts import Outbox, outbox, subscribe  # noqa: F401  (fixture)


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Subscriber))


@pytest.fixture
def csrf_on(app):  # type: ignore[no-untyped-def]
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_the_subscribe_form_needs_its_csrf_token(client, mission, csrf_on, outbox):  # noqa: F811
    page = client.get("/en/alerts")
    assert page.status_code == 200 and b'name="csrf_token"' in page.data
    response = client.post(
        "/en/alerts", data={"email": "a@example.org", "scope": "all", "languages": ["en"]}
    )
    assert response.status_code == 400 and outbox == []


def test_subscribe_confirm_and_no_enumeration(client, mission, outbox):  # noqa: F811
    subscribe("known@example.org")
    answers = []
    for email in ("known@example.org", "new@example.org"):
        response = client.post(
            "/ru/alerts",
            data={
                "email": email,
                "scope": "chosen",
                "organizations": ["pace"],
                "languages": ["ru", "en"],
            },
        )
        assert response.status_code == 200
        answers.append(response.get_data(as_text=True).replace(email, "…"))
    assert answers[0] == answers[1] and "Проверьте почту" in answers[0]
    link = next(w for w in outbox[-1].get_content().split() if "/alerts/confirm/" in w)
    path = (
        link.split("pressroom.test", 1)[-1]
        if "pressroom.test" in link
        else "/" + link.split("/", 3)[3]
    )
    before = _count()
    shown = client.get(path)
    assert shown.status_code == 200 and "new@example.org" in shown.get_data(as_text=True)
    assert _count() == before  # a GET (a mail scanner following links) stores nothing
    assert client.post(path).status_code == 200
    stored = db.session.scalar(sa.select(Subscriber).where(Subscriber.email == "new@example.org"))
    assert stored is not None and stored.languages == ["ru", "en"]
    assert [o.slug for o in stored.organizations] == ["pace"]


def test_form_errors_keep_what_was_typed(client, mission):
    response = client.post(
        "/en/alerts", data={"email": "kept@example.org", "scope": "chosen", "languages": ["en"]}
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose the organizations whose releases you want." in text
    assert 'value="kept@example.org"' in text


def test_one_click_unsubscribe_is_a_bare_post(client, mission, csrf_on):
    token = alerts.unsubscribe_token(subscribe("click@example.org"))
    db.session.commit()
    page = client.get(f"/en/alerts/unsubscribe/{token}")
    assert page.status_code == 200 and "click@example.org" in page.get_data(as_text=True)
    assert _count() == 1  # the GET asks, it does not unsubscribe
    # What a mail client sends (RFC 8058): no cookie, no CSRF token.
    response = client.post(
        f"/en/alerts/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200 and _count() == 0
    again = client.post(f"/en/alerts/unsubscribe/{token}")
    assert again.status_code == 200  # done already: said kindly


def test_forged_and_expired_links_are_refused(app, client, mission):
    token = alerts.unsubscribe_token(subscribe("f@example.org"))
    forged = token[:-3] + ("xyz" if not token.endswith("xyz") else "abc")
    for path in (
        f"/en/alerts/unsubscribe/{forged}",
        f"/en/alerts/confirm/{forged}",
        f"/en/alerts/confirm/{token}",
    ):  # an unsubscribe link confirms nothing
        assert client.get(path).status_code == 400
        assert client.post(path).status_code == 400
    assert _count() == 1
    prefs = alerts.check_preferences(
        "late@example.org", all_organizations=True, organizations=[], languages=["en"]
    )
    late = alerts.confirmation_token(prefs)
    app.config["CLOCK"] = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(hours=49)
    try:
        response = client.post(f"/en/alerts/confirm/{late}")
    finally:
        app.config.pop("CLOCK")
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    assert _count() == 1


def test_admin_finds_exports_and_deletes(client, auth, mission):
    subscriber = subscribe("export-me@example.org", orgs=["pace"], langs=["fr"])
    db.session.commit()
    auth.login(mission["admin"])
    listing = client.get("/admin/subscribers?q=export-me")
    assert "export-me@example.org" in listing.get_data(as_text=True)
    exported = client.post(f"/admin/subscribers/{subscriber.id}/export")
    assert exported.status_code == 200 and exported.mimetype == "application/json"
    assert "attachment" in exported.headers["Content-Disposition"]
    data = json.loads(exported.data)
    assert data["email"] == "export-me@example.org" and data["organizations"] == ["pace"]
    deleted = client.post(f"/admin/subscribers/{subscriber.id}/delete")
    assert deleted.status_code == 302 and _count() == 0
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.object_type == "subscriber", AuditEvent.actor == mission["admin"].email)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["subscriber.export", "subscriber.delete"]


def test_newsroom_and_release_pages_link_the_alerts(client, mission):
    assert b'href="/fr/alerts"' in client.get("/fr/releases").data
