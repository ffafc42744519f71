"""The work due when a release becomes public (published now, or its embargo lifts).

Readers never wait for it: a release is readable as soon as the clock passes public_at
(pressroom.releases). What must *happen* at that moment — alert e-mails, and whatever else
is registered in `_effects()` — runs once per release through the job queue:

* `lift(release_id)` is the job. It claims the release with one UPDATE … WHERE lifted_at
  IS NULL AND public_at <= now (and neither cancelled nor withdrawn): of any number of
  nodes, workers and retries exactly one wins; the others change nothing. The winner runs
  the lift effects in the same transaction.
* It is queued after the commit that publishes now (`schedule`), sent with a delay of the
  embargo's length to the broker when there is one (Dramatiq `delay`), and in every case
  found by `sweep()`: a periodic look for due, unlifted releases, run by every worker
  (`flask --app app worker`), by a daemon thread of each web process without a broker
  (`make run`), and by `flask --app app due` (cron). State lives in the database, so a
  restart loses nothing: the next sweep finds what is due.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any, cast

import sqlalchemy as sa
from flask import Flask

from pressroom import clock
from pressroom.db import db
from pressroom.models import Release
from pressroom.services import audit, effects

log = logging.getLogger("pressroom.lifting")

_SWEEPER = "pressroom.lift-sweeper"
_sweeper_lock = threading.Lock()


def _effects() -> list[Callable[[Release], None]]:
    """What runs when a release becomes public, in order, inside the lift's transaction.

    Each takes the release; whatever leaves the database (mail, files, cache purges) it
    queues with effects.enqueue / effects.after_commit, so it runs only once the claim
    committed. Register further lift effects here (e.g. the static published tree)."""
    from pressroom.services import alerts, notifications

    return [alerts.release_became_public, notifications.release_became_public]


def _due(now: dt.datetime) -> list[sa.ColumnElement[bool]]:
    return [
        Release.lifted_at.is_(None),
        Release.public_at <= now,
        Release.cancelled_at.is_(None),
        Release.withdrawn_at.is_(None),
    ]


def lift(release_id: int) -> bool:
    """The job: claim the release and run its lift effects; False (and nothing done) when
    it is not due, already lifted, cancelled, withdrawn or gone."""
    now = clock.now()
    result = db.session.execute(
        sa.update(Release)
        .where(Release.id == release_id, *_due(now))
        .values(lifted_at=now)
        .execution_options(synchronize_session=False)
    )
    # An UPDATE answers with a CursorResult, which counts the rows (Result's type does not).
    claimed = cast("sa.CursorResult[Any]", result).rowcount
    if claimed != 1:
        return False
    release = db.session.get(Release, release_id)
    assert release is not None
    db.session.refresh(release, ["lifted_at"])
    for effect in _effects():
        effect(release)
    audit.record(
        "release.lift",
        obj=release,
        version=release.version,
        public_at=release.public_at.isoformat(),
    )
    return True


def schedule(release: Release) -> None:
    """Called by publishing, in its transaction: lift at once after the commit when the
    release is public now; with a broker, a delayed message at the embargo. (The sweep
    catches anything a lost message would miss.)"""
    now = clock.now()
    if release.public_at <= now:
        effects.enqueue(lift, release.id)
        return
    delay = release.public_at - now
    effects.enqueue_later(delay.total_seconds(), lift, release.id)


def due_release_ids(now: dt.datetime | None = None, limit: int = 100) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(Release.id)
            .where(*_due(now or clock.now()))
            .order_by(Release.public_at, Release.id)
            .limit(limit)
        )
    )


def sweep() -> int:
    """Lift every due release (each in its own transaction: one failure stops no other),
    and send again alerts a dead job left unsent. Returns how many releases it lifted."""
    from pressroom.services import alerts

    lifted = 0
    ids = due_release_ids()
    db.session.rollback()  # end the read: each lift is its own transaction
    for release_id in ids:
        try:
            if lift(release_id):
                lifted += 1
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("lifting release %s failed", release_id)
    try:
        alerts.requeue_stale()
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("re-queuing unsent alerts failed")
    return lifted


def next_due(now: dt.datetime) -> dt.datetime | None:
    return db.session.scalar(
        sa.select(sa.func.min(Release.public_at)).where(
            Release.lifted_at.is_(None),
            Release.public_at > now,
            Release.cancelled_at.is_(None),
            Release.withdrawn_at.is_(None),
        )
    )


# --- the sweeper thread (worker processes; web processes without a broker) ----------------


class Sweeper:
    """A daemon thread that sweeps every LIFT_SWEEP_SECONDS, and wakes for an embargo due
    sooner than that."""

    def __init__(self, app: Flask, interval: float) -> None:
        self.app, self.interval = app, interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="pressroom-lift-sweeper", daemon=True)

    def start(self) -> Sweeper:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=10)

    def _run(self) -> None:
        while not self.stopped.is_set():
            wait = self.interval
            try:
                with self.app.app_context():
                    try:
                        sweep()
                        now = clock.now()
                        upcoming = next_due(now)
                        if upcoming is not None:
                            wait = min(wait, max((upcoming - now).total_seconds(), 0.05))
                    finally:
                        db.session.remove()
            except Exception:
                log.exception("lift sweep failed")
            self.stopped.wait(wait)


def start_sweeper(app: Flask) -> Sweeper | None:
    """Start this process's sweeper once (LIFT_SWEEP_SECONDS <= 0: never)."""
    interval = float(app.config.get("LIFT_SWEEP_SECONDS", 15))
    if interval <= 0:
        return None
    with _sweeper_lock:
        found = app.extensions.get(_SWEEPER)
        if found is None:
            found = app.extensions[_SWEEPER] = Sweeper(app, interval).start()
        return found


def stop_sweeper(app: Flask) -> None:
    with _sweeper_lock:
        found = app.extensions.pop(_SWEEPER, None)
    if found is not None:
        found.stop()


def init_app(app: Flask) -> None:
    """Web processes without a broker sweep in a daemon thread, started by their first
    request (after gunicorn's fork; CLI commands start none). With a broker the workers
    sweep, and web processes do not. LIFT_SWEEPER: "auto" (that; never under TESTING),
    "on", "off"."""

    @app.before_request
    def _start_sweeper() -> None:
        if app.extensions.get(_SWEEPER) is None and _embedded_sweeper(app):
            start_sweeper(app)


def _embedded_sweeper(app: Flask) -> bool:
    setting = str(app.config.get("LIFT_SWEEPER", "auto"))
    if setting == "auto":
        # Tests drive the sweep themselves: a thread of the suite's shared app would use
        # the connection a test holds.
        return effects.mode(app) == "thread" and not app.config.get("TESTING")
    return setting in ("1", "on", "true", "yes")
