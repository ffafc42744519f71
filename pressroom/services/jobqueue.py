"""The task queue behind `effects.enqueue` when PRESSROOM_QUEUE_URL names a broker.

Dramatiq (Redis or RabbitMQ broker, docs/production.md says why): one actor,
`pressroom.job`, carries the job's dotted name and its plain-data arguments; a worker
(`flask --app app worker`) imports the same module-level function and runs it with
`effects.run_job`, exactly as the in-process modes do. A job that raises is retried with
exponential backoff (JOBS_MAX_RETRIES, JOBS_MIN_BACKOFF_MS … JOBS_MAX_BACKOFF_MS), so jobs
must be idempotent: running one twice changes nothing the first run did not.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from flask import Flask

log = logging.getLogger("pressroom.jobqueue")

ACTOR = "pressroom.job"
QUEUE = "pressroom"
_EXT = "pressroom.jobqueue"
_lock = threading.Lock()


def make_broker(url: str, namespace: str = "pressroom-jobs") -> dramatiq.Broker:
    if url.startswith(("redis://", "rediss://", "unix://")):
        # dramatiq declares no types for its brokers' constructors.
        return RedisBroker(url=url, namespace=namespace)  # type: ignore[no-untyped-call]
    if url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=url)
    raise ValueError(f"PRESSROOM_QUEUE_URL must be redis://… or amqp://…, not {url!r}")


def actor(app: Flask) -> dramatiq.Actor[..., None]:
    """This app's actor on its broker (one per app and process, made on first use)."""
    with _lock:
        found = app.extensions.get(_EXT)
        if found is None:
            broker = make_broker(
                app.config["QUEUE_URL"], app.config.get("QUEUE_NAMESPACE", "pressroom-jobs")
            )

            def job(name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
                _perform(app, name, args, kwargs)

            found = dramatiq.Actor(
                job,
                broker=broker,
                actor_name=ACTOR,
                queue_name=QUEUE,
                priority=0,
                options={
                    "max_retries": int(app.config["JOBS_MAX_RETRIES"]),
                    "min_backoff": int(app.config["JOBS_MIN_BACKOFF_MS"]),
                    "max_backoff": int(app.config["JOBS_MAX_BACKOFF_MS"]),
                    "time_limit": int(app.config["JOBS_TIME_LIMIT_S"]) * 1000,
                },
            )
            app.extensions[_EXT] = found
        return found


def job_name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}:{fn.__qualname__}"


def resolve(name: str) -> Callable[..., None]:
    module, _, qualname = name.partition(":")
    fn: Callable[..., None] = getattr(importlib.import_module(module), qualname)
    if not callable(fn):
        raise TypeError(f"{name} is not a job")
    return fn


def send(
    app: Flask,
    fn: Callable[..., object],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    delay_ms: int | None = None,
) -> None:
    """Hand a job to the broker (called after the commit); `delay_ms`: not before then."""
    actor(app).send_with_options(args=(job_name(fn), list(args), dict(kwargs)), delay=delay_ms)


def _perform(app: Flask, name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    from pressroom.services import effects

    effects.run_job(app, resolve(name), tuple(args), kwargs, reraise=True)


def worker(app: Flask, threads: int) -> dramatiq.Worker:
    """A started worker consuming this app's queue (stop it with .stop())."""
    found = actor(app)
    w = dramatiq.Worker(found.broker, queues={QUEUE}, worker_threads=threads)
    w.start()
    return w
