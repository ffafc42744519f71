"""Nothing acknowledged is lost: the document comes back from the update log after the
app is created anew, and after its process is killed (SIGKILL) and started again."""

from __future__ import annotations

from pressroom.db import db
from tests.conftest import PASSWORD
from tests.live.conftest import live_app, seed, serve
from tests.live.nodes import Node
from tests.live.yclient import YClient, sign_in


def _join(url: str, ws_url: str, email: str, statement_id: int) -> YClient:
    client = YClient(f"{ws_url}/statements/{statement_id}/live", sign_in(url, email, PASSWORD))
    assert client.synced.wait(10), "no sync from the server"
    return client


def _type_and_see_acknowledged(url, ws_url, people, statement_id, text):  # type: ignore[no-untyped-def]
    alice = _join(url, ws_url, people["odihr"], statement_id)
    bob = _join(url, ws_url, people["pace"], statement_id)
    for char in text:  # one update per keystroke
        alice.edit(lambda doc, c=char: alice.text("lead").insert(len(str(alice.text("lead"))), c))
    # Bob seeing it is the acknowledgement: the server stores an update before relaying it.
    assert bob.wait_for(lambda: str(bob.text("lead")).endswith(text), timeout=10)
    return alice, bob


def test_updates_survive_a_new_app(tmp_path):
    app = live_app(tmp_path)
    people, statement_id = seed(app)
    httpd, host = serve(app)
    alice, bob = _type_and_see_acknowledged(
        f"http://{host}", f"ws://{host}", people, statement_id, " Typed live."
    )
    alice.close()
    bob.close()
    httpd.shutdown()
    httpd.server_close()
    with app.app_context():
        db.engine.dispose()

    fresh = live_app(tmp_path)  # a new process would build exactly this: no rooms, no memory
    httpd, host = serve(fresh)
    try:
        carol = _join(f"http://{host}", f"ws://{host}", people["osce-pa"], statement_id)
        assert str(carol.text("lead")).endswith(" Typed live.")
        carol.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
        with fresh.app_context():
            db.engine.dispose()


def test_updates_survive_a_killed_process(tmp_path):
    app = live_app(tmp_path)
    people, statement_id = seed(app)
    with app.app_context():
        db.engine.dispose()
    database = f"sqlite:///{tmp_path / 'live.db'}"
    node = Node(database, tmp_path / "node1", "node1")
    try:
        alice, bob = _type_and_see_acknowledged(
            node.url, node.ws_url, people, statement_id, " Kill me."
        )
        node.kill()
        assert alice.closed.wait(10) and bob.closed.wait(10)
    finally:
        node.kill()
    restarted = Node(database, tmp_path / "node2", "node2")
    try:
        carol = _join(restarted.url, restarted.ws_url, people["osce-pa"], statement_id)
        assert str(carol.text("lead")).endswith(" Kill me.")
        carol.close()
    finally:
        restarted.stop()
