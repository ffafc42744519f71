"""Who has a statement open right now: the editor sends a heartbeat, readers ask who else
was seen within the last PRESENCE_SECONDS. Presence is ephemeral and not audited (a
heartbeat every 20 seconds would drown the log). With REDIS_URL it lives in Redis (one
sorted set per statement, shared by every node, no database write per heartbeat); without
it, in the `presence` table."""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, cast

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.util import identity_key

from pressroom.db import db, utcnow
from pressroom.domain.errors import NotFound
from pressroom.domain.permissions import can_view_statement
from pressroom.models import Presence, Statement, User
from pressroom.queries import presence as presence_queries

if TYPE_CHECKING:
    from redis import Redis

_REDIS = "pressroom.presence.redis"


def _redis() -> Redis | None:
    """The shared Redis client when REDIS_URL is set, else None."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get(_REDIS)
    if client is None:
        import redis

        client = current_app.extensions[_REDIS] = redis.Redis.from_url(url)
    return client


def _key(statement: Statement) -> str:
    return f"{current_app.config.get('REDIS_PREFIX', 'pressroom')}:presence:{statement.id}"


def heartbeat(statement: Statement, user: User) -> None:
    """Record that `user` has the statement open now (one row per user and statement)."""
    if not can_view_statement(user, statement):
        raise NotFound(_("No such statement."))
    client = _redis()
    if client is not None:
        seconds = int(current_app.config["PRESENCE_SECONDS"])
        key, now_s = _key(statement), time.time()
        with client.pipeline() as pipe:
            pipe.zadd(key, {str(user.id): now_s})
            pipe.zremrangebyscore(key, "-inf", now_s - 10 * seconds)
            pipe.expire(key, 10 * seconds)
            pipe.execute()
        return
    now = utcnow()
    dialect = db.session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        # An upsert: two tabs of the same user beating at once must not collide.
        insert = (postgresql if dialect == "postgresql" else sqlite).insert(Presence)
        stmt = insert.values(statement_id=statement.id, user_id=user.id, seen_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[Presence.statement_id, Presence.user_id],
            set_={"seen_at": stmt.excluded.seen_at},
        )
        db.session.flush()
        db.session.execute(stmt)
        # The ORM may hold a stale copy of the row; the next read must see the new time.
        cached = db.session.identity_map.get(identity_key(Presence, (statement.id, user.id)))
        if cached is not None:
            db.session.expire(cached)
    else:  # pragma: no cover - other databases: read, then write
        row = db.session.get(Presence, (statement.id, user.id))
        if row is None:
            db.session.add(Presence(statement_id=statement.id, user_id=user.id, seen_at=now))
        else:
            row.seen_at = now
    db.session.flush()


def present(
    statement: Statement, exclude_user: User | None = None, within_seconds: int | None = None
) -> list[User]:
    """Users seen on the statement recently, by name; the asking user left out. Where
    presence lives is this module's: the reads themselves are queries.presence's."""
    seconds = (
        within_seconds
        if within_seconds is not None
        else int(current_app.config["PRESENCE_SECONDS"])
    )
    client = _redis()
    if client is not None:
        # redis-py types its commands for the sync and async clients at once.
        found = cast(
            "list[bytes]", client.zrangebyscore(_key(statement), time.time() - seconds, "+inf")
        )
        return presence_queries.among(statement, [int(i) for i in found], exclude_user)
    return presence_queries.seen_since(
        statement, utcnow() - dt.timedelta(seconds=seconds), exclude_user
    )
