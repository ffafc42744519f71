"""Invitations and password recovery: one signed link that lets its holder set the account's
password, once, for PASSWORD_LINK_HOURS.

The link carries the user's id, an expiry and a fingerprint of the current password hash,
signed with SECRET_KEY (itsdangerous). Nothing is stored: setting a password changes the
hash, which voids every link issued before (single use), and the expiry is checked against
the app's clock. "Forgot password" answers alike whether or not the address has an account
(the mail, if any, is a job after the commit) and is rate-limited per client address and per
e-mail address."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from pressroom import clock
from pressroom.config import public_url
from pressroom.db import db
from pressroom.domain.errors import DomainError
from pressroom.domain.permissions import Permission
from pressroom.models import Organization, Role, User
from pressroom.services import accounts, audit, effects, notifications, ratelimit
from pressroom.services.permissions import require
from pressroom.services.signin import Client, Throttled

SALT = "pressroom.password-link"


class InvalidLink(DomainError):
    code = "invalid_link"
    status = 400


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def make_token(user: User) -> str:
    hours = current_app.config["PASSWORD_LINK_HOURS"]
    expires = int((clock.now() + dt.timedelta(hours=hours)).timestamp())
    return str(_serializer().dumps({"u": user.id, "f": _fingerprint(user), "e": expires}))


def user_for_token(token: str) -> User:
    """The account the link is for; InvalidLink when forged, expired, used or inactive."""
    invalid = InvalidLink(
        _("This link is no longer valid: it has expired or was used already. Ask for a new one.")
    )
    try:
        data: Any = _serializer().loads(token)
        user_id, fingerprint, expires = int(data["u"]), str(data["f"]), int(data["e"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise invalid from None
    if expires < clock.now().timestamp():
        raise invalid
    user = db.session.get(User, user_id)
    if user is None or not user.active or not hmac.compare_digest(_fingerprint(user), fingerprint):
        raise invalid
    return user


def _send_link(user: User, *, invited: bool) -> None:
    url = public_url(url_for("auth.reset_password", token=make_token(user)))
    hours = current_app.config["PASSWORD_LINK_HOURS"]
    with force_locale(user.locale or "en"):
        if invited:
            subject = _("You are invited to pressroom")
            body = _(
                "Hello %(name)s,\n\nyou have been given an account on pressroom. Choose "
                "your password with this link (valid for %(hours)d hours, once):\n\n"
                "%(url)s\n",
                name=user.display_name,
                hours=hours,
                url=url,
            )
        else:
            subject = _("Your pressroom password")
            body = _(
                "Hello %(name)s,\n\nsomeone (probably you) asked to set a new password "
                "for your pressroom account. Choose it with this link (valid for "
                "%(hours)d hours, once):\n\n%(url)s\n\nIf it was not you, ignore this "
                "message: your password stays as it is.\n",
                name=user.display_name,
                hours=hours,
                url=url,
            )
    effects.enqueue(notifications.send, [user.email], subject, body)


def invite(
    *,
    email: str,
    display_name: str,
    role: Role | str,
    organization: Organization | None,
    actor: User,
) -> User:
    """A new account without a password; the invitee chooses one with the mailed link."""
    require(actor, Permission.manage_users)
    user = accounts.create_user(
        email=email,
        display_name=display_name,
        password=None,
        role=role,
        organization=organization,
        actor=actor,
    )
    _send_link(user, invited=True)
    audit.record("user.invite", actor=actor, obj=user, email=user.email)
    return user


def resend_invitation(user: User, actor: User) -> None:
    require(actor, Permission.manage_users)
    _send_link(user, invited=True)
    audit.record("user.invite", actor=actor, obj=user, email=user.email)


def request_reset(raw_email: str, client: Client) -> None:
    """Mail a link if the address belongs to an active account; the same outcome for the
    caller either way. Throttled (429) per client address and per e-mail address."""
    email = raw_email.strip().lower()[:254]
    checks = [
        ("PASSWORD_RESET_LIMIT_PER_ADDRESS", client.address or "-"),
        ("PASSWORD_RESET_LIMIT_PER_EMAIL", email),
    ]
    wait = ratelimit.retry_after(checks)
    if wait:
        raise Throttled(wait)
    ratelimit.hit(checks)
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None or not user.active:
        return
    _send_link(user, invited=False)
    audit.record("user.password_link", actor=None, obj=user, remote_addr=client.address)


def set_password(token: str, password: str) -> User:
    user = user_for_token(token)
    accounts.check_password_rules(password)
    user.set_password(password)
    accounts.end_credentials(user)
    audit.record("user.password_set", actor=user, obj=user)
    return user
