"""Two app processes (gunicorn, gthread) sharing one database and Redis: clients on
different nodes edit the same document and converge; awareness crosses nodes too."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pressroom.db import db
from tests.conftest import (
    PASSWORD,
    PG_DEFAULT,
    _drop_schema,
    _postgres_schema_url,
    make_app,
)
from tests.live.conftest import live_app, seed
from tests.live.nodes import Node
from tests.live.yclient import YClient, sign_in

REDIS_URL = os.environ.get("PRESSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
            pytest.fail(f"Redis required but unreachable: {exc}", pytrace=False)
        pytest.skip(f"Redis not reachable: {exc}")


def _join(node: Node, email: str, statement_id: int) -> YClient:
    client = YClient(
        f"{node.ws_url}/statements/{statement_id}/live", sign_in(node.url, email, PASSWORD)
    )
    assert client.synced.wait(10)
    return client


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, dict, int]]:
    """The nodes' database URL, the people and the statement, on a SQLite file or in a
    private PostgreSQL schema (the production set-up)."""
    if request.param == "sqlite":
        app = live_app(tmp_path)
        people, statement_id = seed(app)
        with app.app_context():
            db.engine.dispose()
        yield f"sqlite:///{tmp_path / 'live.db'}", people, statement_id
        return
    url, schema, options = _postgres_schema_url(
        os.environ.get("PRESSROOM_TEST_POSTGRES_URL", PG_DEFAULT)
    )
    try:
        app = make_app(url, tmp_path, options)
        app.config.update({"SERVER_NAME": None, "LIVE_CHECK_INTERVAL": 0, "JOBS_MODE": "inline"})
        people, statement_id = seed(app)
        with app.app_context():
            db.engine.dispose()
        yield (
            url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}",
            people,
            (statement_id),
        )
    finally:
        _drop_schema(url, schema)


@pytest.mark.slow
def test_clients_on_two_nodes_converge(tmp_path, database):
    _redis_or_skip()
    database, people, statement_id = database
    env = {"REDIS_URL": REDIS_URL, "PRESSROOM_REDIS_PREFIX": f"livetest-{uuid.uuid4().hex[:8]}"}
    nodes = [Node(database, tmp_path / f"n{i}", f"n{i}", env) for i in (1, 2)]
    clients: list[YClient] = []
    try:
        alice = _join(nodes[0], people["odihr"], statement_id)
        bob = _join(nodes[1], people["pace"], statement_id)
        carol = _join(nodes[1], people["osce-pa"], statement_id)
        clients = [alice, bob, carol]
        words = {alice: " alpha", bob: " bravo", carol: " charlie"}
        for client, word in words.items():  # all three type into the same field at once
            for char in word:
                client.edit(
                    lambda doc, c=char, cl=client: cl.text("body").insert(
                        len(str(cl.text("body"))), c
                    )
                )
        for client in clients:
            assert client.wait_for(
                lambda cl=client: all(w in str(cl.text("body")) for w in words.values()), timeout=10
            ), str(client.text("body"))
        texts = {str(c.text("body")) for c in clients}
        assert len(texts) == 1, texts

        bob.set_awareness({"user": {"name": "Officer pace", "organization": "PACE"}})
        assert alice.wait_for(lambda: bob.doc.client_id in alice.awareness.states, timeout=10)
    finally:
        for client in clients:
            client.close()
        for node in nodes:
            node.stop()
