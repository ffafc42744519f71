"""The audit trail: every approval-workflow action is an event, and the hash chain names the
first event that was altered or follows a removed one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.errors import DomainError
from pressroom.models import AuditEvent
from pressroom.services import approvals, audit, statements


def _events(since: int = 0) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.id > since).order_by(AuditEvent.id)
        )
    )


def _last_id() -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEvent.id), 0)))


@pytest.fixture
def story(dummy_statement, mission):  # type: ignore[no-untyped-def]
    """Submit, two approvals, an edit, a request for changes, an edit, approval by all."""
    s, start = dummy_statement, _last_id()
    approvals.submit(s, mission["po_odihr"])
    approvals.decide(s, mission["head_odihr"], "approve", 1)
    approvals.decide(s, mission["head_osce-pa"], "approve", 1)
    statements.save(s, mission["po_pace"], 1, {"title": "A better title"})
    approvals.decide(s, mission["head_pace"], "request_changes", 2, "Shorter, please.")
    statements.save(s, mission["po_pace"], 2, {"title": "Short title"})
    for slug in ("odihr", "osce-pa", "pace"):
        approvals.decide(s, mission[f"head_{slug}"], "approve", 3)
    return s, start


def test_every_action_writes_an_event(story, mission):
    statement, start = story
    events = _events(start)
    assert [(e.action, e.actor) for e in events] == [
        ("statement.submit", "po@odihr.example.org"),
        ("statement.approve", "head@odihr.example.org"),
        ("statement.approve", "head@osce-pa.example.org"),
        ("statement.edit", "po@pace.example.org"),
        # The two approvals of the first text stop counting, and their heads are told.
        ("statement.approvals_dismissed", "po@pace.example.org"),
        ("statement.request_changes", "head@pace.example.org"),
        # ... which also opens a thread in the editor's comments.
        ("comment.add", "head@pace.example.org"),
        ("statement.edit", "po@pace.example.org"),
        ("statement.approve", "head@odihr.example.org"),
        ("statement.approve", "head@osce-pa.example.org"),
        ("statement.approve", "head@pace.example.org"),
        ("statement.status", "head@pace.example.org"),
    ]
    assert all((e.object_type, e.object_id) == ("statement", str(statement.id)) for e in events)
    assert events[4].details["organizations"] == ["odihr", "osce-pa"]
    assert events[4].details["changes"] == ["source"]
    request = events[5]
    assert request.details["comment"] == "Shorter, please."
    assert request.details["organization"] == "pace"
    assert request.details["revision"] == 2
    assert request.details["hash"] == statement.current_revision.parent.content_hash
    assert events[-1].details == {"status": "approved", "before": "in_review"}
    assert all(e.prev_hash == p.hash for p, e in zip(events, events[1:], strict=False))


@pytest.fixture
def in_review_refusals(dummy_statement, mission):  # type: ignore[no-untyped-def]
    approvals.submit(dummy_statement, mission["po_odihr"])
    start = _last_id()
    attempts = [
        (mission["po_odihr"], "approve", 1, ""),
        (mission["admin"], "approve", 1, ""),
        (mission["head_outsider"], "approve", 1, ""),
        (mission["head_odihr"], "request_changes", 1, " "),
        (mission["head_odihr"], "approve", 7, ""),
    ]
    for user, decision, number, comment in attempts:
        with pytest.raises(DomainError):
            approvals.decide(dummy_statement, user, decision, number, comment)
    return _events(start)


def test_refusals_write_no_event(in_review_refusals):
    assert in_review_refusals == []


def test_chain_is_intact(story):
    report = audit.verify_chain()
    assert report.ok, report
    assert report.checked == len(_events())
    assert report.checked >= 11


def _tamper(sql: str, **params: object) -> None:
    db.session.execute(sa.text(sql), params)
    db.session.expire_all()


def test_a_tampered_row_is_named(story):
    _statement, start = story
    target = _events(start)[4]  # the request for changes
    _tamper(
        "UPDATE audit_events SET details = :d WHERE id = :id",
        d='{"comment": "Fine as it is."}',
        id=target.id,
    )
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_id == target.id
    assert "altered" in report.reason


def test_a_changed_actor_is_named(story):
    _statement, start = story
    target = _events(start)[1]
    _tamper("UPDATE audit_events SET actor = 'someone@else.org' WHERE id = :id", id=target.id)
    assert audit.verify_chain().broken_id == target.id


def test_a_deleted_row_names_the_next_one(story):
    _statement, start = story
    events = _events(start)
    gone, following = events[3], events[4]
    _tamper("DELETE FROM audit_events WHERE id = :id", id=gone.id)
    report = audit.verify_chain()
    assert report.broken_id == following.id
    assert "removed" in report.reason


def test_cli_verify_passes_on_an_intact_chain(story, runner):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_cli_verify_fails_naming_the_event(story, runner):
    _statement, start = story
    target = _events(start)[2]
    _tamper("UPDATE audit_events SET details = '{}' WHERE id = :id", id=target.id)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code != 0
    assert f"event {target.id}" in result.output


def test_cli_lists_the_newest_events(story, runner):
    result = runner.invoke(args=["audit", "--limit", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    newest = _events()[-2:]
    assert [int(line.split()[0]) for line in lines] == [e.id for e in newest]
    assert "statement.status" in lines[1]
