"""Password checks (web sign-in, API tokens, the current password on /account), all alike:

- throttled per client address and over the whole site (pressroom.services.ratelimit),
  and per account by a short, growing, capped wait after consecutive failures;
- timed alike: an unknown e-mail is checked against a dummy hash, a deactivated account's
  password is checked too, and all three failures get the same answer;
- recorded: each failure is written with its audit event in a transaction of its own
  after the request's (`write_deferred_failures`), so an error answer's rollback cannot
  erase it. Attempt rows older than LOGIN_ATTEMPT_RETENTION_DAYS are pruned then."""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, g
from flask_babel import ngettext
from werkzeug.security import check_password_hash, generate_password_hash

from pressroom import clock
from pressroom.db import db
from pressroom.domain.errors import DomainError
from pressroom.domain.signin import backoff_seconds, consecutive_failures
from pressroom.models import LoginAttempt, User
from pressroom.services import audit, ratelimit

log = logging.getLogger(__name__)
_dummy_hashes: dict[str, str] = {}
LOOKBACK = dt.timedelta(hours=1)  # failures older than this no longer slow an account


@dataclass(frozen=True)
class Client:
    """Who is knocking: the address (after ProxyFix, never a raw X-Forwarded-For)."""

    address: str = ""
    user_agent: str = ""


class Throttled(DomainError):
    code = "throttled"
    status = 429

    def __init__(self, retry_after: int) -> None:
        message = (
            ngettext(
                "Too many attempts. Try again in %(num)d second.",
                "Too many attempts. Try again in %(num)d seconds.",
                retry_after,
            )
            if retry_after < 120
            else ngettext(
                "Too many attempts. Try again in %(num)d minute.",
                "Too many attempts. Try again in %(num)d minutes.",
                math.ceil(retry_after / 60),
            )
        )
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after


def dummy_hash(method: str) -> str:
    """A hash of nothing with the configured method: made when the app starts (create_app),
    so that not even the first unknown e-mail of a process takes longer."""
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("not a password", method=method)
    return _dummy_hashes[method]


def _dummy_hash() -> str:
    return dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def _limit_checks(client: Client) -> list[tuple[str, str]]:
    return [("LOGIN_LIMIT_PER_ADDRESS", client.address or "-"), ("LOGIN_LIMIT_GLOBAL", "all")]


def account_wait(email: str, now: dt.datetime) -> int:
    """Seconds this account still refuses password checks after its recent failures."""
    rows = db.session.execute(
        sa.select(LoginAttempt.succeeded, LoginAttempt.at)
        .where(LoginAttempt.email == email, LoginAttempt.at > now - LOOKBACK)
        .order_by(LoginAttempt.at.desc(), LoginAttempt.id.desc())
        .limit(64)
    ).all()
    failures = consecutive_failures(row.succeeded for row in rows)
    config = current_app.config
    delay = backoff_seconds(
        failures, free=config["LOGIN_FREE_FAILURES"], cap=config["LOGIN_MAX_DELAY_SECONDS"]
    )
    if not delay:
        return 0
    left: float = (rows[0].at + dt.timedelta(seconds=delay) - now).total_seconds()
    return max(math.ceil(left), 0)


def check_password(
    email: str, password: str, client: Client, *, purpose: str, user: User | None = None
) -> User | None:
    """The user if `password` is theirs and the account is active, else None (the failure
    is recorded). Raises Throttled, without checking anything, while a limit holds.
    `user` is given when the account is known already (the current password)."""
    email = (user.email if user is not None else email.strip().lower())[:254]
    now = clock.now()
    wait = max(ratelimit.retry_after(_limit_checks(client)), account_wait(email, now))
    if wait:
        log.warning(
            "password check refused (throttled): %s from %s (%s)", email, client.address, purpose
        )
        raise Throttled(wait)
    if user is None:
        user = db.session.scalar(sa.select(User).where(User.email == email))
    stored = user.password_hash if user else _dummy_hash()
    _end_read_transaction()
    # The hash runs whatever the account: the answer's time says nothing about it.
    right = check_password_hash(stored, password)
    if user is not None and right and user.active:
        db.session.add(
            LoginAttempt(email=email, succeeded=True, remote_addr=client.address[:64], at=now)
        )
        return user
    ratelimit.hit(_limit_checks(client))
    g.setdefault("signin_failures", []).append((email, client.address[:64], purpose, now))
    return None


def _end_read_transaction() -> None:
    """Hashing takes a tenth of a second: no transaction (on SQLite, a POST's write lock)
    may be held meanwhile, or simultaneous sign-ins queue past the busy timeout. Only
    reads happened so far; anything pending is left alone and keeps its transaction."""
    session = db.session()
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()


def write_deferred_failures() -> None:
    """Write this request's failed checks, after the request's own transaction ended."""
    failures = g.pop("signin_failures", None)
    if not failures:
        return
    db.session.rollback()  # nothing of the request is left to keep; start clean
    try:
        for email, address, purpose, at in failures:
            db.session.add(LoginAttempt(email=email, succeeded=False, remote_addr=address, at=at))
            audit.record(
                f"{purpose}.failed",
                actor_label=email,
                object_type="user",
                object_id=email,
                remote_addr=address,
            )
        retention = dt.timedelta(days=current_app.config["LOGIN_ATTEMPT_RETENTION_DAYS"])
        db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.at < clock.now() - retention))
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not record failed password checks: %s", failures)
