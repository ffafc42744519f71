"""On real PostgreSQL: a save racing an approval never leaves an approval counted for a text
the head did not see, and never leaves the statement "approved" with a text not everyone
approved. Each side runs in its own thread, app context, session and transaction."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask

from pressroom.db import db
from pressroom.domain.errors import StaleRevision
from pressroom.domain.workflow import Status
from pressroom.models import Approval, Decision, Revision, Role, Statement, User
from pressroom.queries import approvals as approval_queries
from pressroom.services import accounts, approvals, bundles, organizations, statements
from tests.conftest import PASSWORD, statement_data

ROUNDS = 20
JOIN_TIMEOUT = 30.0  # seconds per thread and round; a deadlock fails instead of hanging


def _in_context(app: Flask, work: Callable[[], Any]) -> Any:
    """Run `work` as a request would: its own context and session, one commit."""
    with app.test_request_context():
        try:
            result = work()
            db.session.commit()
            return result
        except BaseException:
            db.session.rollback()
            raise
        finally:
            db.session.remove()


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _setup(app: Flask) -> int:
    def work() -> int:
        for slug in ("odihr", "osce-pa", "pace"):
            org = organizations.create_organization(slug=slug, name=slug.upper())
            for role in (Role.press_officer, Role.head_of_delegation):
                accounts.create_user(
                    email=f"{role.value}@{slug}.example.org",
                    display_name=f"{role.value} {slug}",
                    password=PASSWORD,
                    role=role,
                    organization=org,
                )
        statement = statements.create_statement(
            _user("press_officer@pace.example.org"), statement_data(), target_languages=[]
        )
        approvals.submit(statement, _user("press_officer@pace.example.org"))
        return statement.id

    return _in_context(app, work)


def _race(app: Flask, statement_id: int, round_no: int) -> dict[str, Any]:
    """The other two heads approve the current text; then the ODIHR head approves the
    revision they read while a press officer saves an edit."""

    def prepare() -> tuple[int, str]:
        statement = db.session.get(Statement, statement_id)
        number = statement.current_revision.number
        for slug in ("osce-pa", "pace"):
            approvals.decide(
                statement, _user(f"head_of_delegation@{slug}.example.org"), Decision.approve, number
            )
        return number, statement.current_revision.content_hash

    seen_number, seen_hash = _in_context(app, prepare)
    start = threading.Barrier(2, timeout=JOIN_TIMEOUT)
    outcome: dict[str, Any] = {"seen": seen_number, "seen_hash": seen_hash}

    def approve() -> None:
        def work() -> None:
            statement = db.session.get(Statement, statement_id)
            head = _user("head_of_delegation@odihr.example.org")
            number = statement.current_revision.number  # what the head has on screen
            start.wait()
            try:
                outcome["approval_id"] = approvals.decide(
                    statement, head, Decision.approve, number
                ).id
            except StaleRevision:
                outcome["stale"] = True

        try:
            _in_context(app, work)
        except BaseException as exc:
            outcome["approve_error"] = exc

    def edit() -> None:
        def work() -> None:
            statement = db.session.get(Statement, statement_id)
            officer = _user("press_officer@osce-pa.example.org")
            base = statement.current_revision.number
            start.wait()
            if random.random() < 0.5:
                threading.Event().wait(random.uniform(0, 0.01))
            result = statements.save(
                statement, officer, base, {"title": f"Kazakh elections, round {round_no}"}
            )
            outcome["edit_number"] = result.revision.number if result.revision else None

        try:
            _in_context(app, work)
        except BaseException as exc:
            outcome["edit_error"] = exc

    threads = [
        threading.Thread(target=approve, daemon=True),
        threading.Thread(target=edit, daemon=True),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(t.is_alive() for t in threads), f"round {round_no}: threads hang"
    assert "approve_error" not in outcome, outcome["approve_error"]
    assert "edit_error" not in outcome, outcome["edit_error"]
    return outcome


def _check(app: Flask, statement_id: int, outcome: dict[str, Any]) -> str:
    def work() -> str:
        statement = db.session.get(Statement, statement_id)
        current = statement.current_revision
        assert outcome["edit_number"] == outcome["seen"] + 1 == current.number
        # Every approval ever given is bound to the revision and hash it was given for.
        for approval in db.session.scalars(sa.select(Approval)):
            assert approval.content_hash == approval.revision.content_hash
        # Nothing counts for a text the head did not see.
        for row in approval_queries.matrix(statement, bundles.current_hash(statement)):
            if row.approved:
                assert row.latest.content_hash == current.content_hash
                assert row.organization.slug != "odihr" or (
                    current.number == outcome["seen"]
                    and current.content_hash == outcome["seen_hash"]
                ), "the ODIHR head's approval counts for a revision they never saw"
        odihr = next(
            r
            for r in approval_queries.matrix(statement, bundles.current_hash(statement))
            if r.organization.slug == "odihr"
        )
        assert not odihr.approved
        # The status agrees with the approvals of the current text.
        assert statement.status == Status.in_review
        assert not approvals.everyone_approved(statement)
        if outcome.get("stale"):
            assert "approval_id" not in outcome
            return "edit first"
        approval = db.session.get(Approval, outcome["approval_id"])
        assert approval.content_hash == outcome["seen_hash"]
        assert approval.revision.number == outcome["seen"]
        assert approval.content_hash != current.content_hash  # dismissed by the edit
        return "approval first"

    return _in_context(app, work)


def test_an_edit_racing_an_approval_never_counts_an_unseen_text(pg_app):
    statement_id = _setup(pg_app)
    orders = [
        _check(pg_app, statement_id, _race(pg_app, statement_id, n)) for n in range(1, ROUNDS + 1)
    ]
    assert len(orders) == ROUNDS

    def final() -> None:
        statement = db.session.get(Statement, statement_id)
        assert statement.current_revision.number == ROUNDS + 1
        assert db.session.scalar(sa.select(sa.func.count(Revision.id))) == ROUNDS + 1
        # After the last edit, a fresh approval by all three completes it.
        for slug in ("odihr", "osce-pa", "pace"):
            approvals.decide(
                statement,
                _user(f"head_of_delegation@{slug}.example.org"),
                Decision.approve,
                ROUNDS + 1,
            )
        assert statement.status == Status.approved

    _in_context(pg_app, final)
    print(
        f"race orders over {ROUNDS} rounds:", {order: orders.count(order) for order in set(orders)}
    )
