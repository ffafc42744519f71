"""A real threaded server on a SQLite file whose requests commit, for the WebSocket tests."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from pressroom.db import db
from pressroom.models import Role, User
from pressroom.services import accounts, organizations, statements
from tests.conftest import PASSWORD, make_app, migrate, statement_data


@dataclass
class Server:
    app: Flask
    url: str
    ws_url: str
    people: dict[str, Any]
    statement_id: int
    httpd: BaseWSGIServer | None = None


def live_app(data_dir: Path, **config: Any) -> Flask:
    app = make_app(f"sqlite:///{data_dir / 'live.db'}", data_dir, {})
    app.config.update(
        {
            "SERVER_NAME": None,
            "LIVE_CHECK_INTERVAL": 0,
            "LIVE_RECHECK_SECONDS": 0.2,
            "JOBS_MODE": "inline",
            **config,
        }
    )
    return app


def seed(app: Flask) -> tuple[dict[str, Any], int]:
    """Three participating organizations and an outsider, a press officer each; a draft."""
    migrate(app)
    with app.app_context():
        people: dict[str, Any] = {}
        orgs = {}
        for slug in ("odihr", "osce-pa", "pace", "outsider"):
            orgs[slug] = organizations.create_organization(
                slug=slug, name=slug.upper(), short_name=slug.upper()
            )
            people[slug] = accounts.create_user(
                email=f"po@{slug}.example.org",
                display_name=f"Officer {slug}",
                password=PASSWORD,
                role=Role.press_officer,
                organization=orgs[slug],
            ).email
        people["admin"] = accounts.create_user(
            email="admin@example.org",
            display_name="Admin",
            password=PASSWORD,
            role=Role.admin,
            organization=None,
        ).email
        author = db.session.scalar(db.select(User).where(User.email == people["odihr"]))
        statement = statements.create_statement(
            author, statement_data(contacts=[]), target_languages=["ru"]
        )
        db.session.commit()
        return people, statement.id


def serve(app: Flask) -> tuple[BaseWSGIServer, str]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"127.0.0.1:{httpd.server_port}"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    app = live_app(tmp_path)
    people, statement_id = seed(app)
    httpd, host = serve(app)
    try:
        yield Server(app, f"http://{host}", f"ws://{host}", people, statement_id, httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()
        with app.app_context():
            db.engine.dispose()
