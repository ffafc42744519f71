"""Append-only audit log with a SHA-256 hash chain: altering or deleting any past event
breaks every hash after it, and `verify_chain` names the first broken one."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from pressroom.db import db, utcnow
from pressroom.domain.content import canonical_json as canonical_json  # the audit page's
from pressroom.models import AuditEvent, User

GENESIS = "0" * 64
_LOCK_KEY = 0x70726573  # pg advisory lock id: one writer extends the chain at a time


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    payload = {
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "details": event.details,
    }
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode("utf-8")).hexdigest()


def record(
    action: str,
    *,
    actor: User | None = None,
    actor_label: str = "",
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    **details: Any,
) -> AuditEvent:
    """Append one event. `obj` names the object (its table and id) unless given explicitly."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))
    prev = session.scalar(sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    if obj is not None:
        object_type = object_type or obj.__tablename__.rstrip("s")
        object_id = object_id or obj.id
    event = AuditEvent(
        at=utcnow().replace(microsecond=0),
        actor_id=actor.id if actor else None,
        actor=actor_label or (actor.email if actor else ""),
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        details=details,
        prev_hash=prev or GENESIS,
    )
    event.hash = event_hash(event.prev_hash, event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None  # the first event whose stored hashes do not add up
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(events: Iterable[AuditEvent] | None = None) -> ChainReport:
    if events is None:
        events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).yield_per(500)
    prev = GENESIS
    count = 0
    for event in events:
        count += 1
        if event.prev_hash != prev:
            return ChainReport(count, event.id, "previous hash does not match (event removed?)")
        if event_hash(prev, event) != event.hash:
            return ChainReport(count, event.id, "content does not match its hash (event altered)")
        prev = event.hash
    return ChainReport(count, None)
