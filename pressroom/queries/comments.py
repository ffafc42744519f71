"""Reads of the comments beside a statement's text."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from pressroom.db import db
from pressroom.models import Comment, Statement


def comments_for(statement: Statement) -> list[Comment]:
    """The statement's threads (top-level comments, oldest first); replies hang off each."""
    return list(
        db.session.scalars(
            sa.select(Comment)
            .where(Comment.statement_id == statement.id, Comment.parent_id.is_(None))
            .options(selectinload(Comment.replies))
            .order_by(Comment.created_at, Comment.id)
        )
    )
