"""Fan-out between app nodes, and this process's rooms and idle checker.

With REDIS_URL every message a room sends to its own clients is also published on
`<REDIS_PREFIX>:live:<statement>:<lang>` with this node's id in front; each node
subscribes to the pattern and hands other nodes' messages to its open room. Updates are
stored before they are published, so a node that opens a room later reads them from the
log. Without REDIS_URL (one process, `flask run`) the rooms are all there is."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import Any

from flask import Flask, current_app
from pycrdt import create_update_message

from pressroom.db import db
from pressroom.live.rooms import Registry
from pressroom.live.store import DocumentKey

log = logging.getLogger(__name__)
_EXTENSION = "pressroom.live"
NODE_ID_LENGTH = 16


class Hub:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.registry = Registry()
        self.node_id = uuid.uuid4().bytes
        self.prefix = f"{app.config.get('REDIS_PREFIX', 'pressroom')}:live:"
        self._redis: Any = None
        self._started = False
        self._idle_thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        url = app.config.get("REDIS_URL")
        if url:
            import redis

            self._redis = redis.Redis.from_url(url)

    def start(self) -> None:
        """Subscribe to other nodes and start the idle checker (once, on first use)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        if self._redis is not None:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            pubsub.psubscribe(f"{self.prefix}*")
            threading.Thread(
                target=self._listen, args=(pubsub,), daemon=True, name="pressroom-live-fanout"
            ).start()
        self.start_idle_checker()

    def start_idle_checker(self) -> bool:
        """The thread that turns idle live documents into revisions (once per process;
        LIVE_CHECK_INTERVAL <= 0: never). True when it runs."""
        interval = float(self.app.config.get("LIVE_CHECK_INTERVAL", 1.0))
        with self._lock:
            if self._idle_thread is not None or interval <= 0:
                return self._idle_thread is not None
            self._idle_thread = threading.Thread(
                target=self._check_idle,
                args=(interval,),
                daemon=True,
                name="pressroom-live-versions",
            )
        self._idle_thread.start()
        return True

    def stop(self) -> None:
        self._stop.set()

    def publish(self, key: DocumentKey, message: bytes) -> None:
        if self._redis is not None:
            try:
                self._redis.publish(self.prefix + key.channel, self.node_id + message)
            except Exception:  # the update is stored: other nodes read it on their next sync
                log.exception("live fan-out: publish failed")

    def _listen(self, pubsub: Any) -> None:
        while not self._stop.is_set():
            try:
                item = pubsub.get_message(timeout=1.0)
            except Exception:
                log.exception("live fan-out: Redis unreachable, retrying")
                time.sleep(1.0)
                continue
            if not item or item.get("type") != "pmessage":
                continue
            data: bytes = item["data"]
            if data[:NODE_ID_LENGTH] == self.node_id:
                continue
            channel = item["channel"].decode()[len(self.prefix) :]
            statement, _sep, lang = channel.partition(":")
            room = self.registry.get(DocumentKey(int(statement), lang))
            if room is not None:
                room.deliver(data[NODE_ID_LENGTH:])

    def _check_idle(self, interval: float) -> None:
        from pressroom.live import versions

        while not self._stop.wait(interval):
            try:
                with self.app.app_context():
                    try:
                        versions.run_due()
                    finally:
                        db.session.remove()
            except Exception:
                log.exception("live versions: idle check failed")


def init_app(app: Flask) -> None:
    """Every web process checks for idle documents from its first request on (after
    gunicorn's fork), not only once someone opened a socket on it: after a restart of
    every node, typing that was stored but not yet a revision still becomes one.
    LIVE_IDLE_CHECKER: "auto" (that; never under TESTING), "on", "off"."""

    @app.before_request
    def _start_idle_checker() -> None:
        current = app.extensions.get(_EXTENSION)
        if (current is None or current._idle_thread is None) and _embedded_checker(app):
            hub(app).start_idle_checker()


def _embedded_checker(app: Flask) -> bool:
    setting = str(app.config.get("LIVE_IDLE_CHECKER", "auto"))
    if setting == "auto":
        # Tests drive versions.run_due themselves: a thread of some test's app would use
        # the database connection another test holds.
        return not app.config.get("TESTING")
    return setting in ("1", "on", "true", "yes")


def hub(app: Flask | None = None) -> Hub:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get(_EXTENSION)
    if found is None:
        found = app.extensions.setdefault(_EXTENSION, Hub(app))
    return found


def announce_stored(key: DocumentKey, update_id: int) -> None:
    """Send an update the server itself stored (a revision written back) to every client."""
    from pressroom.models import LiveUpdate

    row = db.session.get(LiveUpdate, update_id)
    assert row is not None  # the caller stored and committed it
    data = row.data
    message = create_update_message(data)
    current = hub()
    room = current.registry.get(key)
    if room is not None:
        room.deliver(message)
    current.publish(key, message)
