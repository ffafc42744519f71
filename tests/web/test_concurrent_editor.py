"""People loading the editor while others save, with real commits on a SQLite file and on
PostgreSQL: no load or save fails (no "database is locked"), no edit is lost, and loading
the page writes nothing (issue #12)."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import Presence, Revision, Role, Statement
from pressroom.services import accounts, organizations, statements
from tests.conftest import PASSWORD, statement_data
from tests.services.test_approval_race_pg import _in_context

LOADERS, LOADS = 8, 5
SAVERS, SAVES = 4, 5
GUARD = 60.0  # seconds per thread: a deadlock fails the test instead of hanging it


def _setup(app) -> int:  # type: ignore[no-untyped-def]
    def work() -> int:
        org = organizations.create_organization(slug="odihr", name="ODIHR")
        people = [
            accounts.create_user(
                email=f"p{i}@odihr.example.org",
                display_name=f"P{i}",
                password=PASSWORD,
                role=Role.press_officer,
                organization=org,
            )
            for i in range(LOADERS + SAVERS)
        ]
        body = "\n\n".join(f"Paragraph {i}." for i in range(SAVERS))
        statement = statements.create_statement(
            people[0],
            statement_data(organizations=["odihr"], body=body, quotes=[], contacts=[]),
            target_languages=[],
        )
        return statement.id

    return _in_context(app, work)


def test_editor_loads_and_saves_at_once_never_fail(real_app) -> None:
    app = real_app
    statement_id = _setup(app)
    url = f"/statements/{statement_id}"
    barrier = threading.Barrier(LOADERS + SAVERS)
    statuses: dict[str, list[int]] = {"load": [], "save": []}
    errors: list[str] = []

    def load(i: int) -> None:
        try:
            client = app.test_client()
            client.post("/login", data={"email": f"p{i}@odihr.example.org", "password": PASSWORD})
            barrier.wait(timeout=GUARD)
            for _ in range(LOADS):
                statuses["load"].append(client.get(url).status_code)
        except Exception as exc:
            errors.append(f"loader {i}: {exc!r}")

    def save(i: int) -> None:
        try:
            client = app.test_client()
            token = client.post(
                "/api/v1/tokens",
                json={"email": f"p{LOADERS + i}@odihr.example.org", "password": PASSWORD},
            ).get_json()
            headers = {"Authorization": f"Bearer {token['token']}"}
            barrier.wait(timeout=GUARD)
            for k in range(SAVES):
                document = client.get(f"/api/v1{url}", headers=headers).get_json()
                paragraphs = document["body"].split("\n\n")
                paragraphs[i] = f"Paragraph {i}, edit {k}."
                response = client.put(
                    f"/api/v1{url}",
                    headers=headers,
                    json={"base_revision": document["revision"], "body": "\n\n".join(paragraphs)},
                )
                statuses["save"].append(response.status_code)
        except Exception as exc:
            errors.append(f"saver {i}: {exc!r}")

    threads = [threading.Thread(target=load, args=(i,)) for i in range(LOADERS)]
    threads += [threading.Thread(target=save, args=(i,)) for i in range(SAVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=GUARD)
    assert not any(t.is_alive() for t in threads), "a request hung"
    assert not errors, errors
    failed = [s for s in statuses["load"] + statuses["save"] if s >= 500]
    assert not failed, f"{len(failed)} answers >= 500: {statuses}"
    assert statuses["load"] == [200] * (LOADERS * LOADS)
    assert statuses["save"] == [200] * (SAVERS * SAVES)  # separate paragraphs: all merge

    def check() -> None:
        statement = db.session.get(Statement, statement_id)
        body = statement.current_revision.content["body"]
        # every save is a revision, and the last edit of each saver is in the text
        assert (
            db.session.scalar(
                sa.select(sa.func.count(Revision.id)).where(Revision.statement_id == statement_id)
            )
            == 1 + SAVERS * SAVES
        )
        assert body == "\n\n".join(f"Paragraph {i}, edit {SAVES - 1}." for i in range(SAVERS))
        # loading the editor recorded nothing: presence comes from the script's heartbeat
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Presence)) == 0

    _in_context(app, check)
