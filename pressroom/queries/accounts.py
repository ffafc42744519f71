"""Reads of user accounts."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import User


def users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.email)))
