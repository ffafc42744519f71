"""Approvals bind to the exact text: three organizations, dismissal by edits, refusals."""

from __future__ import annotations

import pytest

from pressroom.db import db
from pressroom.domain.errors import (
    InvalidTransition,
    PermissionDenied,
    StaleRevision,
    ValidationFailed,
)
from pressroom.domain.workflow import Status
from pressroom.models import Approval, Decision
from pressroom.queries import approvals as approval_queries
from pressroom.services import approvals, bundles, statements


@pytest.fixture
def in_review(dummy_statement, mission):  # type: ignore[no-untyped-def]
    approvals.submit(dummy_statement, mission["po_odihr"])
    return dummy_statement


def _edit(statement, user, **changes):  # type: ignore[no-untyped-def]
    result = statements.save(statement, user, statement.current_revision.number, changes)
    assert result.revision is not None
    return result.revision


def _rows(statement) -> dict[str, approval_queries.MatrixRow]:  # type: ignore[no-untyped-def]
    return {
        row.organization.slug: row
        for row in approval_queries.matrix(statement, bundles.current_hash(statement))
    }


def _approve_all(statement, mission, slugs=("odihr", "osce-pa", "pace")):  # type: ignore[no-untyped-def]
    number = statement.current_revision.number
    return [approvals.decide(statement, mission[f"head_{s}"], "approve", number) for s in slugs]


def test_submit_puts_the_draft_in_review(dummy_statement, mission):
    assert dummy_statement.status == Status.draft
    approvals.submit(dummy_statement, mission["po_pace"])
    assert dummy_statement.status == Status.in_review
    with pytest.raises(InvalidTransition):
        approvals.submit(dummy_statement, mission["po_odihr"])


def test_matrix_lists_participants_lead_first(in_review):
    rows = approval_queries.matrix(in_review, bundles.current_hash(in_review))
    assert [r.organization.slug for r in rows] == ["odihr", "osce-pa", "pace"]
    assert all(r.latest is None and not r.current and not r.approved for r in rows)


def test_edit_dismisses_approvals_and_all_must_approve_again(in_review, mission):
    _approve_all(in_review, mission, ("odihr", "osce-pa"))
    rows = _rows(in_review)
    assert rows["odihr"].approved and rows["osce-pa"].approved
    assert not rows["pace"].approved and rows["pace"].latest is None
    assert in_review.status == Status.in_review
    assert not approvals.everyone_approved(in_review)

    revision = _edit(in_review, mission["po_pace"], title="Kazakh elections: a new title")
    assert revision.number == 2
    rows = _rows(in_review)
    for slug in ("odihr", "osce-pa"):
        assert rows[slug].latest is not None, "a dismissed approval stays visible"
        assert rows[slug].latest.revision.number == 1
        assert rows[slug].current is False
        assert rows[slug].approved is False
    assert in_review.status == Status.in_review

    approvals.decide(in_review, mission["head_odihr"], "approve", 2)
    approvals.decide(in_review, mission["head_osce-pa"], "approve", 2)
    assert in_review.status == Status.in_review
    approvals.decide(in_review, mission["head_pace"], "approve", 2)
    assert in_review.status == Status.approved
    assert approvals.everyone_approved(in_review)
    assert all(
        row.approved for row in approval_queries.matrix(in_review, bundles.current_hash(in_review))
    )


def test_edit_of_an_approved_text_sends_it_back_to_review(in_review, mission):
    _approve_all(in_review, mission)
    assert in_review.status == Status.approved
    _edit(in_review, mission["po_osce-pa"], dateline_city="Almaty")
    assert in_review.status == Status.in_review
    assert not any(
        row.approved for row in approval_queries.matrix(in_review, bundles.current_hash(in_review))
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"body": "Voting was calm.\n\nThe count was assessed negatively."},
        {"quotes": []},
        {"contacts": []},
        {"dateline_date": "2007-08-20"},
        {"organizations": ["odihr", "pace", "osce-pa"]},
    ],
)
def test_any_saved_change_dismisses(in_review, mission, changes):
    _approve_all(in_review, mission, ("odihr", "osce-pa"))
    _edit(in_review, mission["po_odihr"], **changes)
    assert not any(
        row.approved for row in approval_queries.matrix(in_review, bundles.current_hash(in_review))
    )


