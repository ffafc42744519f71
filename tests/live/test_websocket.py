"""The live endpoint speaks y-websocket to a pycrdt client: sync, updates, awareness;
it refuses anonymous callers and people outside the participating organizations."""

from __future__ import annotations

import contextlib
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import simple_websocket

from pressroom.db import db
from pressroom.models import LiveUpdate
from tests.conftest import PASSWORD
from tests.live.yclient import USER_AGENT, YClient, sign_in


def _client(server, who: str, path: str = "") -> YClient:  # type: ignore[no-untyped-def]
    headers = sign_in(server.url, server.people[who], PASSWORD)
    client = YClient(f"{server.ws_url}/statements/{server.statement_id}{path}/live", headers)
    assert client.synced.wait(5), "no sync step 2 from the server"
    return client


def test_sync_update_and_awareness_between_two_clients(server):
    alice = _client(server, "odihr")
    bob = _client(server, "pace")
    try:
        # Both start from the current revision's text.
        assert str(alice.text("title")) == "Kazakh elections: progress and problems"
        assert "The count was assessed negatively." in str(bob.text("body"))

        alice.edit(lambda doc: alice.text("title").insert(0, "Live: "))
        assert bob.wait_for(lambda: str(bob.text("title")).startswith("Live: "))

        bob.edit(lambda doc: bob.text("lead").insert(0, "Bob. "))
        assert alice.wait_for(lambda: str(alice.text("lead")).startswith("Bob. "))

        bob.set_awareness({"user": {"name": "Officer pace", "organization": "PACE"}})
        assert alice.wait_for(
            lambda: any(
                (s or {}).get("user", {}).get("name") == "Officer pace (PACE)"
                for s in alice.awareness.states.values()
            )
        )
    finally:
        alice.close()
        bob.close()
    # Every update was in the log before it reached the other client.
    with server.app.app_context():
        assert db.session.query(LiveUpdate).filter(LiveUpdate.snapshot.is_(False)).count() == 2


def test_a_late_joiner_gets_everything_from_the_server(server):
    alice = _client(server, "odihr")
    alice.edit(lambda doc: alice.text("body").insert(0, "First paragraph.\n\n"))
    alice.close()
    carol = _client(server, "osce-pa")
    try:
        assert str(carol.text("body")).startswith("First paragraph.\n\nVoting was calm.")
    finally:
        carol.close()


def test_a_client_leaving_removes_its_cursor(server):
    alice = _client(server, "odihr")
    bob = _client(server, "pace")
    try:
        bob.set_awareness({"user": {"name": "Officer pace"}})
        assert alice.wait_for(lambda: bob.doc.client_id in alice.awareness.states)
        bob.close()
        assert alice.wait_for(lambda: bob.doc.client_id not in alice.awareness.states)
    finally:
        alice.close()


def test_translation_documents_are_separate(server):
    source = _client(server, "odihr")
    russian = _client(server, "pace", "/translations/ru")
    try:
        russian.edit(lambda doc: russian.text("title").insert(0, "Выборы"))
        source.edit(lambda doc: source.text("title").insert(0, "X"))
        assert russian.wait_for(lambda: russian.received >= 1)
        assert str(russian.text("title")) == "Выборы"
    finally:
        source.close()
        russian.close()


def _status(url: str, headers: dict[str, str]) -> int:
    """The status of a WebSocket upgrade request (urllib would send Connection: close)."""
    parts = urllib.parse.urlsplit(url)
    lines = [
        f"GET {parts.path} HTTP/1.1",
        f"Host: {parts.netloc}",
        f"User-Agent: {USER_AGENT}",
        "Connection: Upgrade",
        "Upgrade: websocket",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status_line = sock.makefile("rb").readline().decode()
    return int(status_line.split()[1])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 401),
        ("outsider", 404),
        ("admin", 404),
    ],
)
def test_refused_before_the_upgrade(server, who, expected):
    headers = sign_in(server.url, server.people[who], PASSWORD) if who else {}
    url = f"{server.url}/statements/{server.statement_id}/live"
    assert _status(url, headers) == expected
    with pytest.raises(simple_websocket.ConnectionError):
        YClient(url.replace("http://", "ws://"), headers)


def test_another_sites_page_is_refused(server):
    headers = sign_in(server.url, server.people["odihr"], PASSWORD)
    url = f"{server.url}/statements/{server.statement_id}/live"
    assert _status(url, {**headers, "Origin": "https://evil.example"}) == 403


