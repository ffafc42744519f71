"""GET /api/v1/organizations: organizations with their names and press contacts."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue

from pressroom import queries
from pressroom.models import Organization
from pressroom.rendering.phones import format_phone
from pressroom.web.api import bp, require_token


def organization_document(org: Organization) -> dict[str, Any]:
    return {
        "slug": org.slug,
        "name": org.name(),
        "short_name": org.short_name(),
        "website": org.website,
        "names": {n.lang: {"name": n.name, "short_name": n.short_name} for n in org.names},
        "contacts": [
            {
                "id": c.id,
                "name": c.name,
                "phone": c.phone,
                "phone_display": format_phone(c.phone),
                "email": c.email,
            }
            for c in org.contacts
            if c.active
        ],
    }


@bp.get("/organizations")
def list_organizations() -> ResponseReturnValue:
    require_token()
    return {"organizations": [organization_document(o) for o in queries.organizations()]}
