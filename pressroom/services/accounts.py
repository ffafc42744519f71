"""Accounts: creating and changing users, signing in (see signin for the checks), API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _

from pressroom.db import db, utcnow
from pressroom.domain.errors import NotFound, ValidationFailed
from pressroom.domain.languages import UI_LANGUAGES
from pressroom.domain.permissions import Permission
from pressroom.domain.validation import clean_text
from pressroom.models import ApiToken, Organization, Role, User
from pressroom.services import audit, sessions, signin
from pressroom.services.permissions import require
from pressroom.services.signin import Client

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
    password: str | None,
    role: Role | str,
    organization: Organization | None,
    actor: User | None = None,
    locale: str | None = None,
) -> User:
    require(actor, Permission.manage_users)
    email = normalize_email(email)
    role = Role(role)
    if not display_name.strip():
        raise ValidationFailed(_("Enter a name."), details={"display_name": "required"})
    display_name = clean_text(display_name, field="display_name", limit=200)
    if password is not None:
        check_password_rules(password)
    _check_role_org(role, organization)
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise ValidationFailed(
            _("A user with this e-mail already exists."), details={"email": "taken"}
        )
    user = User(
        email=email,
        display_name=display_name,
        role=role,
        organization=organization,
        locale=locale,
    )
    # Invited (no password): a random one nobody knows, until the invitation link is used.
    user.set_password(password if password is not None else secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.create",
        actor=actor,
        obj=user,
        email=email,
        role=role.value,
        organization=organization.slug if organization else None,
    )
    return user


def update_user(
    user: User,
    *,
    role: Role | str,
    organization: Organization | None,
    active: bool,
    display_name: str,
    actor: User,
) -> User:
    require(actor, Permission.manage_users)
    role = Role(role)
    _check_role_org(role, organization)
    if user.id == actor.id and (not active or role != Role.admin):
        raise ValidationFailed(_("You cannot demote or deactivate yourself."))
    changes: dict[str, Any] = {}
    if user.role != role:
        changes["role"] = [user.role.value, role.value]
    if user.organization_id != (organization.id if organization else None):
        changes["organization"] = [
            user.organization.slug if user.organization else None,
            organization.slug if organization else None,
        ]
    if user.active != active:
        changes["active"] = [user.active, active]
    display_name = clean_text(display_name, field="display_name", limit=200)
    if display_name and display_name != user.display_name:
        changes["display_name"] = [user.display_name, display_name]
        user.display_name = display_name
    user.role, user.organization, user.active = role, organization, active
    db.session.flush()
    if changes:
        audit.record("user.update", actor=actor, obj=user, **changes)
    return user


def set_locale(user: User, lang: str) -> bool:
    """The user's interface language (mail, the next visit), chosen by the user themselves
    (the language menu, the account page); audited. False when it was already `lang`."""
    if lang not in UI_LANGUAGES:
        raise ValidationFailed(
            _("%(code)s is not a known language code.", code=lang), details={"locale": lang}
        )
    if user.locale == lang:
        return False
    before, user.locale = user.locale, lang
    db.session.flush()
    audit.record("user.locale", actor=user, obj=user, locale=[before, lang])
    return True


def end_credentials(user: User) -> None:
    """After a new password: every session and API token of the user ends."""
    db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    sessions.end_all(user)


def change_password(user: User, current: str, new: str, client: Client | None = None) -> None:
    """Set a new password after checking the current one (throttled and recorded like a
    sign-in). Every session and API token of the user ends: the caller signs the current
    browser in again."""
    if (
        signin.check_password(
            user.email, current, client or Client(), user=user, purpose="current_password"
        )
        is None
    ):
        raise ValidationFailed(
            _("The current password is not correct."), details={"current_password": "wrong"}
        )
    check_password_rules(new)
    user.set_password(new)
    end_credentials(user)  # a changed password ends every token issued under the old one
    audit.record("user.password_change", actor=user, obj=user)


def authenticate(
    email: str, password: str, client: Client, *, purpose: str = "login"
) -> User | None:
    """The user for these credentials, or None: one answer for an unknown e-mail, a wrong
    password and a deactivated account. Raises signin.Throttled while a limit holds."""
    user = signin.check_password(email, password, client, purpose=purpose)
    if user is not None and purpose == "login":  # a token's creation is audited itself
        audit.record("login", actor=user, obj=user, remote_addr=client.address)
    return user


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
    """One's own token (the API's DELETE /tokens/current); an admin's for anyone."""
    if token.user_id != actor.id:
        require(actor, Permission.manage_users)
    token.revoked_at = utcnow()
    audit.record("token.revoke", actor=actor, obj=token)
