"""Typing that was stored but not yet made a revision becomes one even when nobody opens
a socket again: every web process checks for idle documents from its first request on,
and `flask due` (cron) does the same."""

from __future__ import annotations

import time

from pycrdt import Text

from pressroom.db import db
from pressroom.live import fanout, store
from pressroom.live.store import DocumentKey
from pressroom.models import Statement, User
from tests.live.conftest import live_app, seed


def _store_typing(app, statement_id: int, email: str) -> None:  # type: ignore[no-untyped-def]
    """What a client's socket left in the log before every node went down."""
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        document = store.open_document(DocumentKey(statement_id))
        doc = store.load(document)
        before = doc.get_state()
        doc.get("title", type=Text).insert(0, "Stored: ")
        db.session.commit()
        store.append(document.id, doc.get_update(before), user.id)
        db.session.commit()


def _revision(app, statement_id: int) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        statement = db.session.get(Statement, statement_id)
        revision = statement.current_revision
        result = revision.number, revision.content["title"]
        db.session.rollback()
        return result


def test_a_web_process_saves_idle_documents_from_its_first_request(tmp_path):
    app = live_app(
        tmp_path, LIVE_CHECK_INTERVAL=0.05, LIVE_IDLE_SECONDS=0.2, LIVE_IDLE_CHECKER="on"
    )
    people, statement_id = seed(app)
    _store_typing(app, statement_id, people["odihr"])
    assert _revision(app, statement_id)[0] == 1
    try:
        assert app.test_client().get("/login").status_code == 200  # no socket, a page
        deadline = time.monotonic() + 10
        while _revision(app, statement_id)[0] == 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _revision(app, statement_id) == (
            2,
            "Stored: Kazakh elections: progress and problems",
        )
    finally:
        fanout.hub(app).stop()
        with app.app_context():
            db.engine.dispose()


def test_flask_due_saves_idle_documents(tmp_path):
    app = live_app(tmp_path, LIVE_IDLE_SECONDS=0)
    people, statement_id = seed(app)
    _store_typing(app, statement_id, people["odihr"])
    try:
        result = app.test_cli_runner().invoke(args=["due"])
        assert result.exit_code == 0, result.output
        assert "1 idle live document(s) saved as revisions." in result.output
        assert _revision(app, statement_id) == (
            2,
            "Stored: Kazakh elections: progress and problems",
        )
    finally:
        with app.app_context():
            db.engine.dispose()
