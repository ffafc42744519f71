"""The audit log for admins: filters, pagination, CSV export, chain status."""

from __future__ import annotations

import csv
import datetime as dt
import io

import sqlalchemy as sa
from flask import Blueprint, Response, render_template, request
from flask_login import login_required

from pressroom.db import db
from pressroom.domain.permissions import Permission
from pressroom.models import AuditEvent
from pressroom.services import audit
from pressroom.web.authz import requires
from pressroom.web.params import parse_int

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
PER_PAGE = 50


def _filtered() -> sa.Select[AuditEvent]:
    query = sa.select(AuditEvent)
    if action := request.args.get("action", "").strip():
        query = query.where(AuditEvent.action.startswith(action))
    if actor := request.args.get("actor", "").strip():
        query = query.where(AuditEvent.actor.contains(actor.lower()))
    if object_id := request.args.get("object", "").strip():
        kind, _sep, ident = object_id.partition(":")
        query = query.where(AuditEvent.object_type == kind)
        if ident:
            query = query.where(AuditEvent.object_id == ident)
    for arg, op in (("since", "ge"), ("until", "lt")):
        raw = request.args.get(arg, "").strip()
        if raw:
            try:
                day = dt.datetime.combine(dt.date.fromisoformat(raw), dt.time(), dt.UTC)
                if arg == "until":
                    day += dt.timedelta(days=1)
            except (ValueError, OverflowError):  # not a date, or the last day there is
                continue
            query = query.where(getattr(AuditEvent.at, f"__{op}__")(day))
    return query


def csv_cell(text: str) -> str:
    """Text a spreadsheet shows as text: a cell starting with = + - @ (or a tab or CR)
    would be read as a formula (e.g. a login e-mail "=HYPERLINK(…)"), so it gets a
    leading apostrophe (OWASP's advice for CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("")
@login_required
@requires(Permission.read_audit)
def log() -> str:
    page = min(max(parse_int(request.args.get("page")) or 1, 1), 100_000)
    events = db.session.scalars(
        _filtered().order_by(AuditEvent.id.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE + 1)
    ).all()
    return render_template(
        "admin/audit.html", events=events[:PER_PAGE], page=page,
        has_next=len(events) > PER_PAGE,
        # Checking the chain reads every event: on request, not on every page view.
        chain=audit.verify_chain() if request.args.get("verify") else None,
        filters={k: v for k, v in request.args.items() if k != "page" and v},
    )


@bp.get("/export.csv")
@login_required
@requires(Permission.read_audit)
def export() -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "actor", "action", "object_type", "object_id", "details",
                     "prev_hash", "hash"])
    for e in db.session.scalars(_filtered().order_by(AuditEvent.id)).yield_per(500):
        writer.writerow([e.id, e.at.isoformat(), *map(csv_cell, (
            e.actor, e.action, e.object_type, e.object_id, audit.canonical_json(e.details))),
            e.prev_hash, e.hash])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit.csv"})
