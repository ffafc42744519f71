"""The task queue behind effects.enqueue (PRESSROOM_QUEUE_URL): a job is sent to the broker
only after the commit, never for a rollback; a worker runs the same module-level function;
a failing job is retried with backoff until it succeeds."""

from __future__ import annotations

import os
import threading
import time
import uuid
from pathlib import Path

import pytest
import redis
from flask import Flask

from pressroom import create_app
from pressroom.db import db
from pressroom.services import effects, jobqueue

REDIS_URL = os.environ.get("PRESSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

ran: list[str] = []
attempts: dict[str, int] = {}
_lock = threading.Lock()


def job_remember(value: str) -> None:
    with _lock:
        ran.append(value)


def job_failing_twice(key: str) -> None:
    with _lock:
        attempts[key] = attempts.get(key, 0) + 1
        if attempts[key] < 3:
            raise RuntimeError(f"broker test: attempt {attempts[key]} fails")
        ran.append(key)


@pytest.fixture
def queue_app(tmp_path: Path) -> Flask:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as exc:
        pytest.fail(f"Redis is needed at {REDIS_URL} (.ci/run starts it): {exc}", pytrace=False)
    ran.clear()
    attempts.clear()
    namespace = f"pressroom-test-{uuid.uuid4().hex[:10]}"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'q.db'}",
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test",
            "QUEUE_URL": REDIS_URL,
            "QUEUE_NAMESPACE": namespace,
            "JOBS_MIN_BACKOFF_MS": 50,
            "JOBS_MAX_BACKOFF_MS": 200,
        }
    )
    yield app
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{namespace}*"):
        client.delete(key)


def _wait(condition, seconds: float = 20) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_jobs_go_to_the_broker_after_the_commit_and_a_worker_runs_them(queue_app):
    with queue_app.app_context():
        effects.enqueue(job_remember, "committed")
        db.session.commit()
        effects.enqueue(job_remember, "rolled back")
        db.session.rollback()
    time.sleep(0.2)
    assert ran == []  # in the broker, not run in this request's process
    worker = jobqueue.worker(queue_app, threads=2)
    try:
        assert _wait(lambda: ran == ["committed"])
        time.sleep(0.3)
        assert ran == ["committed"]  # the rolled-back one was never sent
    finally:
        worker.stop()


def test_a_failing_job_is_retried_with_backoff_until_it_succeeds(queue_app):
    with queue_app.app_context():
        effects.enqueue(job_failing_twice, "flaky")
        db.session.commit()
    worker = jobqueue.worker(queue_app, threads=1)
    try:
        assert _wait(lambda: ran == ["flaky"])
        assert attempts["flaky"] == 3
    finally:
        worker.stop()


def test_without_a_queue_url_jobs_run_in_process(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'i.db'}",
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test",
            "QUEUE_URL": "",
        }
    )
    ran.clear()
    with app.app_context():
        effects.enqueue(job_remember, "inline")
        db.session.commit()
    assert ran == ["inline"]


def test_render_processes_are_configuration(tmp_path):
    from pressroom.rendering import workers

    create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'r.db'}",
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test",
            "RENDER_PROCESSES": 3,
        }
    )
    assert workers.Pool(workers._size).size == 3
    workers.configure(workers.POOL_SIZE)


def test_an_unreachable_broker_does_not_lose_the_job(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'u.db'}",
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test",
            "QUEUE_URL": "redis://127.0.0.1:1/0",
        }
    )
    ran.clear()
    with app.app_context():
        effects.enqueue(job_remember, "still runs")
        db.session.commit()
    effects.wait_for_jobs(app)
    assert ran == ["still runs"]


def test_the_worker_command_needs_a_queue(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'w.db'}",
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test",
            "QUEUE_URL": "",
        }
    )
    result = app.test_cli_runner().invoke(args=["worker"])
    assert result.exit_code != 0 and "PRESSROOM_QUEUE_URL is not set" in result.output
