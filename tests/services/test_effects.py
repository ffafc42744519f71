"""The after-commit queue: effects run once the transaction committed and never for one
that rolled back; jobs run in their own context and session and see committed data; a
failing job is logged, not raised."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from flask import has_request_context

from pressroom.db import db
from pressroom.models import Organization
from pressroom.services import effects, organizations

calls: list[object] = []


@pytest.fixture(autouse=True)
def _clear_calls():
    calls.clear()
    yield
    calls.clear()


def remember(value: object) -> None:
    calls.append(value)


def job_reading_organization(org_id: int) -> None:
    org = db.session.get(Organization, org_id)
    calls.append((org.slug if org else None, has_request_context()))


def job_creating_organization(slug: str) -> None:
    organizations.create_organization(slug=slug, name=slug.upper())


def job_failing(reason: str) -> None:
    raise RuntimeError(reason)


def job_queueing_more(value: str) -> None:
    effects.after_commit(remember, f"after the job's commit: {value}")
    effects.enqueue(remember, f"job queued by a job: {value}")
    calls.append(f"job ran: {value}")


def test_after_commit_runs_once_the_transaction_committed(app):
    effects.after_commit(remember, "saved")
    db.session.flush()
    assert calls == []
    db.session.commit()
    assert calls == ["saved"]
    db.session.commit()  # a later commit does not run it again
    assert calls == ["saved"]


def test_rollback_drops_what_was_queued(app):
    effects.after_commit(remember, "dropped")
    effects.enqueue(remember, "dropped job")
    db.session.rollback()
    db.session.commit()
    assert calls == []


def test_a_rolled_back_savepoint_drops_only_its_own_effects(app):
    effects.after_commit(remember, "outer")
    savepoint = db.session.begin_nested()
    effects.after_commit(remember, "inner, rolled back")
    savepoint.rollback()
    with db.session.begin_nested():
        effects.after_commit(remember, "inner, released")
    assert calls == []  # releasing a savepoint is not the commit
    db.session.commit()
    assert calls == ["outer", "inner, released"]


def test_inline_jobs_run_after_the_commit_in_their_own_context_and_see_committed_data(app):
    org = organizations.create_organization(slug="jobs-see-this", name="Jobs")
    effects.enqueue(job_reading_organization, org.id)
    effects.enqueue(job_creating_organization, "made-by-a-job")
    assert calls == []
    db.session.commit()
    # no request context in the job, even though the test holds one open
    assert calls == [("jobs-see-this", False)]
    # the job's own commit is visible afterwards
    made = db.session.scalar(sa.select(Organization).where(Organization.slug == "made-by-a-job"))
    assert made is not None and made.name() == "MADE-BY-A-JOB"


def test_a_failing_job_is_logged_with_its_traceback_not_raised(app, caplog):
    effects.enqueue(job_failing, "mail server on fire")
    effects.after_commit(remember, "still runs")
    with caplog.at_level(logging.ERROR, logger="pressroom.effects"):
        db.session.commit()
    assert calls == ["still runs"]
    failed = [r for r in caplog.records if "job_failing" in r.getMessage()]
    assert failed and failed[0].exc_info is not None
    assert "mail server on fire" in str(failed[0].exc_info[1])


def test_a_failing_after_commit_effect_is_logged_not_raised(app, caplog):
    effects.after_commit(job_failing, "cache gone")
    effects.after_commit(remember, "next one runs")
    with caplog.at_level(logging.ERROR, logger="pressroom.effects"):
        db.session.commit()
    assert calls == ["next one runs"]
    assert any(r.exc_info and "cache gone" in str(r.exc_info[1]) for r in caplog.records)


def test_jobs_may_queue_effects_of_their_own(app):
    effects.enqueue(job_queueing_more, "x")
    db.session.commit()
    assert calls == ["job ran: x", "after the job's commit: x", "job queued by a job: x"]


def test_job_arguments_are_plain_data_and_jobs_module_level_functions(app, mission):
    with pytest.raises(TypeError, match="plain data"):
        effects.enqueue(remember, mission["po_odihr"])
    with pytest.raises(TypeError, match="plain data"):
        effects.enqueue(remember, {"user": mission["po_odihr"]})
    with pytest.raises(TypeError, match="module-level"):
        effects.enqueue(lambda: None)

    def local() -> None:
        pass

    with pytest.raises(TypeError, match="module-level"):
        effects.enqueue(local)
    effects.enqueue(remember, {"ids": [1, 2], "name": "x", "ok": True, "none": None})
    db.session.commit()
    assert calls == [{"ids": [1, 2], "name": "x", "ok": True, "none": None}]


def test_a_request_that_fails_runs_nothing_it_queued(
    app, client, monkeypatch, mission, dummy_statement, auth
):
    db.session.commit()
    from pressroom.services import approvals

    def submit_then_fail(statement, actor):  # type: ignore[no-untyped-def]
        effects.after_commit(remember, "should not run")
        raise RuntimeError("boom after queueing")

    monkeypatch.setattr(approvals, "submit", submit_then_fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        auth.login(mission["po_odihr"])
        response = client.post(f"/statements/{dummy_statement.id}/submit")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert calls == []
