"""The demo mission of design.md, taken from the real joint release of 19 August 2007
(shared/examples): three organizations, their press officers and heads of delegation, an
admin, the contact block's press contacts, and the release as a draft statement."""

from __future__ import annotations

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import Organization, Role, Statement, User
from pressroom.services import accounts, organizations, statements

PASSWORD = "pressroom-demo"  # printed by seed-demo; a demo, not a secret

ORGANIZATIONS = [
    {
        "slug": "osce-pa", "website": "https://www.oscepa.org",
        "names": {
            "en": ("OSCE Parliamentary Assembly", "OSCE PA"),
            "fr": ("Assemblée parlementaire de l'OSCE", "AP de l'OSCE"),
            "ru": ("Парламентская ассамблея ОБСЕ", "ПА ОБСЕ"),
            "de": ("Parlamentarische Versammlung der OSZE", "PV der OSZE"),
        },
    },
    {
        "slug": "odihr", "website": "https://www.osce.org/odihr",
        "names": {
            "en": ("OSCE Office for Democratic Institutions and Human Rights", "OSCE/ODIHR"),
            "fr": ("Bureau des institutions démocratiques et des droits de l'homme de l'OSCE",
                   "BIDDH de l'OSCE"),
            "ru": ("Бюро ОБСЕ по демократическим институтам и правам человека", "БДИПЧ ОБСЕ"),
            "de": ("OSZE-Büro für demokratische Institutionen und Menschenrechte", "OSZE/BDIMR"),
        },
    },
    {
        "slug": "pace", "website": "https://pace.coe.int",
        "names": {
            "en": ("Parliamentary Assembly of the Council of Europe", "PACE"),
            "fr": ("Assemblée parlementaire du Conseil de l'Europe", "APCE"),
            "ru": ("Парламентская ассамблея Совета Европы", "ПАСЕ"),
            "de": ("Parlamentarische Versammlung des Europarates", "PVER"),
        },
    },
]

# (e-mail, name, role, organization)
PEOPLE = [
    ("klas.bergman@oscepa.example.org", "Klas Bergman", Role.press_officer, "osce-pa"),
    ("consiglio.dinino@oscepa.example.org", "Consiglio Di Nino", Role.head_of_delegation,
     "osce-pa"),
    ("urdur.gunnarsdottir@odihr.example.org", "Urdur Gunnarsdottir", Role.press_officer, "odihr"),
    ("lubomir.kopaj@odihr.example.org", "Lubomir Kopaj", Role.head_of_delegation, "odihr"),
    ("bas.klein@pace.example.org", "Bas Klein", Role.press_officer, "pace"),
    ("david.wilshire@pace.example.org", "David Wilshire", Role.head_of_delegation, "pace"),
    ("admin@pressroom.example.org", "Site Admin", Role.admin, None),
]

CONTACTS = [
    ("osce-pa", "Klas Bergman", "+7 701 795 0486", "klas@oscepa.dk"),
    ("odihr", "Urdur Gunnarsdottir", "+7 701 795 0500", "urdur@odihr.pl"),
    ("pace", "Bas Klein", "+33 662 265 489", "bas.klein@coe.int"),
]

STATEMENT = {
    "title": "Kazakh elections: progress and problems",
    "dateline_city": "Astana",
    "dateline_date": "2007-08-19",
    "organizations": ["odihr", "osce-pa", "pace"],
    "lead": (
        "While the 2007 parliamentary elections in Kazakhstan reflected welcome progress, a "
        "number of international standards were not met, in particular with regard to elements "
        "of the new legal framework and the vote count, concluded the International Election "
        "Observation Mission deployed to monitor the 18 August elections."
    ),
    "body": "\n\n".join([
        "Voting was conducted in a calm atmosphere and was assessed positively by observers. "
        "However the vote count was assessed negatively in over 40 per cent of polling stations "
        "visited, mainly due to procedural problems and lack of transparency.",
        "In the pre-election period, candidates enjoyed increased ability to convey their "
        "messages to voters. Candidate list registration was inclusive. The Central Election "
        "Commission worked transparently and adopted numerous decisions to regulate the "
        "election process and conducted extensive voter education. Observers enjoyed good "
        "co-operation with the authorities.",
        "However, a combination of restrictive legal provisions stands in the way of developing "
        "a pluralistic political party system and decreases accountability of elected "
        "representatives to voters. Those include a high threshold for representation in the "
        "parliament, provisions that parties choose only after the elections which candidates "
        "become members of parliament and undue limitations on the right to seek public office.",
        "Furthermore, nine of the 107 seats in the lower house of parliament are not contested "
        "by popular vote, but appointed, and the governing Nur Otan party received favourable "
        "treatment by authorities and State media.",
    ]),
    "quotes": [
        {
            "organization": "osce-pa", "speaker": "Senator Consiglio Di Nino",
            "function": "Special Co-ordinator of the OSCE short-term observers and Head of the "
                        "OSCE Parliamentary Assembly delegation",
            "text": "Notwithstanding the concerns contained in the report, I believe that these "
                    "elections continue to move Kazakhstan forward in its evolution towards a "
                    "democratic country.",
        },
        {
            "organization": "pace", "speaker": "David Wilshire",
            "function": "Head of the delegation of the Parliamentary Assembly of the Council "
                        "of Europe",
            "text": "Building a democracy is a long and hard task. However, the people of "
                    "Kazakhstan are making real progress. I am not surprised that more needs to "
                    "be done but saddened that the outstanding challenges include some "
                    "fundamental matters.",
        },
        {
            "organization": "odihr", "speaker": "Ambassador Lubomir Kopaj",
            "function": "Head of the OSCE/ODIHR long-term election observation mission",
            "text": "The authorities have demonstrated a willingness to improve the election "
                    "process, but our observations show that Kazakhstan still needs to make many "
                    "improvements.",
        },
    ],
    "contacts": [
        {"organization": org, "name": name, "phone": phone, "email": email}
        for org, name, phone, email in CONTACTS
    ],
    "further_info_url": "http://www.osce.org/item/25959.html",
}

