"""Reads of stored release bundles: a statement's bundle record by its hash. The current
bundle's hash is computed by `services.bundles.current_hash`; callers pass it in."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import BundleRecord, Statement


def get(statement: Statement, hash_: str) -> BundleRecord | None:
    """The stored bundle of `statement` with this hash, if any."""
    return by_statement_id(statement.id, hash_)


def by_statement_id(statement_id: int, hash_: str) -> BundleRecord | None:
    return db.session.scalar(
        sa.select(BundleRecord).where(
            BundleRecord.statement_id == statement_id, BundleRecord.hash == hash_
        )
    )
