"""The admin page of the signing authority: the root and each organization's
certificates with their state (two queries, whatever the number of certificates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from pressroom.db import db
from pressroom.models import Organization, SigningCertificate


@dataclass(frozen=True)
class CertificateView:
    row: SigningCertificate
    # current: signs from now on | rotated: replaced, still valid for what it signed |
    # revoked: listed in the CRL | expired: past its validity
    state: str


@dataclass(frozen=True)
class OrganizationCertificates:
    organization: Organization
    certificates: list[CertificateView]  # newest first

    @property
    def current(self) -> CertificateView | None:
        return next((c for c in self.certificates if c.state == "current"), None)


@dataclass(frozen=True)
class SigningOverview:
    root: SigningCertificate | None
    organizations: list[OrganizationCertificates]


def certificate_state(row: SigningCertificate, newest_valid: bool, now: dt.datetime) -> str:
    if row.revoked_at is not None:
        return "revoked"
    if row.not_after <= now:
        return "expired"
    return "current" if newest_valid else "rotated"


def overview(now: dt.datetime) -> SigningOverview:
    rows = list(
        db.session.scalars(sa.select(SigningCertificate).order_by(SigningCertificate.id.desc()))
    )
    root = next((r for r in rows if r.organization_id is None and r.revoked_at is None), None)
    by_org: dict[int, list[SigningCertificate]] = {}
    for row in rows:
        if row.organization_id is not None:
            by_org.setdefault(row.organization_id, []).append(row)
    organizations = list(
        db.session.scalars(
            sa.select(Organization)
            .options(selectinload(Organization.names))
            .order_by(Organization.slug)
        )
    )
    listed = []
    for org in organizations:
        views, seen_valid = [], False
        for row in by_org.get(org.id, []):  # newest first
            valid = row.revoked_at is None and row.not_after > now
            views.append(
                CertificateView(row, certificate_state(row, valid and not seen_valid, now))
            )
            seen_valid = seen_valid or valid
        listed.append(OrganizationCertificates(org, views))
    return SigningOverview(root, listed)
