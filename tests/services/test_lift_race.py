"""Several processes lift the same release at the same moment (two web nodes' sweepers, a
worker, a delayed message): one claim wins, the lift effects run once. On SQLite and on
real PostgreSQL, each contender in its own thread, session and transaction."""

from __future__ import annotations

import datetime as dt
import threading

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import AuditEvent, Release, Role
from pressroom.services import accounts, lifting, organizations, statements
from tests.conftest import PASSWORD, statement_data
from tests.services.test_approval_race_pg import _in_context

CONTENDERS = 6
JOIN_TIMEOUT = 30.0


def _release(app, public_in: float = -1.0) -> int:  # type: ignore[no-untyped-def]
    def work() -> int:
        org = organizations.create_organization(slug="odihr", name="ODIHR")
        user = accounts.create_user(
            email="po@odihr.example.org",
            display_name="PO",
            password=PASSWORD,
            role=Role.press_officer,
            organization=org,
        )
        statement = statements.create_statement(
            user,
            statement_data(organizations=["odihr"], quotes=[], contacts=[]),
            target_languages=[],
        )
        release = Release(
            statement_id=statement.id,
            version=1,
            revision_id=statement.current_revision.id,
            source_hash="0" * 64,
            published_by_id=user.id,
            public_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=public_in),
        )
        db.session.add(release)
        db.session.flush()
        return release.id

    return _in_context(app, work)


def test_one_of_many_simultaneous_lifts_wins(real_app, monkeypatch):
    app = real_app
    release_id = _release(app)
    ran: list[int] = []
    monkeypatch.setattr(lifting, "_effects", lambda: [lambda release: ran.append(release.id)])
    start = threading.Barrier(CONTENDERS)
    results: list[bool] = []
    errors: list[BaseException] = []

    def contend() -> None:
        try:
            start.wait(timeout=JOIN_TIMEOUT)
            results.append(_in_context(app, lambda: lifting.lift(release_id)))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=contend) for _ in range(CONTENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not errors, errors
    assert sorted(results) == [False] * (CONTENDERS - 1) + [True]
    assert ran == [release_id]

    def lifts() -> int:
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "release.lift")
        )

    assert _in_context(app, lifts) == 1
    assert _in_context(app, lambda: db.session.get(Release, release_id).lifted_at) is not None


def test_make_run_lifts_by_itself(tmp_path, monkeypatch):
    """The embedded default (no broker, jobs in the web process's threads): the first
    request starts the sweeper thread, which lifts the release when its embargo passes."""
    import time

    from tests.conftest import make_app, migrate

    app = make_app(f"sqlite:///{tmp_path / 'run.db'}", tmp_path, {})
    # As `make run` configures it (not TESTING: the auto setting is off in tests).
    app.config.update(JOBS_MODE="thread", LIFT_SWEEP_SECONDS=300, TESTING=False)
    migrate(app)
    ran: list[int] = []
    monkeypatch.setattr(lifting, "_effects", lambda: [lambda release: ran.append(release.id)])
    release_id = _release(app, public_in=0.5)
    try:
        assert app.test_client().get("/robots.txt").status_code == 200
        deadline = time.monotonic() + JOIN_TIMEOUT
        while not ran and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ran == [release_id]  # woken by the embargo, not by the 300 s interval
    finally:
        lifting.stop_sweeper(app)
        with app.app_context():
            db.engine.dispose()
