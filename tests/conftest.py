"""Fixtures: one migrated database per run (SQLite file, or a private PostgreSQL schema
when DATABASE_URL names PostgreSQL), a rollback per test, clients, factories."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id

from pressroom import create_app
from pressroom.config import ROOT
from pressroom.db import db
from pressroom.i18n import CATALOGS_HINT, stale_catalogs
from pressroom.models import Organization, Role, Statement, User
from pressroom.services import accounts, organizations, ratelimit, statements

PASSWORD = "correct horse battery"
STALE_CATALOGS = stale_catalogs(ROOT / "translations")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """Without compiled catalogs every page is English and translated-page tests fail:
    say why in each failure (a fresh clone before `make catalogs`)."""
    report = yield
    if report.failed and STALE_CATALOGS:
        report.sections.append(
            (
                "pressroom: catalogs",
                CATALOGS_HINT.format(
                    files=", ".join(str(p.relative_to(ROOT)) for p in STALE_CATALOGS)
                ),
            )
        )
    return report


PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_schema_url(url: str, options: str = "") -> tuple[str, str, dict[str, Any]]:
    """A private schema for this run: tests never touch other schemas or databases."""
    schema = f"pressroom_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        engine.dispose()
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required but unreachable: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL not reachable: {exc.orig}")
    engine.dispose()
    return url, schema, {"connect_args": {"options": f"-csearch_path={schema} {options}".strip()}}


def _drop_schema(url: str, schema: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def make_app(database_url: str, data_dir: Path, engine_options: dict[str, Any]) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
            "DATA_DIR": str(data_dir),
            "SECRET_KEY": "test-secret-key-not-for-production",
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "SERVER_NAME": "pressroom.test",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",  # fast in tests; production: defaults
            "PUBLIC_FILE_CACHE_SECONDS": 0,  # rolled-back tests reuse slugs; tested on its own
            "LIVE_CHECK_INTERVAL": 0,  # no idle-checker thread: tests call live.versions.run_due
        }
    )
    return app


def migrate(app: Flask) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


@pytest.fixture
def pg_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on real PostgreSQL (whatever the suite's database), in a private schema,
    for tests of concurrency: threads commit for real there, no rollback isolates them."""
    url, schema, options = _postgres_schema_url(
        os.environ.get("PRESSROOM_TEST_POSTGRES_URL", PG_DEFAULT), "-cstatement_timeout=20000"
    )
    app = make_app(url, tmp_path, options)
    try:
        migrate(app)
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        _drop_schema(url, schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def real_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """An app whose requests commit for real (no rollback fixture), on a SQLite file and
    on PostgreSQL (`pg_app`): for tests of what concurrent requests do to each other."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_app")
        return
    app = make_app(f"sqlite:///{tmp_path / 'real.db'}", tmp_path, {})
    migrate(app)
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgresql", "postgres")):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        url, schema, options = _postgres_schema_url(url)
        yield url, options
        _drop_schema(url, schema)
    else:
        path = tmp_path_factory.mktemp("db") / "test.db"
        yield f"sqlite:///{path}", {}


@pytest.fixture(scope="session")
def app(database: tuple[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Flask:
    url, options = database
    app = make_app(url, tmp_path_factory.mktemp("data"), options)
    migrate(app)
    return app


@pytest.fixture(autouse=True)
def db_session(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test runs in a transaction that is rolled back; requests' commits only
    release savepoints inside it."""
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        ratelimit.storage().reset()  # in-memory counters of earlier tests' password checks
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        # A plain Session bound to the connection: Flask-SQLAlchemy's own Session would
        # pick its engine again and escape the outer transaction.
        db.session = sa.orm.scoped_session(
            sa.orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        try:
            with app.test_request_context():
                yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (fresh `g`, session, locale), as in
    production, even while the test itself holds one open for its factories."""

    def open(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


# --- factories (create_x returns a factory, dummy_x uses it) ------------------------------


@pytest.fixture
def create_org(app: Flask) -> Callable[..., Organization]:
    counter = iter(range(1, 10_000))

    def factory(slug: str | None = None, name: str | None = None, short: str = "") -> Organization:
        n = next(counter)
        slug = slug or f"org-{n}"
        return organizations.create_organization(
            slug=slug, name=name or f"Organization {n}", short_name=short or slug.upper()
        )

    return factory


@pytest.fixture
def create_user(app: Flask) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def factory(
        role: Role | str = Role.press_officer,
        org: Organization | None = None,
        email: str | None = None,
        name: str | None = None,
    ) -> User:
        n = next(counter)
        return accounts.create_user(
            email=email or f"user{n}@example.org",
            display_name=name or f"User {n}",
            password=PASSWORD,
            role=role,
            organization=org,
        )

    return factory


@pytest.fixture
def mission(create_org, create_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Three organizations, each with a press officer and a head; one outsider org; an admin."""
    orgs = {
        slug: create_org(slug, name)
        for slug, name in [
            ("odihr", "OSCE/ODIHR"),
            ("osce-pa", "OSCE PA"),
            ("pace", "PACE"),
            ("outsider", "Outsider"),
        ]
    }
    people: dict[str, Any] = {"orgs": orgs}
    for slug, org in orgs.items():
        people[f"po_{slug}"] = create_user(
            Role.press_officer, org, email=f"po@{slug}.example.org", name=f"Officer {slug}"
        )
        people[f"head_{slug}"] = create_user(
            Role.head_of_delegation, org, email=f"head@{slug}.example.org", name=f"Head {slug}"
        )
    people["admin"] = create_user(Role.admin, None, email="admin@example.org", name="Admin")
    for slug in ("odihr", "osce-pa", "pace"):
        organizations.create_contact(
            orgs[slug],
            name=f"Press {slug}",
            phone="+41 22 123 4567",
            email=f"press@{slug}.example.org",
        )
    return people


def statement_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Kazakh elections: progress and problems",
        "lead": "While the elections reflected welcome progress, standards were not met.",
        "body": "Voting was calm.\n\nThe count was assessed negatively.\n\nNine seats appointed.",
        "dateline_city": "Astana",
        "dateline_date": "2007-08-19",
        "organizations": ["odihr", "osce-pa", "pace"],
        "quotes": [
            {
                "organization": "pace",
                "speaker": "David Wilshire",
                "function": "Head",
                "text": "Building a democracy is a long and hard task.",
            }
        ],
        "contacts": [
            {
                "organization": "pace",
                "name": "Bas Klein",
                "phone": "+33 662 265 489",
                "email": "bas.klein@coe.int",
            }
        ],
        "further_info_url": "http://www.osce.org/item/25959.html",
    }
    data.update(overrides)
    return data


@pytest.fixture
def create_statement(mission) -> Callable[..., Statement]:  # type: ignore[no-untyped-def]
    def factory(
        author: User | None = None, targets: list[str] | None = None, **overrides: Any
    ) -> Statement:
        return statements.create_statement(
            author or mission["po_odihr"],
            statement_data(**overrides),
            source_language="en",
            target_languages=targets if targets is not None else ["ru", "fr"],
        )

    return factory


@pytest.fixture
def dummy_statement(create_statement) -> Statement:  # type: ignore[no-untyped-def]
    return create_statement()


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, user: User | str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        email = user if isinstance(user, str) else user.email
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):  # type: ignore[no-untyped-def]
        return self.client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def api_token(client: FlaskClient) -> Callable[[User], dict[str, str]]:
    def factory(user: User) -> dict[str, str]:
        response = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
        assert response.status_code == 201, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return factory
