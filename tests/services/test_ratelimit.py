"""With REDIS_URL set, every process (gunicorn workers, nodes) counts the same attempts."""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from flask import Flask

from pressroom.services import ratelimit

REDIS_URL = os.environ.get("PRESSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _process(name: str) -> Flask:
    app = Flask(name)
    app.config.update(REDIS_URL=REDIS_URL, LOGIN_LIMIT_PER_ADDRESS="3 per minute")
    ratelimit.init_app(app)
    return app


def test_two_processes_share_the_counters_through_redis():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as exc:
        pytest.fail(f"Redis is needed at {REDIS_URL} (.ci/run starts it): {exc}", pytrace=False)
    one, two = _process("one"), _process("two")
    checks = [("LOGIN_LIMIT_PER_ADDRESS", f"test-{uuid.uuid4().hex}")]
    with one.app_context():
        ratelimit.hit(checks)
        ratelimit.hit(checks)
    with two.app_context():
        assert ratelimit.retry_after(checks) == 0
        ratelimit.hit(checks)
        assert ratelimit.retry_after(checks) > 0
    with one.app_context():
        assert ratelimit.retry_after(checks) > 0


def test_memory_storage_without_redis():
    app = Flask("embedded")
    ratelimit.init_app(app)
    with app.app_context():
        assert type(ratelimit.storage()).__name__ == "MemoryStorage"
