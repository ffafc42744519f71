"""Models and migrations agree, on SQLite and on PostgreSQL; configuration defaults."""

import os
import stat

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pressroom import config
from pressroom.db import Base, db
from pressroom.queries.search import include_name
from tests.conftest import PG_DEFAULT, _drop_schema, _postgres_schema_url, make_app, migrate


def _diff(app) -> list:  # type: ignore[no-untyped-def]
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        return compare_metadata(context, Base.metadata)


def test_models_match_migrations_sqlite(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'm.db'}", tmp_path, {})
    migrate(app)
    assert _diff(app) == []


@pytest.mark.postgres
def test_models_match_migrations_postgres(tmp_path):
    url, schema, options = _postgres_schema_url(
        os.environ.get("PRESSROOM_TEST_POSTGRES_URL", PG_DEFAULT)
    )
    try:
        app = make_app(url, tmp_path, options)
        migrate(app)
        assert _diff(app) == []
        with app.app_context():
            assert db.session.scalar(sa.text("select current_schema()")) == schema
    finally:
        _drop_schema(url, schema)


def test_secret_key_generated_once_with_mode_0600(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.load_secret_key(tmp_path)
    assert len(first) >= 40 and config.load_secret_key(tmp_path) == first
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert config.load_secret_key(tmp_path) == "from-env"


def test_database_url_defaults_to_sqlite_in_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url(tmp_path) == f"sqlite:///{tmp_path / 'pressroom.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert config.database_url(tmp_path) == "postgresql+psycopg://u@h/db"


def test_sqlite_runs_in_wal_mode_with_busy_timeout(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'w.db'}", tmp_path, {})
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
