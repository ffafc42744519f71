"""A public release in one language as IPTC ninjs 2.1 (News in JSON), for newsroom systems.

Read side only, from what publication froze: the release's organizations, its source
revision and the translation revisions of its published bundle, its stored files. How the
press release maps onto ninjs (2.1 has no top-level contacts: they are `people`):

| ninjs | pressroom |
|---|---|
| uri, version | the stable page URL of the language, the release's version |
| pubstatus | `usable`; `canceled` once withdrawn |
| headlines, descriptions | title (main); lead (summary), correction note, withdrawal notice |
| bodies | the body as HTML |
| located | the dateline's city, in the language |
| organisations | the issuing organizations (rel `issuer`, literal = slug) |
| people | speakers of the quotes (rel `speaker`), press contacts (rel `presscontact`) |
| renditions | `page` (text/html) and `pdf` (application/pdf, sizeinbytes) |
| firstcreated, versioncreated, embargoed | first public version, this one, embargo end |
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from flask import url_for

from pressroom.config import public_url
from pressroom.db import db
from pressroom.models import ArtifactKind, BundleRecord, Release, Revision, TranslationRevision
from pressroom.queries import releases
from pressroom.rendering.compose import OrgIdentity, compose_document, labels_for
from pressroom.rendering.document import ReleaseDocument
from pressroom.rendering.markdown import render_markdown

STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}
PROFILE = "pressroom-press-release"
_TAG = re.compile(r"<[^>]+>")


def published_document(release: Release, lang: str) -> tuple[ReleaseDocument, str] | None:
    """The document of `lang` exactly as published, with its dateline city (None: not a
    language of the release)."""
    if lang not in releases.languages(release):
        return None
    source = db.session.get(Revision, release.revision_id)
    if source is None:
        return None
    translation = None
    source_lang = release.statement.source_language
    if lang != source_lang:
        bundle = db.session.scalar(
            sa.select(BundleRecord).where(
                BundleRecord.statement_id == release.statement_id,
                BundleRecord.hash == release.bundle_hash,
            )
        )
        revision_id = (bundle.translation_revision_ids or {}).get(lang) if bundle else None
        found = db.session.get(TranslationRevision, revision_id) if revision_id else None
        translation = found.content if found else None
    identities = [
        OrgIdentity(
            slug=o.slug, name=o.name(lang), short_name=o.short_name(lang), website=o.website
        )
        for o in release.organizations
    ]
    doc = compose_document(
        lang,
        source.content,
        translation,
        identities,
        labels=labels_for(lang),
        preview=False,
        version=release.version,
        correction_note=release.correction_note,
        withdrawal_notice=release.withdrawal_notice,
        source_lang=source_lang,
    )
    city = (translation or {}).get("dateline_city") or source.content.get("dateline_city")
    return doc, str(city or "")


def _moment(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _people(doc: ReleaseDocument) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    for quote in doc.quotes:
        person: dict[str, Any] = {"name": quote.speaker, "rel": "speaker"}
        role = ", ".join(p for p in (quote.function, quote.organization) if p)
        if role:
            person["literal"] = role
        people.append(person)
    for contact in doc.contacts:
        info = [
            {"type": "phone", "role": "office", "value": contact.phone},
            {"type": "email", "role": "office", "value": contact.email},
        ]
        people.append(
            {
                "name": contact.name,
                "rel": "presscontact",
                "literal": contact.organization,
                "contactinfo": [i for i in info if i["value"]],
            }
        )
    return people


def _organisations(release: Release, lang: str) -> list[dict[str, Any]]:
    found = []
    for org in release.organizations:
        entry: dict[str, Any] = {"name": org.name(lang), "rel": "issuer", "literal": org.slug}
        if org.website.startswith(("https://", "http://")):
            entry["uri"] = org.website
            entry["contactinfo"] = [{"type": "web", "value": org.website}]
        found.append(entry)
    return found


def _renditions(release: Release, lang: str, slug: str) -> list[dict[str, Any]]:
    page = releases.artifact(release, lang, ArtifactKind.html)
    pdf = releases.artifact(release, lang, ArtifactKind.pdf)
    found: list[dict[str, Any]] = []
    if page is not None:
        found.append(
            {
                "name": "page",
                "contenttype": "text/html",
                "title": page.title,
                "href": public_url(url_for("public.release_page", lang=lang, slug=slug)),
                "sizeinbytes": page.size,
            }
        )
    if pdf is not None and release.withdrawn_at is None:  # a withdrawn PDF is refused (410)
        found.append(
            {
                "name": "pdf",
                "contenttype": "application/pdf",
                "format": "PDF/UA-1",
                "href": public_url(url_for("public.release_pdf", lang=lang, slug=slug)),
                "sizeinbytes": pdf.size,
            }
        )
    return found


def ninjs_item(release: Release, lang: str) -> dict[str, Any] | None:
    """The ninjs 2.1 object of `release` in `lang`, or None when it lacks the language."""
    found = published_document(release, lang)
    if found is None:
        return None
    doc, city = found
    slug = release.statement.slug
    assert slug is not None  # made at first publication
    versions = releases.public_versions(release.statement_id)
    body_html = str(render_markdown(doc.body_markdown))
    text = " ".join(_TAG.sub(" ", body_html).split())
    descriptions = [
        {"role": role, "contenttype": "text/plain", "value": value}
        for role, value in (
            ("summary", doc.lead),
            ("correction", release.correction_note),
            ("withdrawal", release.withdrawal_notice),
        )
        if value
    ]
    item: dict[str, Any] = {
        "uri": public_url(url_for("public.release_page", lang=lang, slug=slug)),
        "standard": STANDARD,
        "type": "text",
        "representationtype": "full",
        "profile": PROFILE,
        "version": str(release.version),
        "firstcreated": _moment(versions[0].public_at if versions else release.public_at),
        "versioncreated": _moment(release.public_at),
        "pubstatus": "canceled" if release.withdrawn_at is not None else "usable",
        "language": lang.replace("_", "-"),
        "slugline": slug,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": doc.title}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": body_html,
                "charcount": len(text),
                "wordcount": len(text.split()),
            }
        ],
        "by": ", ".join(o.name(lang) for o in release.organizations),
        "organisations": _organisations(release, lang),
        "people": _people(doc),
        "renditions": _renditions(release, lang, slug),
        "altids": [
            {"role": "bundle-hash", "value": release.bundle_hash},
            {"role": "release-date", "value": release.date.isoformat()},
        ],
        "trustindicators": [
            {
                "title": "Verify this release",
                "href": public_url(url_for("public.verify", value=release.bundle_hash[:12])),
            }
        ],
    }
    if descriptions:
        item["descriptions"] = descriptions
    if city:
        item["located"] = city
    if release.public_at > release.created_at:  # scheduled: public when its embargo ended
        item["embargoed"] = _moment(release.public_at)
    return item
