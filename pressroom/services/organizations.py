"""Organizations (names per language) and their press contacts."""

from __future__ import annotations

import re

import sqlalchemy as sa
from babel import Locale, UnknownLocaleError
from flask_babel import gettext as _

from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.domain.validation import clean_text, valid_url
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


def _names(name: str, short_name: str) -> tuple[str, str]:
    if not name.strip():
        raise ValidationFailed(_("Enter a name."), details={"name": "required"})
    return (clean_text(name, field="name", limit=200),
            clean_text(short_name, field="short_name", limit=60))


def create_organization(
    *, slug: str, name: str, short_name: str = "", website: str = "", actor: User | None = None,
    lang: str = "en",
) -> Organization:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug) or len(slug) > 40:
        raise ValidationFailed(
            _("A slug has lower-case letters, digits and dashes only."), details={"slug": slug}
        )
    name, short_name = _names(name, short_name)
    website = clean_text(website, field="website", limit=300)
    if website and not valid_url(website):
        raise ValidationFailed(_("Enter an http:// or https:// address."),
                               details={"website": "not an http(s) address"})
    if db.session.scalar(sa.select(Organization.id).where(Organization.slug == slug)):
        raise ValidationFailed(
            _("An organization with this slug already exists."), details={"slug": "taken"}
        )
    org = Organization(slug=slug, website=website)
    org.names.append(OrganizationName(lang=validate_locale(lang), name=name,
                                      short_name=short_name))
    db.session.add(org)
    db.session.flush()
    audit.record("organization.create", actor=actor, obj=org, slug=slug, name=name)
    return org


def set_name(
    org: Organization, *, lang: str, name: str, short_name: str = "", letterhead: str = "",
    actor: User | None = None,
) -> OrganizationName:
    lang = validate_locale(lang)
    name, short_name = _names(name, short_name)
    letterhead = clean_text(letterhead, field="letterhead", multiline=True, limit=2000)
    entry = next((n for n in org.names if n.lang == lang), None)
    if entry is None:
        entry = OrganizationName(lang=lang, name="")
        org.names.append(entry)
    entry.name, entry.short_name, entry.letterhead = name, short_name, letterhead
    db.session.flush()
    audit.record("organization.name", actor=actor, obj=org, lang=lang, name=entry.name)
    return entry


def create_contact(
    org: Organization, *, name: str, phone: str, email: str, actor: User | None = None
) -> Contact:
    if not name.strip():
        raise ValidationFailed(_("Enter a name."), details={"name": "required"})
    name = clean_text(name, field="name", limit=200)
    try:
        normalized = normalize_phone(phone)
    except ValueError:
        raise ValidationFailed(
            _("Enter the phone number in international format, e.g. +33 662 265 489."),
            details={"phone": phone},
        ) from None
    contact = Contact(
        organization=org, name=name, phone=normalized, email=normalize_email(email)
    )
    db.session.add(contact)
    db.session.flush()
    audit.record("contact.create", actor=actor, obj=contact, organization=org.slug,
                 name=contact.name)
    return contact


def deactivate_contact(contact: Contact, actor: User) -> None:
    contact.active = False
    audit.record("contact.deactivate", actor=actor, obj=contact)