def test_request_changes_blocks_until_a_new_revision_is_approved_by_all(in_review, mission):
    approvals.decide(in_review, mission["head_odihr"], "approve", 1)
    requested = approvals.decide(
        in_review, mission["head_pace"], "request_changes", 1, "  Name the nine appointed seats.  "
    )
    assert requested.comment == "Name the nine appointed seats."
    approvals.decide(in_review, mission["head_osce-pa"], "approve", 1)
    assert in_review.status == Status.in_review
    assert _rows(in_review)["pace"].changes_requested
    assert approval_queries.changes_requested_in([in_review]) == [(in_review, requested)]

    # The organization that asked cannot wave the same text through.
    with pytest.raises(InvalidTransition):
        approvals.decide(in_review, mission["head_pace"], "approve", 1)
    assert in_review.status == Status.in_review

    _edit(in_review, mission["po_odihr"], body="Voting was calm.\n\nNine seats were appointed.")
    assert approval_queries.changes_requested_in([in_review]) == []
    _approve_all(in_review, mission, ("odihr", "osce-pa"))
    assert in_review.status == Status.in_review
    approvals.decide(in_review, mission["head_pace"], "approve", 2)
    assert in_review.status == Status.approved


def test_request_changes_on_an_approved_text_reopens_review(in_review, mission):
    _approve_all(in_review, mission)
    approvals.decide(in_review, mission["head_osce-pa"], "request_changes", 1, "Wait.")
    assert in_review.status == Status.in_review


def test_press_officer_cannot_decide(in_review, mission):
    for decision in ("approve", "request_changes"):
        with pytest.raises(PermissionDenied):
            approvals.decide(in_review, mission["po_odihr"], decision, 1, "comment")
    assert db.session.query(Approval).count() == 0


def test_a_head_decides_for_their_own_organization_only(in_review, mission):
    approval = approvals.decide(in_review, mission["head_pace"], "approve", 1)
    assert approval.organization_id == mission["orgs"]["pace"].id
    assert approval.organization_id != in_review.lead_organization.id
    assert approval.user_id == mission["head_pace"].id
    rows = _rows(in_review)
    assert rows["pace"].approved
    assert not rows["odihr"].approved and not rows["osce-pa"].approved


@pytest.mark.parametrize("who", ["head_outsider", "po_outsider", "admin"])
def test_outsiders_and_admins_cannot_decide(in_review, mission, who):
    with pytest.raises(PermissionDenied):
        approvals.decide(in_review, mission[who], "approve", 1)
    assert db.session.query(Approval).count() == 0


@pytest.mark.parametrize("who", ["head_outsider", "admin"])
def test_outsiders_and_admins_cannot_submit(dummy_statement, mission, who):
    with pytest.raises(PermissionDenied):
        approvals.submit(dummy_statement, mission[who])
    assert dummy_statement.status == Status.draft


def test_approving_a_revision_that_is_no_longer_current_is_stale(in_review, mission):
    _edit(in_review, mission["po_pace"], title="Changed meanwhile")
    with pytest.raises(StaleRevision) as caught:
        approvals.decide(in_review, mission["head_odihr"], "approve", 1)
    assert caught.value.status == 409
    assert caught.value.details == {"revision": 1, "current": 2}
    assert db.session.query(Approval).count() == 0


def test_request_changes_needs_a_comment(in_review, mission):
    for comment in ("", "   \n "):
        with pytest.raises(ValidationFailed) as caught:
            approvals.decide(in_review, mission["head_odihr"], "request_changes", 1, comment)
        assert caught.value.details == {"comment": "required"}
    assert db.session.query(Approval).count() == 0


def test_unknown_decision_is_refused(in_review, mission):
    with pytest.raises(ValidationFailed):
        approvals.decide(in_review, mission["head_odihr"], "maybe", 1)


def test_no_decisions_on_a_draft(dummy_statement, mission):
    with pytest.raises(InvalidTransition):
        approvals.decide(dummy_statement, mission["head_odihr"], Decision.approve, 1)


def test_waiting_for_lists_heads_who_have_not_decided_the_current_text(in_review, mission):
    assert approval_queries.waiting_for(mission["head_odihr"]) == [in_review]
    assert approval_queries.waiting_for(mission["po_odihr"]) == []
    assert approval_queries.waiting_for(mission["head_outsider"]) == []
    approvals.decide(in_review, mission["head_odihr"], "approve", 1)
    assert approval_queries.waiting_for(mission["head_odihr"]) == []
    _edit(in_review, mission["po_pace"], title="Changed")
    assert approval_queries.waiting_for(mission["head_odihr"]) == [in_review]


def test_a_correction_needs_approval_again_for_the_same_text(create_statement, mission):
    from pressroom.services import publishing

    statement = create_statement(targets=[])
    approvals.submit(statement, mission["po_odihr"])
    _approve_all(statement, mission)
    assert statement.status == Status.approved
    statement.status = Status.published  # as publishing would leave it (no PDFs needed here)
    correction = publishing.correct(statement, mission["po_odihr"], "Fix nothing yet.")
    assert correction.content_hash == statement.current_revision.parent.content_hash
    approvals.submit(statement, mission["po_odihr"])
    assert statement.status == Status.in_review, "version 1 approvals must not carry over"
    assert all(
        row.latest is None
        for row in approval_queries.matrix(statement, bundles.current_hash(statement))
    )
    _approve_all(statement, mission)
    assert statement.status == Status.approved
