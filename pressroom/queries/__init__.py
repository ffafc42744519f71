"""Every read for pages, the API and jobs, one module per concept; no state changes here.

    statements     statements of an organization, revisions, pending versions, decisions
    comments       the comment threads beside a statement
    translations   a statement's translations and the readiness of each language
    overview       dashboard and API list rows in a constant number of queries
    approvals      what waits for a head, changes requested, newest decisions, the matrix
    bundles        stored release bundles by hash
    presence       who was seen on a statement
    conflicts      a pending version merged against a stored revision (conflict page)
    directory      organizations and press contacts
    accounts       user accounts and their sessions
    releases       public releases, versions, verification, approvals of a release
    newsroom       the public list, filters, feeds, sitemap, change stamp
    search         full-text search over published releases

The most used reads are re-exported here (`queries.organizations()`).
"""

from __future__ import annotations

from pressroom.queries.accounts import users
from pressroom.queries.directory import active_contacts, organization_by_slug, organizations
from pressroom.queries.statements import revisions_of, statements_for

__all__ = [
    "active_contacts",
    "organization_by_slug",
    "organizations",
    "revisions_of",
    "statements_for",
    "users",
]
