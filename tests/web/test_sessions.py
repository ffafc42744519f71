"""Sessions end on the server: a copied cookie stops working after sign-out, after a
password change, or once its owner ended it from /account."""

from __future__ import annotations

from pressroom.db import db
from pressroom.models import Role
from pressroom.queries import accounts as account_queries
from tests.conftest import PASSWORD, AuthActions, IsolatedClient

AGENT = {"User-Agent": "TestBrowser/1.0"}


def _session_cookie(client) -> str:  # type: ignore[no-untyped-def]
    cookie = client.get_cookie("session", domain="pressroom.test")
    assert cookie is not None
    return cookie.value


def _client_with(app, cookie: str, **environ):  # type: ignore[no-untyped-def]
    app.test_client_class = IsolatedClient
    other = app.test_client()
    other.set_cookie("session", cookie, domain="pressroom.test")
    return other


def _signed_in(c, **kwargs) -> bool:  # type: ignore[no-untyped-def]
    return c.get("/account", **kwargs).status_code == 200


def _user(create_org, create_user):  # type: ignore[no-untyped-def]
    user = create_user(Role.press_officer, create_org())
    db.session.commit()
    return user


def test_sign_out_ends_every_session_on_the_server(app, client, auth, create_org, create_user):
    user = _user(create_org, create_user)
    laptop = app.test_client()
    AuthActions(laptop).login(user)
    auth.login(user)
    stolen = _session_cookie(client)
    auth.logout()
    assert not _signed_in(_client_with(app, stolen))
    assert not _signed_in(laptop)


def test_password_change_ends_every_other_session(app, client, auth, create_org, create_user):
    user = _user(create_org, create_user)
    laptop = app.test_client()
    AuthActions(laptop).login(user)
    auth.login(user)
    before = _session_cookie(client)
    response = client.post(
        "/account",
        data={
            "pw-current_password": PASSWORD,
            "pw-new_password": "a brand new password",
            "pw-confirm": "a brand new password",
            "pw-submit": "1",
        },
    )
    assert response.status_code == 302
    assert _signed_in(client)  # the browser that changed it goes on
    assert not _signed_in(laptop)
    assert not _signed_in(_client_with(app, before))  # the cookie from before the change


def test_account_lists_sessions_and_ends_another(app, client, auth, create_org, create_user):
    user = _user(create_org, create_user)
    phone = app.test_client()
    AuthActions(phone).login(user)
    phone.get("/account")
    client.post("/login", data={"email": user.email, "password": PASSWORD}, headers=AGENT)
    page = client.get("/account", headers=AGENT).get_data(as_text=True)
    assert page.count("End this session") == 2 and "TestBrowser/1.0" in page
    assert "this browser" in page

    others = [s for s in account_queries.sessions_of(user) if s.user_agent != "TestBrowser/1.0"]
    response = client.post(f"/account/sessions/{others[0].id}/end", headers=AGENT)
    assert response.status_code == 302
    assert not _signed_in(phone)
    assert _signed_in(client, headers=AGENT)


def test_nobody_ends_someone_elses_session(app, client, auth, create_org, create_user):
    org = create_org()
    owner, other = create_user(Role.press_officer, org), create_user(Role.press_officer, org)
    db.session.commit()
    victim = app.test_client()
    AuthActions(victim).login(owner)
    auth.login(other)

    target = account_queries.sessions_of(owner)[0]
    assert client.post(f"/account/sessions/{target.id}/end").status_code == 404
    assert _signed_in(victim)


def test_forged_forwarded_for_does_not_carry_a_session_elsewhere(
    app, client, create_org, create_user
):
    user = _user(create_org, create_user)
    client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.10"},
        headers=AGENT,
    )
    assert _signed_in(client, environ_base={"REMOTE_ADDR": "192.0.2.10"}, headers=AGENT)
    thief = _client_with(app, _session_cookie(client))
    assert not _signed_in(
        thief,
        environ_base={"REMOTE_ADDR": "198.51.100.66"},
        headers={**AGENT, "X-Forwarded-For": "192.0.2.10"},
    )


def test_deactivation_ends_the_accounts_sessions(app, client, auth, mission):
    target = mission["po_pace"]
    db.session.commit()
    browser = app.test_client()
    AuthActions(browser).login(target)
    assert _signed_in(browser)
    auth.login(mission["admin"])
    client.post(
        f"/admin/users/{target.id}",
        data={"display_name": target.display_name, "role": "press_officer", "organization": "pace"},
    )
    assert not _signed_in(browser)
