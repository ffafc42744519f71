"""The audit log for admins: filters, pagination, CSV export, chain status."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template, request
from flask_login import login_required

from pressroom.domain.permissions import Permission
from pressroom.queries import audit as audit_queries
from pressroom.services import audit
from pressroom.web.audit import bp
from pressroom.web.authz import requires
from pressroom.web.params import parse_int

PER_PAGE = 50


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
    events, has_next = audit_queries.events_page(request.args, page, PER_PAGE)
    return render_template(
        "admin/audit.html",
        events=events,
        page=page,
        has_next=has_next,
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
    writer.writerow(
        ["id", "at", "actor", "action", "object_type", "object_id", "details", "prev_hash", "hash"]
    )
    for e in audit_queries.all_events(request.args):
        writer.writerow(
            [
                e.id,
                e.at.isoformat(),
                *map(
                    csv_cell,
                    (
                        e.actor,
                        e.action,
                        e.object_type,
                        e.object_id,
                        audit.canonical_json(e.details),
                    ),
                ),
                e.prev_hash,
                e.hash,
            ]
        )
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit.csv"},
    )
