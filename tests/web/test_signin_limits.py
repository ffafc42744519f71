"""Password checks are throttled per address, per account and site-wide, recorded even
when the answer is an error, and answered alike for unknown, wrong and deactivated."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import sqlalchemy as sa

from pressroom import create_app
from pressroom.db import db
from pressroom.models import AuditEvent, LoginAttempt, Role
from pressroom.services import signin
from tests.conftest import PASSWORD

T0 = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(app, monkeypatch) -> Clock:  # type: ignore[no-untyped-def]
    frozen = Clock()
    monkeypatch.setitem(app.config, "CLOCK", frozen)
    return frozen


@pytest.fixture
def officer(create_org, create_user):  # type: ignore[no-untyped-def]
    user = create_user(Role.press_officer, create_org())
    db.session.commit()
    return user


def _failures(email: str) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(False))
        )
        or 0
    )


def test_api_guessing_is_recorded_and_slowed_down(client, officer, clock):
    """20 wrong passwords then the right one: the failures survive the 401s' rollback
    and the account makes the guesser wait."""
    statuses = [
        client.post(
            "/api/v1/tokens", json={"email": officer.email, "password": f"guess {i}"}
        ).status_code
        for i in range(20)
    ]
    assert statuses[:3] == [401, 401, 401] and set(statuses[3:]) == {429}
    response = client.post("/api/v1/tokens", json={"email": officer.email, "password": PASSWORD})
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "throttled"
    assert int(response.headers["Retry-After"]) >= 1
    assert _failures(officer.email) == 3  # refused attempts check nothing and count nothing
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "token.failed", AuditEvent.actor == officer.email)
        )
        == 3
    )


def test_wrong_guesses_hold_an_account_for_seconds_not_minutes(client, auth, officer, clock):
    for _ in range(5):
        auth.login(officer, "wrong password")
        clock.advance(0.1)
    page = auth.login(officer)
    assert page.status_code == 429
    assert "Too many attempts" in page.get_data(as_text=True)
    assert f'value="{officer.email}"' in page.get_data(as_text=True)  # what was typed stays
    clock.advance(31)  # the longest wait there is, whatever the number of failures
    assert auth.login(officer).status_code == 302


def test_success_starts_the_count_again(client, auth, officer, clock):
    for _ in range(3):
        auth.login(officer, "wrong password")
    clock.advance(2)
    assert auth.login(officer).status_code == 302
    auth.logout()
    assert auth.login(officer, "wrong password").status_code == 200  # not 429


def test_spraying_one_password_from_one_address_is_stopped(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ADDRESS", "5 per minute")
    statuses = [
        client.post(
            "/login", data={"email": f"person{i}@example.org", "password": "Summer2026!"}
        ).status_code
        for i in range(7)
    ]
    assert statuses == [200] * 5 + [429, 429]
    other = client.post(
        "/login",
        data={"email": "x@example.org", "password": "y"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert other.status_code == 200  # another address is not held up


def test_site_wide_limit_holds_many_addresses(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_GLOBAL", "3 per minute")
    statuses = [
        client.post(
            "/api/v1/tokens",
            json={"email": f"p{i}@example.org", "password": "x"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{i}"},
        ).status_code
        for i in range(5)
    ]
    assert statuses == [401, 401, 401, 429, 429]


def test_unknown_wrong_and_deactivated_get_one_answer(
    client, auth, officer, create_user, create_org
):
    inactive = create_user(Role.press_officer, create_org())
    inactive.active = False
    db.session.commit()
    pages = [
        auth.login("nobody@example.org").get_data(as_text=True),
        auth.login(officer, "wrong password").get_data(as_text=True),
        auth.login(inactive).get_data(as_text=True),
    ]
    for page in pages:
        assert "Wrong e-mail or password." in page and "deactivated" not in page
    assert client.get("/account").status_code == 302  # nobody signed in (/ is the newsroom)
    assert _failures(inactive.email) == 1


def test_unknown_email_takes_as_long_as_a_wrong_password(
    app, client, create_org, create_user, monkeypatch
):
    """The hash runs for unknown e-mails too (a dummy one), so the time tells nothing."""
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt:16384:8:1")
    user = create_user(Role.press_officer, create_org())
    db.session.commit()

    def timed(email: str) -> float:
        start = time.perf_counter()
        client.post("/login", data={"email": email, "password": "wrong password"})
        return time.perf_counter() - start

    timed("warm-up@example.org")
    known = min(timed(user.email) for _ in range(3))  # three: below the account's wait
    unknown = min(timed(f"nobody{i}@example.org") for i in range(3))
    assert unknown >= 0.5 * known, (unknown, known)


def test_current_password_is_throttled_and_audited(client, auth, officer, clock):
    auth.login(officer)
    data = {
        "pw-current_password": "wrong",
        "pw-new_password": "a brand new password",
        "pw-confirm": "a brand new password",
        "pw-submit": "1",
    }
    for _ in range(3):
        assert client.post("/account", data=data).status_code == 200
    refused = client.post("/account", data={**data, "pw-current_password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "current_password.failed")
        )
        == 3
    )


def test_old_attempts_are_pruned(client, auth, officer, clock):
    db.session.add(
        LoginAttempt(email=officer.email, succeeded=False, at=T0 - dt.timedelta(days=31))
    )
    db.session.commit()
    auth.login(officer, "wrong password")
    assert _failures(officer.email) == 1


def test_forwarded_for_is_ignored_without_configured_proxies(client, officer):
    client.post(
        "/login",
        data={"email": officer.email, "password": "wrong"},
        headers={"X-Forwarded-For": "203.0.113.5"},
    )
    assert db.session.scalar(sa.select(LoginAttempt.remote_addr)) == "127.0.0.1"


def test_configured_proxy_supplies_the_client_address(app, officer):
    keys = (
        "TESTING",
        "SQLALCHEMY_DATABASE_URI",
        "SQLALCHEMY_ENGINE_OPTIONS",
        "DATA_DIR",
        "SECRET_KEY",
        "WTF_CSRF_ENABLED",
        "SERVER_NAME",
        "PASSWORD_HASH_METHOD",
        "SESSION_COOKIE_SECURE",
    )
    proxied = create_app({**{k: app.config[k] for k in keys}, "PROXIES": 1})
    with proxied.test_client() as c:
        c.post(
            "/login",
            data={"email": officer.email, "password": "wrong"},
            headers={"X-Forwarded-For": "203.0.113.5"},
        )
    assert db.session.scalar(sa.select(LoginAttempt.remote_addr)) == "203.0.113.5"


def test_backoff_grows_and_is_capped():
    from pressroom.domain.signin import backoff_seconds

    waits = [backoff_seconds(n, free=3, cap=30) for n in range(12)]
    assert waits == [0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30, 30]
    assert signin.Throttled(3).retry_after == 3


@pytest.mark.parametrize("path", ["/login", "/api/v1/tokens"])
def test_the_password_hash_runs_outside_any_transaction(client, officer, monkeypatch, path):
    """Hashing takes ~0.1 s in production: holding SQLite's write lock meanwhile made
    twenty people signing in at once queue past the busy timeout (500s)."""
    seen = []
    real = signin.check_password_hash

    def watching(hashed: str, password: str) -> bool:
        seen.append(db.session().in_transaction())
        return real(hashed, password)

    monkeypatch.setattr(signin, "check_password_hash", watching)
    if path == "/login":
        response = client.post(path, data={"email": officer.email, "password": PASSWORD})
        assert response.status_code == 302
    else:
        response = client.post(path, json={"email": officer.email, "password": PASSWORD})
        assert response.status_code == 201
    assert seen == [False]
