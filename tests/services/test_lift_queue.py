"""With a broker (Dramatiq on Redis) a job for later is a delayed message that a worker
runs when it is due: how an embargo's lift job is on time without waiting for a sweep."""

from __future__ import annotations

from pressroom.db import db
from pressroom.services import effects, jobqueue
from tests.services import test_jobqueue
from tests.services.test_jobqueue import _wait, job_remember, queue_app  # noqa: F401


def test_a_delayed_job_runs_on_the_worker(queue_app):  # noqa: F811
    with queue_app.app_context():
        effects.enqueue_later(0.3, job_remember, "later")
        effects.enqueue_later(0.3, job_remember, "rolled back")
        db.session.rollback()
        effects.enqueue_later(0.3, job_remember, "later, committed")
        db.session.commit()
    worker = jobqueue.worker(queue_app, threads=1)
    try:
        assert _wait(lambda: test_jobqueue.ran == ["later, committed"])
    finally:
        worker.stop()
