"""Review mail on apps that commit for real: it leaves only once the submit committed, in
each recipient's language, and a mail server that hangs holds up neither the submit nor
anybody else's work (issue #12)."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import sqlalchemy as sa
from flask import Flask

from pressroom.db import db
from pressroom.models import Role, Statement, User
from pressroom.services import accounts, effects, organizations, statements
from tests.conftest import PASSWORD, make_app, migrate, statement_data
from tests.mail_server import Mailbox, smtp_server
from tests.services.test_approval_race_pg import _in_context

GUARD = 30.0  # seconds: a hung request fails the test instead of hanging it


def _setup(app: Flask) -> dict[str, Any]:
    """odihr (lead) and pace co-write S1; osce-pa writes S2 on its own."""

    def work() -> dict[str, Any]:
        orgs = {
            slug: organizations.create_organization(slug=slug, name=slug.upper())
            for slug in ("odihr", "pace", "osce-pa")
        }
        for slug, org in orgs.items():
            for role in (Role.press_officer, Role.head_of_delegation):
                accounts.create_user(
                    email=f"{role.value}@{slug}.example.org",
                    display_name=f"{role.value} {slug}",
                    password=PASSWORD,
                    role=role,
                    organization=org,
                )
        user = {u.email: u for u in db.session.scalars(sa.select(User))}
        for slug, lang in (("odihr", "ru"), ("pace", "de"), ("osce-pa", "fr")):
            user[f"head_of_delegation@{slug}.example.org"].locale = lang
        first = statements.create_statement(
            user["press_officer@odihr.example.org"],
            statement_data(organizations=["odihr", "pace"], quotes=[], contacts=[]),
            target_languages=[],
        )
        second = statements.create_statement(
            user["press_officer@osce-pa.example.org"],
            statement_data(
                organizations=["osce-pa"], title="Another statement", quotes=[], contacts=[]
            ),
            target_languages=[],
        )
        return {"s1": first.id, "s2": second.id}

    return _in_context(app, work)


def _login(app: Flask, who: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    response = client.post("/login", data={"email": who, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_mail_leaves_after_the_commit_in_the_recipients_language(tmp_path) -> None:
    path = tmp_path / "mail.db"
    app = make_app(f"sqlite:///{path}", tmp_path, {})
    migrate(app)
    ids = _setup(app)

    def committed_status(_message: Any) -> str:
        # What another connection sees while the mail is delivered.
        with sqlite3.connect(path) as conn:
            return conn.execute(
                "SELECT status FROM statements WHERE id = ?", (ids["s1"],)
            ).fetchone()[0]

    mailbox = Mailbox(on_message=committed_status)
    with smtp_server(mailbox) as port:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
        client = _login(app, "press_officer@odihr.example.org")
        assert client.post(f"/statements/{ids['s1']}/submit").status_code == 302
        received = mailbox.wait_for(2, timeout=GUARD)
    subjects = {m["To"]: m["Subject"] for m in received}
    title = "Kazakh elections: progress and problems"
    assert subjects == {
        "head_of_delegation@odihr.example.org": f"Требуется утверждение: {title}",
        "head_of_delegation@pace.example.org": f"Genehmigung erforderlich: {title}",
    }
    assert mailbox.seen == ["in_review", "in_review"]  # the submit had committed
    # the text in the recipient's language too, with the absolute link to the review
    body = next(m for m in received if m["To"].endswith("@odihr.example.org")).get_content()
    assert "press_officer odihr (ODIHR) отправил(а) заявление на согласование." in body
    assert f"{app.config['PUBLIC_BASE_URL']}/statements/{ids['s1']}/review" in body
    with app.app_context():
        db.engine.dispose()


def test_a_hanging_mail_server_holds_up_neither_the_submit_nor_other_saves(real_app) -> None:
    app = real_app
    ids = _setup(app)
    mailbox = Mailbox(stall=True)
    with smtp_server(mailbox) as port:
        # The mail job would wait a minute for the server: longer than this test waits.
        app.config.update(
            SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TIMEOUT=2 * GUARD, JOBS_MODE="thread"
        )
        submitter = _login(app, "press_officer@odihr.example.org")
        token = (
            app.test_client()
            .post(
                "/api/v1/tokens",
                json={"email": "press_officer@osce-pa.example.org", "password": PASSWORD},
            )
            .get_json()
        )
        other = app.test_client()
        submitted: list[int] = []
        thread = threading.Thread(
            target=lambda: submitted.append(
                submitter.post(f"/statements/{ids['s1']}/submit").status_code
            )
        )
        thread.start()
        try:
            # The server holds the first review mail ...
            assert mailbox.stalled.wait(timeout=GUARD), "no mail reached the server"
            # ... while another organization saves its own statement,
            save = other.put(
                f"/api/v1/statements/{ids['s2']}",
                json={"base_revision": 1, "title": "Another statement, saved meanwhile"},
                headers={"Authorization": f"Bearer {token['token']}"},
            )
            assert save.status_code == 200, save.get_data(as_text=True)[:300]
            # and the submit has answered before the server lets any mail through.
            thread.join(timeout=GUARD)
            assert not thread.is_alive() and submitted == [302]
            assert not mailbox.release.is_set() and mailbox.messages == []
        finally:
            mailbox.release.set()
            thread.join(timeout=GUARD)
        received = mailbox.wait_for(2, timeout=GUARD)
        effects.wait_for_jobs(app)
    assert sorted(m["To"] for m in received) == [
        "head_of_delegation@odihr.example.org",
        "head_of_delegation@pace.example.org",
    ]

    def check() -> None:
        assert db.session.get(Statement, ids["s1"]).status == "in_review"
        assert db.session.get(Statement, ids["s2"]).current_revision.content["title"] == (
            "Another statement, saved meanwhile"
        )

    _in_context(app, check)
