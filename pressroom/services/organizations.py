"""Organizations (names per language) and their press contacts."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import sqlalchemy as sa
from babel import Locale, UnknownLocaleError
from flask_babel import gettext as _

from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.domain.languages import LANG_TAG
from pressroom.domain.logos import clean_logo
from pressroom.domain.permissions import Permission
from pressroom.domain.validation import clean_text, valid_url
from pressroom.models import Contact, Organization, OrganizationName, Participant, User
from pressroom.rendering.pdf import STATIC_DIR
from pressroom.rendering.phones import normalize_phone
from pressroom.services import audit
from pressroom.services.accounts import normalize_email
from pressroom.services.permissions import require, require_contacts_of

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 40


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
    return (
        clean_text(name, field="name", limit=200),
        clean_text(short_name, field="short_name", limit=60),
    )


def slug_from_name(name: str) -> str:
    """ "OSCE Parliamentary Assembly" -> "osce-parliamentary-assembly": ASCII letters and
    digits (accents dropped), at most 40 characters, cut at a dash; "org" when nothing is
    left (a name in another script)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = (
            slug[: SLUG_MAX + 1].rsplit("-", 1)[0]
            if "-" in slug[: SLUG_MAX + 1]
            else slug[:SLUG_MAX]
        )
    return slug.strip("-") or "org"


def _free_slug(base: str) -> str:
    taken = set(
        db.session.scalars(
            sa.select(Organization.slug).where(Organization.slug.startswith(base[: SLUG_MAX - 4]))
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base[: SLUG_MAX - 1 - len(str(n))]}-{n}" in taken:
        n += 1
    return f"{base[: SLUG_MAX - 1 - len(str(n))]}-{n}"


def _check_slug(slug: str, org: Organization | None = None) -> str:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug) or len(slug) > SLUG_MAX:
        raise ValidationFailed(
            _("A slug has lower-case letters, digits and dashes only."), details={"slug": slug}
        )
    query = sa.select(Organization.id).where(Organization.slug == slug)
    if org is not None:
        query = query.where(Organization.id != org.id)
    if db.session.scalar(query):
        raise ValidationFailed(
            _("An organization with this slug already exists."), details={"slug": "taken"}
        )
    return slug


def _check_website(website: str) -> str:
    website = clean_text(website, field="website", limit=300)
    if website and not valid_url(website):
        raise ValidationFailed(
            _("Enter an http:// or https:// address."),
            details={"website": "not an http(s) address"},
        )
    return website


def create_organization(
    *,
    slug: str = "",
    name: str,
    short_name: str = "",
    website: str = "",
    actor: User | None = None,
    lang: str = "en",
) -> Organization:
    """`slug` empty: made from the name (made unique with -2, -3, …)."""
    require(actor, Permission.manage_organizations)
    name, short_name = _names(name, short_name)
    slug = _check_slug(slug) if slug.strip() else _free_slug(slug_from_name(name))
    website = _check_website(website)
    org = Organization(slug=slug, website=website)
    org.names.append(OrganizationName(lang=validate_locale(lang), name=name, short_name=short_name))
    db.session.add(org)
    db.session.flush()
    audit.record("organization.create", actor=actor, obj=org, slug=slug, name=name)
    return org


def slug_in_use(org: Organization) -> bool:
    """Once the organization takes part in a statement its slug is in revisions, bundles
    and releases (the hashes cover it): from then on it never changes."""
    return (
        db.session.scalar(sa.select(sa.exists().where(Participant.organization_id == org.id)))
        or False
    )


def update_identity(
    org: Organization, *, slug: str, website: str, actor: User | None = None
) -> None:
    require(actor, Permission.manage_organizations)
    slug = _check_slug(slug, org)
    website = _check_website(website)
    changes: dict[str, Any] = {}
    if slug != org.slug:
        if slug_in_use(org):
            raise ValidationFailed(
                _("The slug is already used in statements and can no longer change."),
                details={"slug": "in use"},
            )
        changes["slug"] = [org.slug, slug]
        org.slug = slug
    if website != org.website:
        changes["website"] = [org.website, website]
        org.website = website
    db.session.flush()
    if changes:
        audit.record("organization.identity", actor=actor, obj=org, **changes)


def set_name(
    org: Organization,
    *,
    lang: str,
    name: str,
    short_name: str = "",
    letterhead: str = "",
    actor: User | None = None,
) -> OrganizationName:
    require(actor, Permission.manage_organizations)
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
    require_contacts_of(actor, org.id)
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
    contact = Contact(organization=org, name=name, phone=normalized, email=normalize_email(email))
    db.session.add(contact)
    db.session.flush()
    audit.record(
        "contact.create", actor=actor, obj=contact, organization=org.slug, name=contact.name
    )
    return contact


def deactivate_contact(contact: Contact, actor: User) -> None:
    require_contacts_of(actor, contact.organization_id)
    contact.active = False
    audit.record("contact.deactivate", actor=actor, obj=contact)


# --- logos ------------------------------------------------------------------------------

#: Logos are served, and read by the PDF renderer's closed fetcher, as the app's own
#: static files: each is written there content-addressed from the database on first use.
LOGO_DIR = STATIC_DIR / "logos"


def set_logo(
    org: Organization, *, lang: str, data: bytes, actor: User | None = None
) -> OrganizationName:
    """Store `data` (an upload, never a URL) sanitized as the logo of `org` in `lang`.

    The language needs a name row (the logo belongs with the letterhead of that
    language); ValidationFailed when the file is refused."""
    require(actor, Permission.manage_organizations)
    lang = validate_locale(lang)
    entry = next((n for n in org.names if n.lang == lang), None)
    if entry is None:
        raise ValidationFailed(
            _("Add the organization's name in this language first."), details={"lang": lang}
        )
    logo = clean_logo(data)
    entry.logo_type, entry.logo_data, entry.logo_sha256 = logo.media_type, logo.data, logo.sha256
    db.session.flush()
    audit.record(
        "organization.logo",
        actor=actor,
        obj=org,
        lang=lang,
        sha256=logo.sha256,
        media_type=logo.media_type,
    )
    return entry


def remove_logo(org: Organization, *, lang: str, actor: User | None = None) -> None:
    require(actor, Permission.manage_organizations)
    entry = next((n for n in org.names if n.lang == validate_locale(lang)), None)
    if entry is not None and entry.logo_sha256:
        entry.logo_type, entry.logo_data, entry.logo_sha256 = "", None, ""
        db.session.flush()
        audit.record("organization.logo_removed", actor=actor, obj=org, lang=lang)


def logo_entry(org: Organization, lang: str) -> OrganizationName | None:
    """The name row whose logo the document in `lang` shows: that language's, else the
    English one (a logo is often the same in every language)."""
    by_lang = {n.lang: n for n in org.names}
    for code in (lang, lang.split("_")[0], "en"):
        entry = by_lang.get(code)
        if entry is not None and entry.logo_sha256:
            return entry
    return None


def logo_url(org: Organization, lang: str) -> str:
    """ "/static/logos/<sha256>.<svg|png>" for the document in `lang` ("" without logo)."""
    entry = logo_entry(org, lang)
    if entry is None or entry.logo_data is None:
        return ""
    ext = "svg" if entry.logo_type == "image/svg+xml" else "png"
    name = f"{entry.logo_sha256}.{ext}"
    path = LOGO_DIR / name
    if not path.is_file():
        LOGO_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_bytes(entry.logo_data)
        partial.replace(path)
    return f"/static/logos/{name}"
