"""Reads don't write: no GET route, for any kind of caller, sends INSERT, UPDATE or DELETE
(a GET that writes turns every page view into a write lock; issue #12)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import url_for

from pressroom.db import db
from tests.web.test_authorization import ROLES, _caller, routes
from tests.web.test_authorization import sample_args as sample_args

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def written(app) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The data-changing SQL sent while the test runs (savepoints are not writes)."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(statement.split("\n")[0][:120])

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_writes(app, client, mission, sample_args, api_token, written, role):
    user = _caller(role, mission)
    headers = api_token(user) if user is not None else {}
    if user is not None:
        client.post("/login", data={"email": user.email, "password": "correct horse battery"})
    written.clear()  # signing in and issuing the token write, of course
    offenders = []
    for endpoint, method, rule in routes(app):
        if method != "GET":
            continue
        url = url_for(endpoint, **{name: sample_args[name] for name in rule.arguments})
        client.get(url, headers=headers if url.startswith("/api/") else {})
        if written:
            offenders.append(f"GET {url}: {written[:3]}")
            written.clear()
    assert not offenders, "\n".join(offenders)
