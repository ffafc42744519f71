"""Rate limits on password checks with the `limits` library: per client address and over
the whole site. Counters live in Redis when REDIS_URL is set (shared by every process and
node), else in this process's memory (the embedded default)."""

from __future__ import annotations

import math
import time

from flask import Flask, current_app
from limits import parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

_KEY = "pressroom.ratelimit"


def init_app(app: Flask) -> None:
    uri = app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"
    storage = (
        storage_from_string(uri, key_prefix="pressroom")
        if uri.startswith(("redis://", "rediss://"))
        else storage_from_string(uri)
    )
    app.extensions[_KEY] = (storage, MovingWindowRateLimiter(storage))


def _limiter() -> MovingWindowRateLimiter:
    limiter: MovingWindowRateLimiter = current_app.extensions[_KEY][1]
    return limiter


def storage() -> Storage:
    found: Storage = current_app.extensions[_KEY][0]
    return found


def retry_after(checks: list[tuple[str, str]]) -> int:
    """Seconds until every (config key of a limit, identifier) allows one more hit; 0 now."""
    limiter, wait = _limiter(), 0
    for setting, ident in checks:
        item = parse(current_app.config[setting])
        if not limiter.test(item, setting, ident):
            reset = limiter.get_window_stats(item, setting, ident).reset_time
            wait = max(wait, math.ceil(reset - time.time()), 1)
    return wait


def hit(checks: list[tuple[str, str]]) -> None:
    limiter = _limiter()
    for setting, ident in checks:
        limiter.hit(parse(current_app.config[setting]), setting, ident)
