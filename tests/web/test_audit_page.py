"""The admin's audit log page: the whole story, filters, CSV export, chain status."""

import csv
import io

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import AuditEvent
from pressroom.services import approvals, statements


def test_audit_page_tells_the_story_and_filters(client, auth, mission, dummy_statement):
    statements.save(dummy_statement, mission["po_pace"], 1, {"title": "Changed"})
    approvals.submit(dummy_statement, mission["po_odihr"])
    db.session.commit()
    auth.login(mission["admin"])
    page = client.get("/admin/audit?verify=1").get_data(as_text=True)
    for action in ("statement.create", "statement.edit", "statement.submit", "login"):
        assert f"<code>{action}</code>" in page
    assert "Hash chain intact" in page
    only_submit = client.get("/admin/audit?action=statement.submit").get_data(as_text=True)
    assert "<code>statement.submit</code>" in only_submit
    assert "<code>statement.edit</code>" not in only_submit
    by_actor = client.get("/admin/audit?actor=po@pace").get_data(as_text=True)
    assert "<code>statement.edit</code>" in by_actor
    assert "<code>statement.submit</code>" not in by_actor


def test_csv_export_has_every_filtered_event_with_hashes(client, auth, mission, dummy_statement):
    db.session.commit()
    auth.login(mission["admin"])
    response = client.get(f"/admin/audit/export.csv?object=statement:{dummy_statement.id}")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    expected = db.session.scalars(
        sa.select(AuditEvent)
        .where(
            AuditEvent.object_type == "statement", AuditEvent.object_id == str(dummy_statement.id)
        )
        .order_by(AuditEvent.id)
    ).all()
    assert [r["action"] for r in rows] == [e.action for e in expected]
    assert all(len(r["hash"]) == 64 for r in rows)


def test_tampering_shows_on_the_page(client, auth, mission, dummy_statement):
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "statement.create"))
    db.session.execute(
        sa.update(AuditEvent)
        .where(AuditEvent.id == event.id)
        .values(actor="someone-else@example.org")
    )
    db.session.commit()
    auth.login(mission["admin"])
    assert "Hash chain" not in client.get("/admin/audit").get_data(as_text=True)  # on request
    page = client.get("/admin/audit?verify=1").get_data(as_text=True)
    assert f"Hash chain broken at event {event.id}" in page
