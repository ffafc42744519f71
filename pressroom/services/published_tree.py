"""The published tree: a directory on the nginx host holding every public PDF under its
content address (`<tree>/files/<sha256>.pdf`), so that nginx serves `/files/<sha256>.pdf`
as a static file and asks an app node only for what the tree does not hold
(docs/production.md, "Several nodes").

One process of ours keeps it (`flask --app app published-tree run`, on the nginx host, with
PRESSROOM_PUBLISHED_TREE): a full reconcile at start and every
PRESSROOM_PUBLISHED_TREE_RECONCILE_SECONDS, a reconcile at the moment the next embargo
lifts, and, between those, the statement named by each announcement that app nodes and
workers publish on Redis after committing a publication, a withdrawal or a cancelled
schedule (`changed(statement_id)`; `announce(statement_id)` outside a transaction, e.g.
from a job run when an embargo lifts). An announcement lost (Redis down, the process
restarting) is made up by the next reconcile, which is the bound without Redis.

Every step is idempotent: a file is written once (temporary name, fsync, verified against
its name, rename, fsync of the directory) and never modified; a file is removed as soon as
it is no longer served (withdrawn, cancelled). Nothing under embargo is ever written: what
is wanted is computed from the database at the moment of the sync
(`releases.served_pdf_hashes`). A lock file serializes writers (`run` and a `sync` from
cron may share a tree)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from pressroom import clock
from pressroom.db import db
from pressroom.queries import releases
from pressroom.services import effects, storage

log = logging.getLogger("pressroom.published_tree")

FILES = "files"  # nginx: root <tree>; location /files/<sha256>.pdf -> <tree>/files/…
_NAME = re.compile(r"^[0-9a-f]{64}\.pdf$")
_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


class TreeError(RuntimeError):
    pass


@dataclass
class Result:
    added: int = 0
    removed: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.removed} removed, {self.failed} failed"


# --- announcing changes (app nodes, workers) ------------------------------------------------


def channel(prefix: str | None = None) -> str:
    return f"{prefix or current_app.config.get('REDIS_PREFIX', 'pressroom')}:published-tree"


def changed(statement_id: int) -> None:
    """After this transaction commits, tell the tree keepers that what `statement_id`
    serves may have changed (publication, withdrawal, cancelled schedule)."""
    url = current_app.config.get("REDIS_URL")
    if url:
        effects.after_commit(_publish, url, channel(), str(statement_id))


def announce(statement_id: int | None = None) -> None:
    """The same at once (outside a transaction; None asks for a full reconcile)."""
    url = current_app.config.get("REDIS_URL")
    if url:
        _publish(url, channel(), "*" if statement_id is None else str(statement_id))


def _publish(url: str, name: str, message: str) -> None:
    try:
        _client(url).publish(name, message)
    except Exception:
        log.exception("could not announce a published-tree change on Redis")


def _client(url: str) -> Any:
    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            import redis

            # The health check pings an idle subscription, so that a dropped connection is
            # noticed (and the keeper resubscribes and reconciles) rather than waited on.
            client = _clients[url] = redis.Redis.from_url(
                url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=15
            )
        return client


# --- the tree ------------------------------------------------------------------------------


def directory() -> Path:
    value = current_app.config.get("PUBLISHED_TREE")
    if not value:
        raise TreeError("PRESSROOM_PUBLISHED_TREE is not set: which directory is the tree?")
    path = Path(value)
    (path / FILES).mkdir(parents=True, exist_ok=True)
    return path


def file_path(tree: Path, sha256: str) -> Path:
    return tree / FILES / f"{sha256}.pdf"


@contextlib.contextmanager
def _locked(tree: Path) -> Iterator[None]:
    with open(tree / ".lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def reconcile() -> Result:
    """Make the whole tree what the database says is served now: remove what is not
    (withdrawn, cancelled, stray or half-written files), then add what is missing."""
    tree = directory()
    with _locked(tree):
        try:
            wanted = releases.served_pdf_hashes()
        finally:
            db.session.rollback()  # no transaction stays open while files are written
        present, strays = set(), []
        for entry in os.scandir(tree / FILES):
            if _NAME.match(entry.name):
                present.add(entry.name[:-4])
            else:
                strays.append(entry.name)  # temporary files of a writer that died
        result = Result()
        for name in strays:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tree / FILES / name)
        _apply(tree, present - wanted, wanted - present, result)
        return result


def sync_statement(statement_id: int) -> Result:
    """The tree's files of one statement's releases, made what the database says now."""
    tree = directory()
    with _locked(tree):
        try:
            candidates = releases.pdf_hashes_of_statement(statement_id)
            wanted = releases.served_pdf_hashes(candidates)
        finally:
            db.session.rollback()
        present = {sha for sha in candidates if file_path(tree, sha).exists()}
        result = Result()
        _apply(tree, present - wanted, wanted - present, result)
        return result


def _apply(tree: Path, remove: set[str], add: set[str], result: Result) -> None:
    for sha in sorted(remove):  # withdrawals first: they are the urgent part
        with contextlib.suppress(FileNotFoundError):
            os.unlink(file_path(tree, sha))
            result.removed += 1
    if remove:
        _fsync_directory(tree / FILES)
    for sha in sorted(add):
        try:
            _write(tree, sha)
            result.added += 1
        except Exception:
            log.exception("could not write %s.pdf into the published tree", sha)
            result.failed += 1
        finally:
            db.session.rollback()
    if add:
        _fsync_directory(tree / FILES)


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(tree: Path, sha256: str) -> None:
    target = file_path(tree, sha256)
    if target.exists():
        return
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as fh:
            for chunk in storage.chunks(sha256, "pdf"):
                digest.update(chunk)
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if digest.hexdigest() != sha256:
            raise TreeError(f"the stored {sha256}.pdf does not match its name")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)  # nginx sees no file or the whole file
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


# --- the keeper process ---------------------------------------------------------------------


def run(stop: threading.Event, reconcile_seconds: float) -> None:
    """Keep the tree until `stop` is set (`flask --app app published-tree run`)."""
    url = current_app.config.get("REDIS_URL")
    name = channel()
    subscription: Any = None
    full_due = 0.0  # monotonic time of the next full reconcile
    lift_due: float | None = None  # … and of the next embargo lift
    while not stop.is_set():
        if url and subscription is None:
            subscription = _subscribe(url, name)
            if subscription is not None:
                full_due = 0.0  # messages may have been missed while not subscribed
        now = time.monotonic()
        if now >= full_due or (lift_due is not None and now >= lift_due):
            _logged("reconcile", reconcile)
            full_due = time.monotonic() + reconcile_seconds
            lift_due = _next_lift()
        wake = min(full_due, lift_due if lift_due is not None else full_due)
        wait = max(0.0, min(1.0, wake - time.monotonic()))
        if subscription is None:
            stop.wait(wait)
            continue
        try:
            message = subscription.get_message(ignore_subscribe_messages=True, timeout=wait)
        except Exception:
            log.exception("published tree: lost the Redis subscription")
            with contextlib.suppress(Exception):
                subscription.close()
            subscription = None
            continue
        if message is None or message.get("type") != "message":
            continue
        data = (
            message["data"].decode() if isinstance(message["data"], bytes) else str(message["data"])
        )
        if data.isdigit():
            _logged(f"statement {data}", sync_statement, int(data))
        else:
            _logged("reconcile", reconcile)
        lift_due = _next_lift()  # a new schedule may lift before the one we waited for
    if subscription is not None:
        with contextlib.suppress(Exception):
            subscription.close()


def _subscribe(url: str, name: str) -> Any:
    try:
        subscription = _client(url).pubsub()
        subscription.subscribe(name)
        return subscription
    except Exception:
        log.exception("published tree: cannot subscribe on Redis; retrying")
        return None


def _next_lift() -> float | None:
    try:
        moment = releases.next_public_at()
    except Exception:
        log.exception("published tree: cannot read the next embargo")
        return None
    finally:
        db.session.rollback()
    if moment is None:
        return None
    # Just after the lift, so that the release is public when the tree asks.
    return time.monotonic() + max(0.0, (moment - clock.now()).total_seconds()) + 0.05


def _logged(what: str, fn: Any, *args: Any) -> None:
    try:
        result = fn(*args)
    except Exception:
        log.exception("published tree: %s failed", what)
        db.session.rollback()
        return
    if result.added or result.removed or result.failed:
        log.info("published tree: %s: %s", what, result)