ODIHR_LETTERHEAD = "ORGANIZATION FOR SECURITY AND CO-OPERATION IN EUROPE\n" \
                   "Office for Democratic Institutions and Human Rights"


def _organization(spec: dict) -> Organization:
    org = db.session.scalar(sa.select(Organization).where(Organization.slug == spec["slug"]))
    if org is None:
        name, short = spec["names"]["en"]
        org = organizations.create_organization(
            slug=spec["slug"], name=name, short_name=short, website=spec["website"]
        )
    for lang, (name, short) in spec["names"].items():
        if org.name_in(lang) is None or org.name_in(lang).lang != lang:
            letterhead = ODIHR_LETTERHEAD if spec["slug"] == "odihr" and lang == "en" else ""
            organizations.set_name(org, lang=lang, name=name, short_name=short,
                                   letterhead=letterhead)
    return org


def seed() -> list[tuple[str, str, str]]:
    """Create what is missing; running it twice changes nothing. Returns the logins."""
    orgs = {spec["slug"]: _organization(spec) for spec in ORGANIZATIONS}
    for email, name, role, slug in PEOPLE:
        if not db.session.scalar(sa.select(User.id).where(User.email == email)):
            accounts.create_user(email=email, display_name=name, password=PASSWORD, role=role,
                                 organization=orgs[slug] if slug else None)
    for slug, name, phone, email in CONTACTS:
        if not any(c.email == email for c in orgs[slug].contacts):
            organizations.create_contact(orgs[slug], name=name, phone=phone, email=email)
    _demo_signing(list(orgs.values()))
    if not db.session.scalar(sa.select(Statement.id).limit(1)):
        author = db.session.scalar(sa.select(User).where(User.email == PEOPLE[2][0]))
        statements.create_statement(author, STATEMENT, source_language="en",
                                    target_languages=["ru", "fr"], timezone="Asia/Almaty")
    return [(email, role.value, slug or "-") for email, _n, role, slug in PEOPLE]


def _demo_signing(orgs: list[Organization]) -> None:
    """A demo hierarchy when none exists, so that the demo's PDFs are signed."""
    from pressroom.services import signing

    if signing.root_row() is None:
        signing.init(actor_label="seed-demo")
    for org in orgs:
        if signing.active_certificate(org) is None:
            signing.issue(org, actor_label="seed-demo")


def publish_demo() -> Statement:
    """Take the demo statement through the whole workflow: translated into Russian and
    French by the press officers, approved by the three heads, published now."""
    from pressroom.demo_translations import TRANSLATIONS
    from pressroom.services import approvals, publishing, translations

    seed()
    statement = db.session.scalar(sa.select(Statement).order_by(Statement.id).limit(1))
    people = {email: db.session.scalar(sa.select(User).where(User.email == email))
              for email, *_rest in PEOPLE}
    officer = people["urdur.gunnarsdottir@odihr.example.org"]
    source = statement.current_revision.number
    for lang, content in TRANSLATIONS.items():
        translations.save_translation(statement, officer, lang, None, source, content)
    if statement.status == "draft":
        approvals.submit(statement, officer)
    for email, _name, role, _org in PEOPLE:
        if role == Role.head_of_delegation:
            approvals.decide(statement, people[email], "approve", source)
    db.session.commit()  # the approved bundle's pages and PDFs render after the commit
    publishing.publish(statement, officer)
    return statement
