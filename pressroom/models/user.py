"""Accounts, API tokens and the login attempts that throttling counts."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.domain.permissions import Role
from pressroom.models.organization import Organization


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(
            "(role = 'admin' AND organization_id IS NULL) OR "
            "(role <> 'admin' AND organization_id IS NOT NULL)",
            name="org_matches_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-case
    display_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(sa.Enum(Role, native_enum=False, length=32))
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    locale: Mapped[str | None] = mapped_column(sa.String(16))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Which notification kinds arrive by e-mail (kind -> on/off); kinds not in it keep
    #: their default (domain.notifications.EMAIL_DEFAULTS).
    email_notifications: Mapped[dict[str, bool]] = mapped_column(
        sa.JSON, default=dict, server_default="{}"
    )

    organization: Mapped[Organization | None] = relationship(lazy="joined")

    #: The server-side session this user object was loaded for (see UserSession); Flask-Login
    #: keeps it, not the user id, in the session cookie.
    def get_id(self) -> str | None:
        return getattr(self, "session_key", None)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def set_password(self, password: str) -> None:
        # Configurable so the test suite can use cheap parameters; production keeps
        # Werkzeug's scrypt defaults.
        method = "scrypt"
        if current_app:
            method = current_app.config.get("PASSWORD_HASH_METHOD", method)
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def label(self) -> str:
        """ "Urdur Gunnarsdottir (ODIHR)": how a person is named to other organizations."""
        if self.organization is None:
            return self.display_name
        return f"{self.display_name} ({self.organization.short_name()})"

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class LoginAttempt(Base):
    """Every password check (sign-in, API token, current password on /account); the
    growing delay counts an account's consecutive recent failures. Failures are written in
    their own transaction, so a request that rolls back cannot erase them."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        sa.Index("ix_login_attempts_email_at", "email", "at"),
        sa.Index("ix_login_attempts_at", "at"),  # pruning old rows
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    succeeded: Mapped[bool]
    remote_addr: Mapped[str] = mapped_column(sa.String(64), default="")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, so a leaked table grants nothing."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class UserSession(Base):
    """One signed-in browser. The session cookie names it by a random key (only its
    SHA-256 is stored); signing out, ending it from /account or changing the password
    ends it, and a cookie of an ended session signs nobody in."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")
    remote_addr: Mapped[str] = mapped_column(sa.String(64), default="")
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
