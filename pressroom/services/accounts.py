"""Accounts: creating and changing users, logging in with throttling, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _

from pressroom.db import db, utcnow
from pressroom.domain.errors import NotFound, ValidationFailed
from pressroom.models import ApiToken, LoginAttempt, Organization, Role, User
from pressroom.services import audit

MIN_PASSWORD = 10


def normalize_email(raw: str) -> str:
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationFailed(
            _("Enter a valid e-mail address."), details={"email": str(exc)}
        ) from None


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed(
            _("The password must have at least %(n)d characters.", n=MIN_PASSWORD),
            details={"password": "too short"},
        )


def find_organization(slug: str) -> Organization:
    org = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
    if org is None:
        raise NotFound(_("No organization with the slug %(slug)s.", slug=slug))
    return org


def _check_role_org(role: Role, organization: Organization | None) -> None:
    if role == Role.admin and organization is not None:
        raise ValidationFailed(
            _("An admin belongs to no organization."), details={"organization": "must be empty"}
        )
    if role != Role.admin and organization is None:
        raise ValidationFailed(
            _("A press officer or head of delegation belongs to an organization."),
            details={"organization": "required"},
        )


def create_user(
    *,
    email: str,
    display_name: str,
    password: str,
    role: Role | str,
    organization: Organization | None,
    actor: User | None = None,
    locale: str | None = None,
) -> User:
    email = normalize_email(email)
    role = Role(role)
    display_name = display_name.strip()
    if not display_name:
        raise ValidationFailed(_("Enter a name."), details={"display_name": "required"})
    check_password_rules(password)
    _check_role_org(role, organization)
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise ValidationFailed(
            _("A user with this e-mail already exists."), details={"email": "taken"}
        )
    user = User(
        email=email, display_name=display_name, role=role, organization=organization,
        locale=locale,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", actor=actor, obj=user, email=email, role=role.value,
                 organization=organization.slug if organization else None)
    return user


def update_user(
    user: User, *, role: Role | str, organization: Organization | None, active: bool,
    display_name: str, actor: User,
) -> User:
    role = Role(role)
    _check_role_org(role, organization)
    if user.id == actor.id and (not active or role != Role.admin):
        raise ValidationFailed(_("You cannot demote or deactivate yourself."))
    changes = {}
    if user.role != role:
        changes["role"] = [user.role.value, role.value]
    if user.organization_id != (organization.id if organization else None):
        changes["organization"] = [
            user.organization.slug if user.organization else None,
            organization.slug if organization else None,
        ]
    if user.active != active:
        changes["active"] = [user.active, active]
    if display_name.strip() and display_name.strip() != user.display_name:
        changes["display_name"] = [user.display_name, display_name.strip()]
        user.display_name = display_name.strip()
    user.role, user.organization, user.active = role, organization, active
    db.session.flush()
    if changes:
        audit.record("user.update", actor=actor, obj=user, **changes)
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise ValidationFailed(
            _("The current password is not correct."), details={"current_password": "wrong"}
        )
    check_password_rules(new)
    user.set_password(new)
    # A changed password ends every API token issued under the old one.
    db.session.execute(sa.update(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)).values(revoked_at=utcnow()))
    audit.record("user.password_change", actor=user, obj=user)


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    error: str = ""  # human text, empty on success
    throttled: bool = False


def _recent_failures(email: str, now: dt.datetime) -> int:
    window = dt.timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    return db.session.scalar(
        sa.select(sa.func.count(LoginAttempt.id)).where(
            LoginAttempt.email == email,
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.at > now - window,
        )
    ) or 0


def authenticate(email: str, password: str, remote_addr: str = "") -> LoginResult:
    """Check credentials. Every attempt is recorded; after too many recent failures for
    this e-mail, even the right password is refused until the window passes."""
    email = email.strip().lower()
    now = utcnow()
    if _recent_failures(email, now) >= current_app.config["LOGIN_MAX_FAILURES"]:
        # Refused attempts are audited but do not extend the lock: otherwise anyone could
        # keep a head of delegation locked out for good by trying every few minutes.
        audit.record("login.throttled", actor_label=email, object_type="user", object_id=email)
        minutes = current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"]
        return LoginResult(
            None,
            _("Too many failed attempts for this e-mail. Try again in %(m)d minutes.", m=minutes),
            throttled=True,
        )
    user = db.session.scalar(sa.select(User).where(User.email == email))
    ok = user is not None and user.check_password(password) and user.active
    db.session.add(LoginAttempt(email=email, succeeded=ok, remote_addr=remote_addr, at=now))
    if not ok:
        audit.record("login.failed", actor_label=email, object_type="user", object_id=email)
        if user is not None and not user.active and user.check_password(password):
            return LoginResult(None, _("This account has been deactivated."))
        return LoginResult(None, _("Wrong e-mail or password."))
    audit.record("login", actor=user, obj=user)
    return LoginResult(user)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> tuple[str, ApiToken]:
    """A new bearer token; the plain value is returned once and never stored."""
    plain = "prt_" + secrets.token_urlsafe(32)
    hours = current_app.config["API_TOKEN_HOURS"]
    token = ApiToken(
        user=user, token_hash=_token_digest(plain), expires_at=utcnow() + dt.timedelta(hours=hours)
    )
    db.session.add(token)
    db.session.flush()
    audit.record("token.create", actor=user, obj=token)
    return plain, token


def user_for_token(plain: str) -> tuple[User, ApiToken] | None:
    token = db.session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == _token_digest(plain))
    )
    if token is None or token.revoked_at is not None or token.expires_at <= utcnow():
        return None
    if not token.user.active:
        return None
    return token.user, token


def revoke_token(token: ApiToken, actor: User) -> None:
    token.revoked_at = utcnow()
    audit.record("token.revoke", actor=actor, obj=token)
