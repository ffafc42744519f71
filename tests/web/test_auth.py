"""Signing in and out, deactivation, CSRF, password change (throttling and sessions:
test_signin_limits.py, test_sessions.py)."""

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import AuditEvent, Role
from tests.conftest import PASSWORD


def test_login_page_has_labelled_fields(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<label for="email">' in page and '<label for="password">' in page


def test_login_logout(client, auth, create_org, create_user):
    user = create_user(Role.press_officer, create_org())
    response = auth.login(user)
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert "Statements" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert client.get("/account").status_code == 302  # nobody signed in (/ is the newsroom)


def test_wrong_password_keeps_email_and_says_why(client, auth, create_org, create_user):
    user = create_user(Role.press_officer, create_org())
    page = auth.login(user, "wrong password").get_data(as_text=True)
    assert "Wrong e-mail or password." in page
    assert f'value="{user.email}"' in page


def test_csrf_refuses_login_without_token(app, client, create_org, create_user):
    user = create_user(Role.press_officer, create_org())
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 400
        assert "security token" in response.get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_next_parameter_cannot_leave_the_site(client, create_org, create_user):
    user = create_user(Role.press_officer, create_org())
    response = client.post(
        "/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_password_change(client, auth, create_org, create_user):
    user = create_user(Role.press_officer, create_org())
    auth.login(user)
    bad = client.post(
        "/account",
        data={
            "pw-current_password": "wrong",
            "pw-new_password": "a brand new password",
            "pw-confirm": "a brand new password",
            "pw-submit": "1",
        },
    )
    assert "not correct" in bad.get_data(as_text=True)
    ok = client.post(
        "/account",
        data={
            "pw-current_password": PASSWORD,
            "pw-new_password": "a brand new password",
            "pw-confirm": "a brand new password",
            "pw-submit": "1",
        },
    )
    assert ok.status_code == 302
    auth.logout()
    assert auth.login(user, "a brand new password").status_code == 302
    assert db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "current_password.failed", AuditEvent.actor == user.email
        )
    )


def test_language_menu_sets_preference(client, auth, create_org, create_user):
    user = create_user(Role.press_officer, create_org())
    auth.login(user)
    client.post("/language", data={"lang": "ru", "next": "/"})
    db.session.refresh(user)
    assert user.locale == "ru"
    assert '<html lang="ru">' in client.get("/").get_data(as_text=True)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.locale"))
    assert event.actor == user.email and event.details == {"locale": [None, "ru"]}


def test_account_page_language_goes_through_the_service(client, auth, create_org, create_user):
    user = create_user(Role.press_officer, create_org())
    auth.login(user)
    client.post("/account", data={"lang-locale": "de", "lang-submit": "1"})
    db.session.refresh(user)
    assert user.locale == "de"
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "user.locale")
        )
        == 1
    )


def test_session_cookie_flags_outside_debug(monkeypatch):
    from pressroom import create_app

    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("PRESSROOM_INSECURE_COOKIES", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_PROTECTION"] == "strong"
