"""Reads of the audit log: the admin page's filtered pages and the CSV export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import AuditEvent


def _filtered(args: Mapping[str, str]) -> sa.Select[AuditEvent]:
    """`action` (prefix), `actor` (part of the e-mail), `object` ("statement" or
    "statement:12"), `since` and `until` (ISO dates, both days included); anything
    unreadable filters nothing."""
    query = sa.select(AuditEvent)
    if action := args.get("action", "").strip():
        query = query.where(AuditEvent.action.startswith(action))
    if actor := args.get("actor", "").strip():
        query = query.where(AuditEvent.actor.contains(actor.lower()))
    if object_id := args.get("object", "").strip():
        kind, _sep, ident = object_id.partition(":")
        query = query.where(AuditEvent.object_type == kind)
        if ident:
            query = query.where(AuditEvent.object_id == ident)
    for arg, op in (("since", "ge"), ("until", "lt")):
        raw = args.get(arg, "").strip()
        if raw:
            try:
                day = dt.datetime.combine(dt.date.fromisoformat(raw), dt.time(), dt.UTC)
                if arg == "until":
                    day += dt.timedelta(days=1)
            except (ValueError, OverflowError):  # not a date, or the last day there is
                continue
            query = query.where(getattr(AuditEvent.at, f"__{op}__")(day))
    return query


def events_page(args: Mapping[str, str], page: int, per_page: int) -> tuple[list[AuditEvent], bool]:
    """One page of matching events, newest first, and whether a next page exists."""
    events = db.session.scalars(
        _filtered(args)
        .order_by(AuditEvent.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    ).all()
    return list(events[:per_page]), len(events) > per_page


def all_events(args: Mapping[str, str]) -> Iterator[AuditEvent]:
    """Every matching event, oldest first, read in batches (the CSV export)."""
    yield from db.session.scalars(_filtered(args).order_by(AuditEvent.id)).yield_per(500)
