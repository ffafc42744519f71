"""Side effects after the commit: what leaves the database (mail, cache invalidation,
rendering) is queued on the session during a transaction and runs only once it committed;
a rollback drops it. Requests, CLI commands and jobs all commit through a session, so the
queue hangs on the session (`session.info`) and is driven by SQLAlchemy session events.

`after_commit(fn, ...)`: quick in-memory work, run right after the commit.
`enqueue(fn, ...)`: a background job, run after the commit in a fresh app context with its
own session (config JOBS_MODE: "queue" = sent to the task queue's broker, the default when
PRESSROOM_QUEUE_URL is set (services/jobqueue.py); "inline" = synchronously, the default
under TESTING; "thread" = an in-process thread pool, the default otherwise). A job's
failure is logged (and, on the queue, retried with backoff), never raised into the request
that queued it.
"""

from __future__ import annotations

import contextvars
import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session, SessionTransaction

from pressroom.db import db

log = logging.getLogger("pressroom.effects")

_QUEUE = "pressroom.effects"
_POOL = "pressroom.jobs"
_pool_lock = threading.Lock()


@dataclass
class _Effect:
    fn: Callable[..., object]  # a job's return value is ignored
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    transaction: SessionTransaction  # the innermost transaction it was queued in
    app: Flask | None = None  # set for jobs: where they run
    delay_ms: int | None = None  # a job for later: sent to the broker with this delay


