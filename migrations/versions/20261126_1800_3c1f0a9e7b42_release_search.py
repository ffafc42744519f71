"""full-text search over published releases

SQLite: a contentless FTS5 table (rowid = release_artifacts.id of HTML artifacts) kept in
step by triggers. PostgreSQL: a partial GIN index on the 'simple' tsvector of title and
text, lower-cased and with accents folded. Neither is described by the models:
pressroom.queries.search.include_name keeps autogenerate from proposing to drop them.

Revision ID: 3c1f0a9e7b42
Revises: f6395dba2f57
Create Date: 2026-11-26 18:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '3c1f0a9e7b42'
down_revision = 'f6395dba2f57'
branch_labels = None
depends_on = None

# Written out, not imported: a migration must not change when the app's code does. The
# translate() table folds accents (Latin letters with diacritics, and ё) like FTS5 does.
PG_INDEX = (
    "CREATE INDEX ix_release_artifacts_search ON release_artifacts USING gin "
    "(to_tsvector('simple'::regconfig, translate(lower(title || ' ' || text), "
    "'àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžё', "
    "'aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzе'"
    "))) WHERE kind = 'html'"
)
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE release_search USING fts5("
    "title, body, content='', tokenize='unicode61 remove_diacritics 2')"
)


def _folded(column):
    # unicode61 folds Latin diacritics but keeps ё apart from е: fold it here, as
    # PostgreSQL's translate() does ("подсчет" finds "подсчёт").
    return f"replace(replace({column}, 'ё', 'е'), 'Ё', 'Е')"


def _values(row):
    return f"{_folded(row + '.title')}, {_folded(row + '.text')}"


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER release_search_insert AFTER INSERT ON release_artifacts
        WHEN new.kind = 'html' BEGIN
          INSERT INTO release_search(rowid, title, body) VALUES (new.id, {_values('new')});
        END""",
    f"""CREATE TRIGGER release_search_delete AFTER DELETE ON release_artifacts
        WHEN old.kind = 'html' BEGIN
          INSERT INTO release_search(release_search, rowid, title, body)
          VALUES ('delete', old.id, {_values('old')});
        END""",
    f"""CREATE TRIGGER release_search_update AFTER UPDATE ON release_artifacts BEGIN
          INSERT INTO release_search(release_search, rowid, title, body)
          SELECT 'delete', old.id, {_values('old')} WHERE old.kind = 'html';
          INSERT INTO release_search(rowid, title, body)
          SELECT new.id, {_values('new')} WHERE new.kind = 'html';
        END""",
]
SQLITE_BACKFILL = (
    "INSERT INTO release_search(rowid, title, body) "
    f"SELECT id, {_values('release_artifacts')} FROM release_artifacts WHERE kind = 'html'"
)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_INDEX)
    elif dialect == "sqlite":
        op.execute(SQLITE_TABLE)
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute(SQLITE_BACKFILL)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_release_artifacts_search")
    elif dialect == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS release_search_{name}")
        op.execute("DROP TABLE IF EXISTS release_search")
