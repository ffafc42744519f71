"""Full-text search over published titles and bodies, in every language, behind one function.

SQLite (the embedded default): an FTS5 table `release_search` (rowid = the HTML artifact's
id), filled and emptied by triggers on release_artifacts. PostgreSQL: a GIN index on the
'simple' tsvector (no stemming: releases are multilingual) of the HTML artifacts' title and
text. The database keeps both in step with the artifacts, so publishing, imports and bulk
loads need no extra call. The migration 20261126_1800_3c1f0a9e7b42 creates them; the models
do not describe them, hence `include_name` for Alembic's autogenerate.

User input never reaches the query syntax: it is cut into words (letters and digits), each
word quoted, all words required, words of 3+ characters matched as prefixes.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import Artifact

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 64
PREFIX_FROM = 3  # shorter words match exactly: a one-letter prefix would match half the index

FTS_TABLE = "release_search"
PG_INDEX = "ix_release_artifacts_search"
# Accents fold on both backends ("Kökşetau" finds "Kokşetau", "подсчет" finds "подсчёт"):
# on SQLite FTS5's remove_diacritics and the triggers' replace() of ё; on PostgreSQL
# translate() of the lower-cased text with this table (Latin letters with diacritics, and
# ё), with no extension to install. Query words are folded with the same table.
FOLD_FROM = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžё"
FOLD_TO = "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzе"
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
# Must stay the expression of the migration's index, or PostgreSQL will not use it.
PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, translate(lower("
    "release_artifacts.title || ' ' || release_artifacts.text), "
    f"'{FOLD_FROM}', '{FOLD_TO}'))"
)

_WORD = re.compile(r"[^\W_]+")


def terms(query: str) -> list[str]:
    """The words of a query, lower-cased, accents folded, deduplicated, at most MAX_TERMS."""
    found: list[str] = []
    for word in _WORD.findall(query.lower().translate(_FOLD)):
        word = word[:MAX_TERM_LENGTH]
        if word not in found:
            found.append(word)
    return found[:MAX_TERMS]


def _fts5_query(words: list[str]) -> str:
    return " AND ".join(f'"{w}"*' if len(w) >= PREFIX_FROM else f'"{w}"' for w in words)


def _tsquery(words: list[str]) -> str:
    return " & ".join(f"'{w}':*" if len(w) >= PREFIX_FROM else f"'{w}'" for w in words)


def matching_release_ids(words: list[str]) -> sa.Select[Any]:
    """SELECT of the ids of releases whose title or text, in any language, has every word.
    Only the search index is read; callers add the public/current rules."""
    if db.session.get_bind().dialect.name == "postgresql":
        return (
            sa.select(Artifact.release_id)
            .distinct()
            .where(
                sa.text(
                    f"release_artifacts.kind = 'html' AND {PG_DOCUMENT} @@ "
                    "to_tsquery('simple'::regconfig, :tsquery)"
                ).bindparams(tsquery=_tsquery(words))
            )
        )
    matched: sa.Select[Any] = (
        sa.select(sa.literal_column("rowid"))
        .select_from(sa.table(FTS_TABLE))
        .where(sa.literal_column(FTS_TABLE).op("MATCH")(_fts5_query(words)))
    )
    return sa.select(Artifact.release_id).where(Artifact.id.in_(matched))


def restrict(
    query: sa.Select[Any], release_id: sa.orm.QueryableAttribute[int], words: list[str]
) -> sa.Select[Any]:
    """`query` limited to releases that have every word. The matches are found through the
    index first, whatever the planner estimates: on PostgreSQL a materialized CTE, because
    otherwise it may walk the newest releases and re-parse each text (seconds, not
    milliseconds, for a rare word in a large archive); SQLite already lists them first."""
    matches = matching_release_ids(words)
    if db.session.get_bind().dialect.name == "postgresql":
        found = matches.cte("search_matches").prefix_with("MATERIALIZED")
        return query.join(found, found.c.release_id == release_id)
    return query.where(release_id.in_(matches))


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Alembic autogenerate filter: the search objects are not drift to be dropped (the FTS5
    table and its shadow tables release_search_data/_idx/_config/_docsize; the GIN index)."""
    if type_ == "table" and name is not None:
        return not (name == FTS_TABLE or name.startswith(FTS_TABLE + "_"))
    if type_ == "index":
        return name != PG_INDEX
    return True
