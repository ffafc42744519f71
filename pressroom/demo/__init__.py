"""The demo mission of design.md, taken from the real joint release of 19 August 2007
(shared/examples): three organizations, their press officers and heads of delegation, an
admin, the contact block's press contacts, and the release as a draft statement. The
content itself is in pressroom.demo.content (the one place it lives)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from pressroom.db import db
from pressroom.models import Organization, Role, Statement, User
from pressroom.rendering.compose import OrgIdentity, compose_document
from pressroom.rendering.document import ReleaseDocument
from pressroom.services import accounts, organizations, statements

from .content import (
    CONTACTS,
    DEMO_SHORT_HASH,
    DEMO_VERIFY_URL,
    ORGANIZATIONS,
    STATEMENT,
    TRANSLATIONS,
)

__all__ = [
    "CONTACTS",
    "ORGANIZATIONS",
    "PASSWORD",
    "PEOPLE",
    "STATEMENT",
    "TRANSLATIONS",
    "demo_document",
    "publish_demo",
    "seed",
]

DEMO_OFFICER = "urdur.gunnarsdottir@odihr.example.org"  # the lead organization's officer
PASSWORD = "pressroom-demo"  # printed by seed-demo; a demo, not a secret

# (e-mail, name, role, organization)
PEOPLE = [
    ("klas.bergman@oscepa.example.org", "Klas Bergman", Role.press_officer, "osce-pa"),
    (
        "consiglio.dinino@oscepa.example.org",
        "Consiglio Di Nino",
        Role.head_of_delegation,
        "osce-pa",
    ),
    ("urdur.gunnarsdottir@odihr.example.org", "Urdur Gunnarsdottir", Role.press_officer, "odihr"),
    ("lubomir.kopaj@odihr.example.org", "Lubomir Kopaj", Role.head_of_delegation, "odihr"),
    ("bas.klein@pace.example.org", "Bas Klein", Role.press_officer, "pace"),
    ("david.wilshire@pace.example.org", "David Wilshire", Role.head_of_delegation, "pace"),
    ("admin@pressroom.example.org", "Site Admin", Role.admin, None),
]


def _organization(spec: dict) -> Organization:
    org = db.session.scalar(sa.select(Organization).where(Organization.slug == spec["slug"]))
    if org is None:
        name, short, _lines = spec["names"]["en"]
        org = organizations.create_organization(
            slug=spec["slug"], name=name, short_name=short, website=spec["website"]
        )
    for lang, (name, short, lines) in spec["names"].items():
        stored = next((n for n in org.names if n.lang == lang), None)
        letterhead = "\n".join(lines)
        if stored is None or (stored.name, stored.short_name, stored.letterhead) != (
            name,
            short,
            letterhead,
        ):
            organizations.set_name(
                org, lang=lang, name=name, short_name=short, letterhead=letterhead
            )
    return org


def identities(lang: str) -> list[OrgIdentity]:
    """The demo organizations as the document in ``lang`` shows them (no database)."""
    by_slug = {spec["slug"]: spec for spec in ORGANIZATIONS}
    out = []
    for slug in STATEMENT["organizations"]:
        spec = by_slug[slug]
        name, short, lines = spec["names"].get(lang) or spec["names"]["en"]
        out.append(
            OrgIdentity(
                slug=slug, name=name, short_name=short, letterhead=lines, website=spec["website"]
            )
        )
    return out


def demo_document(lang: str = "en", **overrides: object) -> ReleaseDocument:
    """The demo release in ``lang`` ("en" or a demo translation), as published, built by
    the same rules as publishing (pressroom.rendering.compose) without a database."""
    from pressroom.domain.validation import validate_content

    source = validate_content(STATEMENT, {o["slug"] for o in ORGANIZATIONS}).to_dict()
    fields: dict[str, Any] = {
        "preview": False,
        "short_hash": DEMO_SHORT_HASH,
        "verify_url": DEMO_VERIFY_URL,
        "source_lang": "en",
    }
    fields.update(overrides)
    return compose_document(
        lang, source, TRANSLATIONS.get(lang) if lang != "en" else None, identities(lang), **fields
    )


def seed() -> list[tuple[str, str, str]]:
    """Create what is missing; running it twice changes nothing. Returns the logins."""
    orgs = {spec["slug"]: _organization(spec) for spec in ORGANIZATIONS}
    for email, name, role, slug in PEOPLE:
        if not db.session.scalar(sa.select(User.id).where(User.email == email)):
            accounts.create_user(
                email=email,
                display_name=name,
                password=PASSWORD,
                role=role,
                organization=orgs[slug] if slug else None,
            )
    for slug, name, phone, email, _affiliation in CONTACTS:
        if not any(c.email == email for c in orgs[slug].contacts):
            organizations.create_contact(orgs[slug], name=name, phone=phone, email=email)
    _demo_signing(list(orgs.values()))
    if not db.session.scalar(sa.select(Statement.id).limit(1)):
        author = db.session.scalars(sa.select(User).where(User.email == PEOPLE[2][0])).one()
        statement = statements.create_statement(
            author,
            STATEMENT,
            source_language="en",
            target_languages=["ru", "fr"],
            timezone="Asia/Almaty",
        )
        _demo_photo(statement, author)
    return [(email, role.value, slug or "-") for email, _n, role, slug in PEOPLE]


def _demo_photo(statement: Statement, author: User) -> None:
    """The demo's photo: drawn by pressroom.demo.photo, licensed CC0."""
    from pressroom.demo import photo
    from pressroom.services import media

    media.attach(
        statement,
        author,
        "photo",
        photo.draw(),
        photo.FILENAME,
        {
            "caption": photo.CAPTION,
            "credit": photo.CREDIT,
            "alt": photo.ALT,
            "licence": photo.LICENCE,
        },
    )


