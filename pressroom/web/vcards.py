"""A release's press contact as a vCard: shared by the public release pages and the
embargoed links."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort

from pressroom.models import Release
from pressroom.queries import releases
from pressroom.rendering.vcard import contact_vcard


def vcard_response(release: Release, lang: str, index: int) -> Response:
    """Contact `index` of the release's contact block (as published) as a vCard."""
    contacts = releases.release_contacts(release)
    if not 0 <= index < len(contacts):
        abort(404)
    contact = contacts[index]
    orgs = {o.slug: o for o in release.organizations}
    org = orgs.get(contact["organization"])
    card = contact_vcard(
        contact["name"],
        org.name(lang) if org else contact["organization"],
        contact["phone"],
        contact["email"],
    )
    response = Response(card, mimetype="text/vcard")
    ascii_name = "".join(c if c.isascii() and c.isalnum() else "-" for c in contact["name"])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{ascii_name.strip("-") or "contact"}.vcf"; '
        f"filename*=UTF-8''{quote(contact['name'])}.vcf"
    )
    return response
