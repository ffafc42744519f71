"""On the embedded SQLite default: simultaneous saves through the API queue for the write
lock instead of failing with "database is locked"; each is saved, merged or a 409."""

from __future__ import annotations

import threading

from pressroom.db import db
from pressroom.models import Role
from pressroom.queries import statements as statement_queries
from pressroom.services import accounts, organizations, statements
from tests.conftest import PASSWORD, make_app, migrate, statement_data

THREADS = 8


def test_simultaneous_api_saves_never_fail_on_sqlite(tmp_path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'concurrent.db'}", tmp_path, {})
    migrate(app)
    with app.test_request_context():
        org = organizations.create_organization(slug="odihr", name="ODIHR")
        people = [
            accounts.create_user(
                email=f"p{i}@odihr.example.org",
                display_name=f"P{i}",
                password=PASSWORD,
                role=Role.press_officer,
                organization=org,
            )
            for i in range(THREADS)
        ]
        body = "\n\n".join(f"Paragraph {i}." for i in range(THREADS))
        statement = statements.create_statement(
            people[0], statement_data(organizations=["odihr"], body=body, quotes=[], contacts=[])
        )
        db.session.commit()
        statement_id, emails = statement.id, [p.email for p in people]
    tokens = []
    for email in emails:
        response = app.test_client().post(
            "/api/v1/tokens", json={"email": email, "password": PASSWORD}
        )
        tokens.append(response.get_json()["token"])
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []

    def save(i: int) -> None:
        paragraphs = [f"Paragraph {k}." for k in range(THREADS)]
        paragraphs[i] = f"Paragraph {i}, edited by P{i}."
        client = app.test_client()
        barrier.wait(timeout=30)
        response = client.put(
            f"/api/v1/statements/{statement_id}",
            json={"base_revision": 1, "body": "\n\n".join(paragraphs)},
            headers={"Authorization": f"Bearer {tokens[i]}"},
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200] * THREADS, statuses  # separate paragraphs all merge
    with app.test_request_context():
        final = statement_queries.get_revision(
            db.session.get(type(statement), statement_id), THREADS + 1
        ).content["body"]
        assert all(f"edited by P{i}" in final for i in range(THREADS))