def _demo_signing(orgs: list[Organization]) -> None:
    """A demo hierarchy when none exists, so that the demo's PDFs are signed."""
    from pressroom.services import signing

    if signing.root_row() is None:
        signing.init(actor_label="seed-demo")
    for org in orgs:
        if signing.active_certificate(org) is None:
            signing.issue(org, actor_label="seed-demo")


def translate_and_approve() -> Statement:
    """The demo statement translated into Russian and French by a press officer and
    approved by the three heads (not committed: its jobs run after the caller's commit)."""
    from pressroom.services import approvals, translations

    statement = db.session.scalars(sa.select(Statement).order_by(Statement.id).limit(1)).one()
    people = {
        email: db.session.scalars(sa.select(User).where(User.email == email)).one()
        for email, *_rest in PEOPLE
    }
    officer = people[DEMO_OFFICER]
    assert statement.current_revision is not None
    source = statement.current_revision.number
    for lang, content in TRANSLATIONS.items():
        translations.save_translation(statement, officer, lang, None, source, content)
    if statement.status == "draft":
        approvals.submit(statement, officer)
    for email, _name, role, _org in PEOPLE:
        if role == Role.head_of_delegation:
            approvals.decide(statement, people[email], "approve", source)
    return statement


def publish_demo() -> Statement:
    """Take the demo statement through the whole workflow: translated, approved, and
    published at its historical moment (19 August 2007, noon in Astana), as the original
    was."""
    from pressroom.services import publishing

    seed()
    statement = translate_and_approve()
    officer = db.session.scalars(sa.select(User).where(User.email == DEMO_OFFICER)).one()
    db.session.commit()  # the bundle's pages, PDFs and signatures are made after the commit
    moment = dt.datetime(2007, 8, 19, 12, 0, tzinfo=ZoneInfo("Asia/Almaty"))
    config = current_app.config
    saved = config.get("CLOCK")
    config["CLOCK"] = lambda: moment
    try:
        publishing.publish(statement, officer)
    finally:
        if saved is None:
            config.pop("CLOCK", None)
        else:
            config["CLOCK"] = saved
    return statement


def publish_demo_now() -> Statement:
    """publish_demo() from the command line: its background jobs (render, signatures) run
    right after each commit, so the publication finds them done."""
    config = current_app.config
    saved = config.get("JOBS_MODE")
    config["JOBS_MODE"] = "inline"
    try:
        return publish_demo()
    finally:
        config["JOBS_MODE"] = saved