def after_commit(fn: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    """Run fn(*args, **kwargs) once the current session's transaction has committed;
    dropped if it rolls back. For quick in-memory work (cache invalidation); fn must not
    use the database session."""
    _queue(_Effect(fn, args, kwargs, _current_transaction()))


def enqueue(fn: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    """Run fn(*args, **kwargs) as a background job after the commit, in a fresh app
    context with its own database session (the job commits its own work). Arguments are
    plain data (ids, strings, numbers, lists/dicts of those) — never ORM objects. fn is a
    module-level function (the task queue's worker imports it by name: services/jobqueue.py)."""
    _check_importable(fn)
    for value in (*args, *kwargs.values()):
        _check_plain(value)
    # A LocalProxy method that Flask's type of current_app does not show (attr-defined).
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    _queue(_Effect(fn, args, kwargs, _current_transaction(), app=app))


MAX_DELAY_MS = 6 * 24 * 3600 * 1000  # Dramatiq's Redis broker refuses delays of 7 days


def enqueue_later(seconds: float, fn: Callable[..., object], *args: Any) -> None:
    """Run fn(*args) as a job in about `seconds`, when a broker is configured (a delayed
    message, sent after the commit). Without one — or for a delay past MAX_DELAY_MS — it is
    dropped: the caller must have another way to find the work when it is due (the lift
    sweep, services/lifting.py), so this is only a way to be on time."""
    _check_importable(fn)
    for value in args:
        _check_plain(value)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    delay_ms = max(int(seconds * 1000), 0)
    if mode(app) != "queue" or delay_ms > MAX_DELAY_MS:
        return
    _queue(_Effect(fn, args, {}, _current_transaction(), app=app, delay_ms=delay_ms))


# --- the queue on the session -------------------------------------------------------------


def _session() -> Session:
    return db.session()  # the current app context's session (a scoped session's instance)


def _current_transaction() -> SessionTransaction:
    session = _session()
    if session.get_transaction() is None:
        session.begin()  # what it queues belongs to this transaction, kept or rolled back
    transaction = session.get_nested_transaction() or session.get_transaction()
    assert transaction is not None
    return transaction


def _queue(effect: _Effect) -> None:
    _session().info.setdefault(_QUEUE, []).append(effect)


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    """Whether an effect queued in `transaction` belongs to `ended` (itself or inside it)."""
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


@sa.event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    # Called once the session's outermost transaction committed (with the test suite's
    # join_transaction_mode="create_savepoint": when its savepoint was released). No SQL
    # on this session here: jobs get their own context and session.
    if session.get_nested_transaction() is not None:
        return  # a savepoint was released: its effects now wait for the outer commit
    effects = session.info.pop(_QUEUE, [])
    for effect in effects:
        if effect.app is None:
            _call(effect)
        else:
            _dispatch(effect)


@sa.event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    effects = session.info.get(_QUEUE)
    if not effects:
        return
    if not previous_transaction.nested:
        session.info.pop(_QUEUE, None)
        return
    session.info[_QUEUE] = [e for e in effects if not _within(e.transaction, previous_transaction)]


@sa.event.listens_for(Session, "after_transaction_end")
def _drop_unfinished(session: Session, transaction: SessionTransaction) -> None:
    # A session closed without commit or rollback (e.g. removed at the end of a request
    # that raised): what it queued never happened.
    if transaction.parent is None and not transaction.nested:
        session.info.pop(_QUEUE, None)


# --- running ------------------------------------------------------------------------------


def _name(fn: Callable[..., Any]) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


def _call(effect: _Effect) -> None:
    try:
        effect.fn(*effect.args, **effect.kwargs)
    except Exception:
        log.exception("after-commit effect %s failed", _name(effect.fn))


def mode(app: Flask) -> str:
    """Where this app's jobs run: "queue", "inline" or "thread" (config JOBS_MODE)."""
    mode = app.config.get("JOBS_MODE") or (
        "queue"
        if app.config.get("QUEUE_URL")
        else "inline"
        if app.config.get("TESTING")
        else "thread"
    )
    if mode not in ("inline", "thread", "queue"):
        raise ValueError(f"JOBS_MODE must be inline, thread or queue, not {mode!r}")
    return str(mode)


def _dispatch(effect: _Effect) -> None:
    assert effect.app is not None
    where = mode(effect.app)
    if where == "queue":
        from pressroom.services import jobqueue

        try:
            jobqueue.send(
                effect.app, effect.fn, effect.args, effect.kwargs, delay_ms=effect.delay_ms
            )
            return
        except Exception:
            if effect.delay_ms is not None:
                log.exception(
                    "broker unreachable; delayed job %s left to its sweep", _name(effect.fn)
                )
                return
            # The broker is unreachable: the job still runs, here, rather than being lost.
            log.exception("broker unreachable; job %s runs in this process", _name(effect.fn))
            where = "thread"
    if where == "inline":
        # An empty context: the job sees neither the request nor the app context that
        # queued it, exactly as in a worker thread or a separate worker process.
        contextvars.Context().run(run_job, effect.app, effect.fn, effect.args, effect.kwargs)
    else:
        _pool(effect.app).submit(run_job, effect.app, effect.fn, effect.args, effect.kwargs)


def _pool(app: Flask) -> ThreadPoolExecutor:
    # Made on first use, so that each gunicorn worker gets its own after the fork.
    with _pool_lock:
        pool = app.extensions.get(_POOL)
        if pool is None:
            pool = ThreadPoolExecutor(
                max_workers=int(app.config.get("JOBS_THREADS", 4)),
                thread_name_prefix="pressroom-job",
            )
            app.extensions[_POOL] = pool
        return pool


def run_job(
    app: Flask,
    fn: Callable[..., object],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    reraise: bool = False,
) -> None:
    """One job: a fresh app context and session, one commit (which runs the job's own
    effects); a failure is rolled back and logged (and raised again for the task queue,
    `reraise`, which then retries it with backoff)."""
    with app.app_context():
        try:
            fn(*args, **kwargs)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("job %s failed", _name(fn))
            if reraise:
                raise
        finally:
            db.session.remove()


def wait_for_jobs(app: Flask) -> None:
    """Let the thread pool finish what it has (tests, CLI shutdown); a new one is made on
    the next job."""
    with _pool_lock:
        pool = app.extensions.pop(_POOL, None)
    if pool is not None:
        pool.shutdown(wait=True)


# --- checks: jobs must be runnable by the task queue (services/jobqueue.py) ---------------


def _check_importable(fn: Callable[..., Any]) -> None:
    module = importlib.import_module(fn.__module__) if getattr(fn, "__module__", None) else None
    target: Any = module
    for part in getattr(fn, "__qualname__", "<none>").split("."):
        target = getattr(target, part, None)
    if target is not fn or "<locals>" in fn.__qualname__ or "." in fn.__qualname__:
        raise TypeError(f"a job must be a module-level function, not {fn!r}")


_PLAIN = (str, int, float, bool, type(None))


def _check_plain(value: Any) -> None:
    if isinstance(value, _PLAIN):
        return
    if isinstance(value, list | tuple):
        for item in value:
            _check_plain(item)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"job argument keys must be strings, not {key!r}")
            _check_plain(item)
        return
    raise TypeError(
        f"job arguments must be plain data (ids, strings, numbers, lists and "
        f"dicts of those), not {type(value).__name__}"
    )
