"""The directory: organizations and their press contacts."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from pressroom.db import db
from pressroom.models import Contact, Organization


def organizations(*, contacts: bool = True) -> list[Organization]:
    """Every organization (a few dozen at most), by slug; `contacts`: with their contacts
    loaded in the same round (admin pages, the editor's directory)."""
    query = sa.select(Organization).order_by(Organization.slug)
    if contacts:
        query = query.options(selectinload(Organization.contacts))
    return list(db.session.scalars(query))


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
