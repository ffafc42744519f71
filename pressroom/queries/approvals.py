"""Reads of decisions for the dashboards and the review page: what waits for a head's
organization, where changes were requested, an organization's newest decision, the
approval matrix and the approvals that count. The reads that depend on the current bundle
take its hash as a parameter: `services.bundles.current_hash` computes it."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom import queries
from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.permissions import Permission, has_permission
from pressroom.models import Approval, Decision, Organization, Statement, User
from pressroom.queries import overview
from pressroom.queries.overview import MatrixRow, Overview


def last_decision(statement: Statement, organization_id: int) -> Approval | None:
    """This organization's newest decision (approve or request changes), any version: the
    reviewer's diff starts there."""
    return db.session.scalar(
        sa.select(Approval)
        .where(Approval.statement_id == statement.id, Approval.organization_id == organization_id)
        .order_by(Approval.id.desc())
        .limit(1)
    )


def latest_decisions(statement: Statement) -> dict[int, Approval]:
    """Each organization's newest decision on the version in work."""
    return overview.latest_decisions([statement.id]).get(statement.id, {})


def matrix(statement: Statement, current_hash: str) -> list[MatrixRow]:
    """One row per participating organization, in participant order (lead first);
    `current_hash`: the statement's current bundle hash."""
    latest = latest_decisions(statement)
    rows = []
    for org in statement.organizations:
        found = latest.get(org.id)
        rows.append(MatrixRow(org, found, found is not None and found.bundle_hash == current_hash))
    return rows


def counting_approvals(statement: Statement, bundle_hash: str) -> list[Approval]:
    """The approvals that count for `bundle_hash` (each organization's newest decision)."""
    return [
        a
        for a in latest_decisions(statement).values()
        if a.bundle_hash == bundle_hash and a.decision == Decision.approve
    ]


def at_stake(statement: Statement, current_hash: str) -> list[Organization]:
    """Organizations whose approvals count now (`current_hash`: the current bundle hash):
    any save would dismiss them."""
    counting = {a.organization_id for a in counting_approvals(statement, current_hash)}
    return [org for org in statement.organizations if org.id in counting]


def waiting_for(
    user: User, statements: list[Statement] | None = None, views: dict[int, Overview] | None = None
) -> list[Statement]:
    """Statements under review whose current bundle the user's organization has not
    decided (among `statements`, default the user's; `views` when already loaded)."""
    if not has_permission(user, Permission.approve):
        return []
    if views is None:
        views = overview.overviews(
            statements if statements is not None else queries.statements_for(user)
        )
    result = []
    for view in views.values():
        if view.statement.status != workflow.Status.in_review:
            continue
        row = next((r for r in view.matrix if r.organization.id == user.organization_id), None)
        if row is not None and not row.current:
            result.append(view.statement)
    return result


def changes_requested_in(
    statements: list[Statement], views: dict[int, Overview] | None = None
) -> list[tuple[Statement, Approval]]:
    """For editors: statements whose current bundle an organization asked to change."""
    views = views if views is not None else overview.overviews(statements)
    return [
        (view.statement, row.latest)
        for view in views.values()
        if view.statement.status == workflow.Status.in_review
        for row in view.matrix
        if row.changes_requested and row.latest is not None
    ]
