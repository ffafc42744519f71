"""A y-websocket client made of pycrdt and simple-websocket, for tests and the bench."""

from __future__ import annotations

import contextlib
import html
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

import simple_websocket
from pycrdt import (
    Awareness,
    Decoder,
    Doc,
    Text,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)

USER_AGENT = "pressroom-live-test"


class YClient:
    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.doc = Doc()
        self.awareness = Awareness(self.doc)
        self.synced = threading.Event()
        self.closed = threading.Event()
        self.close_reason: int | None = None
        self.received = 0
        self._changed = threading.Condition()
        self.ws = simple_websocket.Client.connect(
            url, headers={"User-Agent": USER_AGENT, **(headers or {})}
        )
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self.ws.send(create_sync_message(self.doc))

    def text(self, name: str) -> Text:
        return self.doc.get(name, type=Text)

    def _run(self) -> None:
        try:
            while True:
                message = self.ws.receive()
                if message is None:
                    continue
                self.received += 1
                with self._changed:
                    self._handle(message)
                    self._changed.notify_all()
        except simple_websocket.ConnectionClosed as exc:
            self.close_reason = exc.reason
        finally:
            self.closed.set()
            with self._changed:
                self._changed.notify_all()

    def _handle(self, message: bytes) -> None:
        if message[0] == YMessageType.SYNC:
            reply = handle_sync_message(message[1:], self.doc)
            if reply is not None:
                self.ws.send(reply)
            if message[1] == YSyncMessageType.SYNC_STEP2:
                self.synced.set()
        elif message[0] == YMessageType.AWARENESS:
            self.awareness.apply_awareness_update(Decoder(message[1:]).read_message(), "remote")

    def edit(self, change: Callable[[Doc], Any]) -> bytes:
        """Apply `change` locally and send the resulting update."""
        with self._changed:
            before = self.doc.get_state()
            change(self.doc)
            update = self.doc.get_update(before)
        self.ws.send(create_update_message(update))
        return update

    def set_awareness(self, state: dict[str, Any]) -> None:
        self.awareness.set_local_state(state)
        self.ws.send(
            create_awareness_message(self.awareness.encode_awareness_update([self.doc.client_id]))
        )

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.closed.is_set():
                    return predicate()
                self._changed.wait(remaining)
        return True

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already closed
            self.ws.close()


def _cookies(response: Any) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _sep, value = header.split(";", 1)[0].partition("=")
        found[name] = value
    return found


def sign_in(base_url: str, email: str, password: str) -> dict[str, str]:
    """Sign in through the real server's form (with its CSRF token when the server asks for
    one); returns the headers a WebSocket needs (the session cookie)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    page = opener.open(
        urllib.request.Request(f"{base_url}/login", headers={"User-Agent": USER_AGENT})
    )
    cookies = _cookies(page)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode())
    form = {"email": email, "password": password}
    if token:
        form["csrf_token"] = html.unescape(token.group(1))
    request = urllib.request.Request(
        f"{base_url}/login",
        data=urllib.parse.urlencode(form).encode(),
        headers={
            "User-Agent": USER_AGENT,
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    try:
        response = opener.open(request)
    except urllib.error.HTTPError as exc:  # the 302 after signing in
        response = exc
    cookies.update(_cookies(response))
    assert response.status == 302, "signing in failed"
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
