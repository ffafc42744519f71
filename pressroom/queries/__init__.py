"""Read-only queries shared by pages and the API (no state changes here)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from pressroom.db import db
from pressroom.models import Contact, Organization, Participant, Revision, Statement, User
from pressroom.queries.overview import statements_options


def statements_for(user: User) -> list[Statement]:
    """Statements in which the user's organization takes part, most recently created first."""
    if user.organization_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Statement)
            .join(Participant, Participant.statement_id == Statement.id)
            .where(Participant.organization_id == user.organization_id)
            .options(*statements_options())
            .order_by(Statement.created_at.desc(), Statement.id.desc())
        )
    )


def organizations() -> list[Organization]:
    return list(
        db.session.scalars(
            sa.select(Organization)
            .options(selectinload(Organization.contacts))
            .order_by(Organization.slug)
        )
    )


def organization_by_slug(slug: str) -> Organization | None:
    return db.session.scalar(sa.select(Organization).where(Organization.slug == slug))


def active_contacts(organization_ids: list[int]) -> list[Contact]:
    return list(
        db.session.scalars(
            sa.select(Contact)
            .where(Contact.organization_id.in_(organization_ids), Contact.active.is_(True))
            .order_by(Contact.organization_id, Contact.name)
        )
    )


def users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.email)))


def revisions_of(statement: Statement, *, newest_first: bool = False) -> list[Revision]:
    order = Revision.number.desc() if newest_first else Revision.number
    return list(db.session.scalars(
        sa.select(Revision).where(Revision.statement_id == statement.id).order_by(order)
    ))
