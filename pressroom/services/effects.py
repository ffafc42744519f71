"""After-commit effects (interim: the full version lands with the effects branch)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import current_app

from pressroom.db import db

log = logging.getLogger("pressroom.effects")
_KEY = "pressroom.effects"


def _queue() -> list[tuple[bool, Callable[..., None], tuple[Any, ...], dict[str, Any]]]:
    return db.session().info.setdefault(_KEY, [])


def after_commit(fn: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    _queue().append((False, fn, args, kwargs))


def enqueue(fn: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    _queue().append((True, fn, args, kwargs))


def _run(session: sa.orm.Session) -> None:
    queued = session.info.pop(_KEY, [])
    if not queued:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    for is_job, fn, args, kwargs in queued:
        try:
            if is_job:
                with app.app_context():
                    fn(*args, **kwargs)
            else:
                fn(*args, **kwargs)
        except Exception:
            log.exception("after-commit effect %s failed", getattr(fn, "__name__", fn))


def _drop(session: sa.orm.Session) -> None:
    session.info.pop(_KEY, None)


sa.event.listen(sa.orm.Session, "after_commit", _run)
sa.event.listen(sa.orm.Session, "after_soft_rollback", lambda s, _t: _drop(s))
