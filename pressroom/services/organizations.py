"""Organizations (names per language) and their press contacts."""

from __future__ import annotations

import re

import sqlalchemy as sa
from babel import Locale, UnknownLocaleError
from flask_babel import gettext as _

from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.models import Contact, Organization, OrganizationName, User
from pressroom.rendering.html import LANG_TAG
from pressroom.rendering.phones import normalize_phone
from pressroom.services import audit
from pressroom.services.accounts import normalize_email

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def validate_locale(code: str) -> str:
    """Any Babel locale id (e.g. kk, fr, pt_BR); refuses what Babel does not know."""
    try:
        parsed = str(Locale.parse(code.strip().replace("-", "_")))
        if not LANG_TAG.match(parsed):  # e.g. "root": a Babel locale, not a language
            raise ValueError(parsed)
        return parsed
    except (ValueError, UnknownLocaleError):
        raise ValidationFailed(
            _("%(code)s is not a known language code.", code=code), details={"lang": code}
        ) from None


def create_organization(
    *, slug: str, name: str, short_name: str = "", website: str = "", actor: User | None = None,
    lang: str = "en",
) -> Organization:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug) or len(slug) > 40:
        raise ValidationFailed(
            _("A slug has lower-case letters, digits and dashes only."), details={"slug": slug}
        )
    if not name.strip():
        raise ValidationFailed(_("Enter a name."), details={"name": "required"})
    if db.session.scalar(sa.select(Organization.id).where(Organization.slug == slug)):
        raise ValidationFailed(
            _("An organization with this slug already exists."), details={"slug": "taken"}
        )
    org = Organization(slug=slug, website=website.strip())
    org.names.append(
        OrganizationName(lang=validate_locale(lang), name=name.strip(),
                         short_name=short_name.strip())
    )
    db.session.add(org)
    db.session.flush()
    audit.record("organization.create", actor=actor, obj=org, slug=slug, name=name.strip())
    return org


def set_name(
    org: Organization, *, lang: str, name: str, short_name: str = "", letterhead: str = "",
    actor: User | None = None,
) -> OrganizationName:
    lang = validate_locale(lang)
    if not name.strip():
        raise ValidationFailed(_("Enter a name."), details={"name": "required"})
    entry = next((n for n in org.names if n.lang == lang), None)
    if entry is None:
        entry = OrganizationName(lang=lang, name="")
        org.names.append(entry)
    entry.name, entry.short_name = name.strip(), short_name.strip()
    entry.letterhead = letterhead.strip()
    db.session.flush()
    audit.record("organization.name", actor=actor, obj=org, lang=lang, name=entry.name)
    return entry


def create_contact(
    org: Organization, *, name: str, phone: str, email: str, actor: User | None = None
) -> Contact:
    if not name.strip():
        raise ValidationFailed(_("Enter a name."), details={"name": "required"})
    try:
        normalized = normalize_phone(phone)
    except ValueError:
        raise ValidationFailed(
            _("Enter the phone number in international format, e.g. +33 662 265 489."),
            details={"phone": phone},
        ) from None
    contact = Contact(
        organization=org, name=name.strip(), phone=normalized, email=normalize_email(email)
    )
    db.session.add(contact)
    db.session.flush()
    audit.record("contact.create", actor=actor, obj=contact, organization=org.slug,
                 name=contact.name)
    return contact


def deactivate_contact(contact: Contact, actor: User) -> None:
    contact.active = False
    audit.record("contact.deactivate", actor=actor, obj=contact)