def test_bearer_tokens_are_accepted(server):
    request = urllib.request.Request(
        f"{server.url}/api/v1/tokens",
        method="POST",
        data=json.dumps({"email": server.people["pace"], "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        token = json.load(response)["token"]
    client = YClient(
        f"{server.ws_url}/statements/{server.statement_id}/live",
        {"Authorization": f"Bearer {token}"},
    )
    try:
        assert client.synced.wait(5)
        assert str(client.text("dateline_city")) == "Astana"
    finally:
        client.close()
    assert (
        _status(
            f"{server.url}/statements/{server.statement_id}/live",
            {"Authorization": "Bearer nonsense"},
        )
        == 401
    )


def test_the_socket_closes_when_the_session_ends(server):
    headers = sign_in(server.url, server.people["odihr"], PASSWORD)
    client = YClient(f"{server.ws_url}/statements/{server.statement_id}/live", headers)
    assert client.synced.wait(5)
    request = urllib.request.Request(
        f"{server.url}/logout", method="POST", headers={"User-Agent": USER_AGENT, **headers}
    )
    with contextlib.suppress(urllib.error.HTTPError):  # the redirect after signing out
        urllib.request.urlopen(request)
    assert client.closed.wait(5)
    assert client.close_reason == 1008


def test_someone_typing_without_pause_is_closed_when_their_session_ends(server):
    headers = sign_in(server.url, server.people["odihr"], PASSWORD)
    client = YClient(f"{server.ws_url}/statements/{server.statement_id}/live", headers)
    assert client.synced.wait(5)
    request = urllib.request.Request(
        f"{server.url}/logout", method="POST", headers={"User-Agent": USER_AGENT, **headers}
    )
    with contextlib.suppress(urllib.error.HTTPError):  # the redirect after signing out
        urllib.request.urlopen(request)
    # Keystrokes every 50 ms: the server never waits a whole recheck period (0.2 s) idle.
    typed = 0
    while not client.closed.wait(0.05) and typed < 100:
        with contextlib.suppress(Exception):  # the socket may close between two keystrokes
            client.edit(lambda doc: client.text("lead").insert(0, "x"))
        typed += 1
    assert client.closed.is_set(), f"still open after {typed} keystrokes"
    assert client.close_reason == 1008


def test_updates_stop_being_taken_once_the_statement_is_no_longer_editable(server):
    from pressroom.domain.workflow import Status
    from pressroom.models import Statement

    client = _client(server, "odihr")
    try:
        client.edit(lambda doc: client.text("lead").insert(0, "Before. "))
        with server.app.app_context():
            statement = db.session.get(Statement, server.statement_id)
            statement.status = Status.scheduled  # published under embargo: text frozen
            db.session.commit()
            stored = db.session.query(LiveUpdate).count()
        deadline = time.monotonic() + 1.0  # five recheck periods, typing all along
        while time.monotonic() < deadline:
            client.edit(lambda doc: client.text("lead").insert(0, "x"))
            time.sleep(0.05)
        with server.app.app_context():
            late = db.session.query(LiveUpdate).count() - stored
        assert late <= 5, f"{late} updates stored after the statement was frozen"
    finally:
        client.close()


def _states_of(client: YClient, other: YClient) -> dict:
    return client.awareness.states.get(other.doc.client_id) or {}


def test_awareness_names_the_signed_in_person_whatever_the_browser_claims(server):
    alice = _client(server, "odihr")
    mallory = _client(server, "pace")
    try:
        mallory.set_awareness(
            {
                "user": {
                    "id": "1",
                    "person": "Head of ODIHR",
                    "name": "Head of ODIHR (ODIHR)",
                    "organization": "ODIHR",
                    "color": "red;background:url(x)",
                },
                "cursor": {"anchor": 1},
            }
        )
        assert alice.wait_for(lambda: "user" in _states_of(alice, mallory))
        user = _states_of(alice, mallory)["user"]
        assert user["person"] == "Officer pace"
        assert user["organization"] == "PACE"
        assert user["name"] == "Officer pace (PACE)"
        assert user["color"].startswith("#") and len(user["color"]) == 7
        # What is not identity passes through untouched.
        assert _states_of(alice, mallory)["cursor"] == {"anchor": 1}
    finally:
        alice.close()
        mallory.close()


def test_nobody_can_speak_for_another_persons_cursor(server):
    alice = _client(server, "odihr")
    bob = _client(server, "pace")
    carol = _client(server, "osce-pa")
    try:
        alice.set_awareness({"user": {"name": "x"}, "cursor": {"anchor": 5}})
        assert carol.wait_for(lambda: _states_of(carol, alice).get("cursor") == {"anchor": 5})
        # Bob sends a state under Alice's client id, with a newer clock.
        from pycrdt import create_awareness_message

        from pressroom.live.awareness import Entry, encode

        forged = encode([Entry(alice.doc.client_id, 99, json.dumps({"cursor": {"anchor": 0}}))])
        bob.ws.send(create_awareness_message(forged))
        bob.set_awareness({"user": {"name": "y"}})  # a later, genuine message from Bob
        assert carol.wait_for(lambda: "user" in _states_of(carol, bob))
        assert _states_of(carol, alice)["cursor"] == {"anchor": 5}
        assert _states_of(carol, alice)["user"]["person"] == "Officer odihr"
    finally:
        for client in (alice, bob, carol):
            client.close()


def test_an_update_built_to_crash_the_decoder_is_refused_and_never_stored(server):
    from pycrdt import create_update_message

    client = _client(server, "odihr")
    with server.app.app_context():
        stored = db.session.query(LiveUpdate).count()
    depth = 100_000  # would overflow pycrdt's stack: a segfault of this very process
    poison = bytes([1, 1, 5, 0, 8, 1, 1]) + b"m" + bytes([1]) + bytes([117, 1]) * depth
    client.ws.send(create_update_message(poison + bytes([117, 0, 0])))
    assert client.closed.wait(5)
    assert client.close_reason == 1008
    with server.app.app_context():
        assert db.session.query(LiveUpdate).count() == stored
    other = _client(server, "pace")  # the server is still there
    other.close()
