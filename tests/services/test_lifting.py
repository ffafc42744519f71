"""The embargo-lift job (issue #13 point 1): the work due when a release becomes public runs
once per release, through the job queue, whoever asks how often; cancelled and withdrawn
releases never fire."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import AuditEvent, Release
from pressroom.services import effects, lifting, publishing
from tests.services.test_publishing import approve_all

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(app):  # type: ignore[no-untyped-def]
    """The app's clock, moved by the test: clock.set(moment)."""

    class Clock:
        moment = T0

        def set(self, moment: dt.datetime) -> None:
            self.moment = moment

    state = Clock()
    app.config["CLOCK"] = lambda: state.moment
    yield state
    app.config.pop("CLOCK", None)


@pytest.fixture
def fired(monkeypatch):  # type: ignore[no-untyped-def]
    """The lift effects, replaced by a recorder: the ids of the releases lifted."""
    seen: list[int] = []
    monkeypatch.setattr(lifting, "_effects", lambda: [lambda release: seen.append(release.id)])
    return seen


@pytest.fixture
def approved(mission, create_statement):  # type: ignore[no-untyped-def]
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    return statement


def _lifts(release_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "release.lift", AuditEvent.object_id == str(release_id))
    )


def test_publishing_now_lifts_once_after_the_commit(mission, approved, clock, fired):
    release = publishing.publish(approved, mission["po_odihr"])
    db.session.flush()
    assert fired == [] and release.lifted_at is None  # nothing before the commit
    db.session.commit()
    assert fired == [release.id]
    db.session.refresh(release)
    assert release.lifted_at == T0 and _lifts(release.id) == 1
    assert lifting.lift(release.id) is False  # a retry, another node, the sweep: nothing
    assert lifting.sweep() == 0
    assert fired == [release.id] and _lifts(release.id) == 1


def test_an_embargo_lifts_by_the_sweep_exactly_once(mission, approved, clock, fired):
    embargo = T0 + dt.timedelta(hours=2)
    release = publishing.publish(approved, mission["po_odihr"], embargo_until=embargo)
    db.session.commit()
    assert fired == []
    clock.set(embargo - dt.timedelta(seconds=1))
    assert lifting.sweep() == 0 and lifting.lift(release.id) is False and fired == []
    assert lifting.next_due(clock.moment) == embargo
    clock.set(embargo)
    assert lifting.due_release_ids() == [release.id]
    assert lifting.sweep() == 1
    assert lifting.sweep() == 0 and lifting.lift(release.id) is False
    assert fired == [release.id] and _lifts(release.id) == 1
    assert db.session.get(Release, release.id).lifted_at == embargo


def test_withdrawn_and_cancelled_releases_never_fire(
    mission, approved, create_statement, clock, fired
):
    embargo = T0 + dt.timedelta(hours=1)
    withdrawn = publishing.publish(approved, mission["po_odihr"], embargo_until=embargo)
    publishing.withdraw(approved, mission["head_odihr"], "Published by mistake.")
    other = create_statement(targets=[], title="Another release")
    approve_all(other, mission)
    cancelled = publishing.publish(other, mission["po_odihr"], embargo_until=embargo)
    cancelled_id = cancelled.id
    db.session.commit()
    publishing.cancel_schedule(other, mission["po_odihr"])
    db.session.commit()
    clock.set(embargo + dt.timedelta(minutes=5))
    assert lifting.sweep() == 0
    assert lifting.lift(withdrawn.id) is False and lifting.lift(cancelled_id) is False
    assert fired == []


def test_a_failing_lift_effect_rolls_the_claim_back(mission, approved, clock, monkeypatch):
    def broken(release: Release) -> None:
        raise RuntimeError("the effect fails")

    monkeypatch.setattr(lifting, "_effects", lambda: [broken])
    embargo = T0 + dt.timedelta(minutes=1)
    release = publishing.publish(approved, mission["po_odihr"], embargo_until=embargo)
    db.session.commit()
    clock.set(embargo)
    assert lifting.sweep() == 0  # logged, not raised
    assert lifting.due_release_ids() == [release.id]  # still due: the next sweep tries again
    fired: list[int] = []
    monkeypatch.setattr(lifting, "_effects", lambda: [lambda r: fired.append(r.id)])
    assert lifting.sweep() == 1 and fired == [release.id]


def test_with_a_broker_an_embargo_is_also_a_delayed_message(
    app, mission, approved, clock, monkeypatch
):
    from pressroom.services import jobqueue

    sent: list[tuple[str, tuple, int | None]] = []
    monkeypatch.setattr(
        jobqueue,
        "send",
        lambda _app, fn, args, kwargs, delay_ms=None: sent.append((fn.__name__, args, delay_ms)),
    )
    monkeypatch.setitem(app.config, "JOBS_MODE", "queue")
    embargo = T0 + dt.timedelta(hours=3)
    release = publishing.publish(approved, mission["po_odihr"], embargo_until=embargo)
    db.session.commit()
    assert ("lift", (release.id,), 3 * 3600 * 1000) in sent


ran: list[int] = []


def job_remember(value: int) -> None:
    ran.append(value)


def test_without_a_broker_a_delayed_job_is_left_to_the_sweep(app, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_MODE", "inline")
    ran.clear()
    effects.enqueue_later(0, job_remember, 1)
    effects.enqueue(job_remember, 2)
    db.session.commit()
    assert ran == [2]


def test_the_sweeper_thread_sweeps_until_stopped_and_wakes_for_an_embargo(app, monkeypatch):
    import threading

    rounds = threading.Semaphore(0)
    monkeypatch.setattr(lifting, "sweep", lambda: rounds.release())
    # An embargo due in 50 ms: the thread sleeps that long, not its 60 s interval.
    monkeypatch.setattr(lifting, "next_due", lambda now: now + dt.timedelta(milliseconds=50))
    monkeypatch.setitem(app.config, "LIFT_SWEEP_SECONDS", 60)
    sweeper = lifting.start_sweeper(app)
    try:
        assert lifting.start_sweeper(app) is sweeper  # one per process
        assert all(rounds.acquire(timeout=10) for _ in range(3))
    finally:
        lifting.stop_sweeper(app)
    assert not sweeper.thread.is_alive()


def test_web_processes_sweep_only_without_a_broker(app, monkeypatch):
    monkeypatch.setitem(app.config, "TESTING", False)
    for mode, setting, expected in (
        ("thread", "auto", True),
        ("queue", "auto", False),
        ("inline", "auto", False),
        ("inline", "on", True),
        ("thread", "off", False),
    ):
        monkeypatch.setitem(app.config, "JOBS_MODE", mode)
        monkeypatch.setitem(app.config, "LIFT_SWEEPER", setting)
        assert lifting._embedded_sweeper(app) is expected, (mode, setting)
    monkeypatch.setitem(app.config, "TESTING", True)
    monkeypatch.setitem(app.config, "JOBS_MODE", "thread")
    monkeypatch.setitem(app.config, "LIFT_SWEEPER", "auto")
    assert lifting._embedded_sweeper(app) is False  # tests drive the sweep themselves


def test_flask_due_lifts_what_is_due(runner, mission, approved, clock, fired):
    embargo = T0 + dt.timedelta(minutes=30)
    release = publishing.publish(approved, mission["po_odihr"], embargo_until=embargo)
    db.session.commit()
    result = runner.invoke(args=["due"])
    assert result.exit_code == 0 and "0 release(s) lifted." in result.output
    clock.set(embargo)
    result = runner.invoke(args=["due"])
    assert result.exit_code == 0, result.output
    assert "1 release(s) lifted." in result.output and fired == [release.id]
