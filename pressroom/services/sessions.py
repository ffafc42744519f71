"""Server-side sessions: each signed-in browser is a UserSession row; the cookie carries
its random key (Flask-Login's alternative id). Ending the row ends the session, whatever
the cookie says."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, cast

import sqlalchemy as sa
from flask_babel import gettext as _

from pressroom.db import db, utcnow
from pressroom.domain.errors import NotFound
from pressroom.models import User, UserSession
from pressroom.services import audit
from pressroom.services.signin import Client


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def start(user: User, client: Client) -> UserSession:
    """A new session for `user`; sets user.session_key, which login_user() stores."""
    key = secrets.token_urlsafe(32)
    row = UserSession(
        user=user,
        key_hash=_digest(key),
        user_agent=client.user_agent[:200],
        remote_addr=client.address[:64],
        created_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    user.session_key, user.session_id = key, row.id
    return row


def load(key: str) -> User | None:
    """The user of a live session (Flask-Login's user loader), else None."""
    row = db.session.scalar(
        sa.select(UserSession).where(
            UserSession.key_hash == _digest(key), UserSession.ended_at.is_(None)
        )
    )
    if row is None or not row.user.active:  # a deactivated account's sessions end too
        return None
    user = row.user
    user.session_key, user.session_id = key, row.id
    return user


def end(user: User, session_id: int) -> None:
    """End one of the user's own sessions (404 for anyone else's)."""
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != user.id or row.ended_at is not None:
        raise NotFound(_("No such session."))
    row.ended_at = utcnow()
    audit.record("session.end", actor=user, obj=user, session=row.id)


def end_all(user: User) -> int:
    """End every session of the user (a password change); returns how many."""
    result = db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    # An UPDATE answers with a CursorResult, which counts the rows (Result's type does not).
    return cast("sa.CursorResult[Any]", result).rowcount or 0
