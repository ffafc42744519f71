"""Publishing and public release calls: publish, release documents, verification."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from flask import Response, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from pressroom import ninjs
from pressroom.config import public_url
from pressroom.domain.errors import NotFound, ValidationFailed
from pressroom.domain.permissions import Permission
from pressroom.models import ArtifactKind, Release
from pressroom.queries import releases
from pressroom.services import publishing, signing
from pressroom.web.api import bp, require_token, schemas
from pressroom.web.api.payload import load
from pressroom.web.authz import get_statement
from pressroom.web.common import MAX_UPLOAD
from pressroom.web.presenters import approval_lines


def release_document(release: Release) -> dict[str, Any]:
    slug = release.statement.slug
    languages = []
    for lang in releases.languages(release):
        files = {}
        for kind in (ArtifactKind.html, ArtifactKind.pdf):
            found = releases.artifact(release, lang, kind)
            if found is not None:
                files[kind.value] = {
                    "url": public_url(
                        url_for("public.content_file", sha256=found.sha256, ext=kind.value)
                    ),
                    "sha256": found.sha256,
                    "size": found.size,
                }
        title = next((a.title for a in release.artifacts if a.lang == lang), "")
        languages.append(
            {
                "lang": lang,
                "title": title,
                "url": public_url(url_for("public.release_page", lang=lang, slug=slug)),
                "pdf_url": public_url(url_for("public.release_pdf", lang=lang, slug=slug)),
                "version_url": public_url(
                    url_for("public.version_page", lang=lang, slug=slug, version=release.version)
                ),
                "files": files,
            }
        )
    return {
        "slug": slug,
        "version": release.version,
        "state": releases.verdict(release).value,
        "release_date": release.date.isoformat(),
        "public_at": release.public_at.isoformat(),
        "timezone": release.timezone,
        "title": release.title,
        "source_hash": release.source_hash,
        "bundle_hash": release.bundle_hash,
        "short_hash": release.bundle_hash[: publishing.SHORT_HASH],
        "organizations": [o.slug for o in release.organizations],
        "correction_note": release.correction_note or None,
        "withdrawal_notice": release.withdrawal_notice or None,
        "languages": languages,
    }


@bp.post("/statements/<int:statement_id>/publish")
def publish_statement(statement_id: int) -> ResponseReturnValue:
    user = require_token()
    statement = get_statement(statement_id, Permission.publish)
    raw = load(schemas.PublishRequest).get("embargo_until")
    embargo = None
    if raw:
        try:
            embargo = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise ValidationFailed(
                _("embargo_until must be an ISO 8601 date-time with offset."),
                details={"embargo_until": raw},
            ) from None
    release = publishing.publish(statement, user, embargo_until=embargo)
    return {**release_document(release), "status": statement.status.value}, 201


@bp.post("/statements/<int:statement_id>/publish/cancel")
def cancel_publication(statement_id: int) -> ResponseReturnValue:
    user = require_token()
    statement = get_statement(statement_id, Permission.publish)
    publishing.cancel_schedule(statement, user)
    return {"id": statement.id, "status": statement.status.value, "version": statement.version}


@bp.post("/statements/<int:statement_id>/correct")
def correct_statement(statement_id: int) -> ResponseReturnValue:
    user = require_token()
    statement = get_statement(statement_id, Permission.correct)
    note = load(schemas.CorrectRequest)["note"]
    revision = publishing.correct(statement, user, note)
    return {
        "id": statement.id,
        "status": statement.status.value,
        "version": statement.version,
        "revision": revision.number,
        "correction_note": statement.correction_note,
    }, 201


@bp.post("/statements/<int:statement_id>/withdraw")
def withdraw_statement(statement_id: int) -> ResponseReturnValue:
    user = require_token()
    statement = get_statement(statement_id, Permission.withdraw)
    notice = load(schemas.WithdrawRequest)["notice"]
    release = publishing.withdraw(statement, user, notice)
    return {
        "id": statement.id,
        "status": statement.status.value,
        "version": release.version,
        "public": release.cancelled_at is None,
        "withdrawal_notice": notice.strip(),
    }


@bp.get("/releases/<slug>")
def get_release(slug: str) -> ResponseReturnValue:
    release = releases.public_release(slug)
    if release is None:
        raise NotFound(_("No published release with this slug."))
    versions = [r.version for r in releases.public_versions(release.statement_id)]
    return {**release_document(release), "versions": versions}


@bp.get("/releases/<slug>/ninjs/<lang>")
def get_release_ninjs(slug: str, lang: str) -> ResponseReturnValue:
    """The current public version in one language as IPTC ninjs 2.1 (pressroom/ninjs.py)."""
    release = releases.public_release(slug)
    if release is None:
        raise NotFound(_("No published release with this slug."))
    item = ninjs.ninjs_item(release, lang)
    if item is None:
        raise NotFound(
            _("This release is not available in this language."),
            details={"languages": releases.languages(release)},
        )
    return Response(
        json.dumps(item, ensure_ascii=False),
        mimetype="application/json",
        headers={"Cache-Control": "public, max-age=300"},
    )


@bp.get("/verify/<value>")
def verify(value: str) -> ResponseReturnValue:
    return _verification(releases.verify_hash(value))


@bp.post("/verify")
def verify_file() -> ResponseReturnValue:
    """The PDF as the request body: the hash lookup, and every signature validated."""
    data = request.get_data(cache=False)
    if len(data) > MAX_UPLOAD:
        raise ValidationFailed(_("The file is larger than 10 MB."), details={"size": len(data)})
    if not data.startswith(b"%PDF-"):
        raise ValidationFailed(_("This file is not a PDF."), details={"body": "not a PDF"})
    body = _verification(releases.verify_hash(hashlib.sha256(data).hexdigest()))
    body["signatures"] = [_signature(item) for item in signing.check(data)]
    return body


def _signature(item: signing.CheckedSignature) -> dict[str, Any]:
    c = item.check
    return {
        "state": item.state,
        "signer": c.signer,
        "organization": item.organization.slug if item.organization else None,
        "reason": c.reason,
        "signed_at": c.signed_at.isoformat() if c.signed_at else None,
        "timestamped_at": c.timestamped_at.isoformat() if c.timestamped_at else None,
        "intact": c.intact,
        "valid": c.valid,
        "trusted": c.trusted,
        "revoked": c.revoked,
    }


def _verification(result: releases.Verification) -> dict[str, Any]:
    body: dict[str, Any] = {"verdict": result.verdict.value}
    if result.state is not None:
        body["state"] = result.state.value
    if result.release is not None:
        body["release"] = release_document(result.release)
        body["approvals"] = approval_lines(
            releases.approvals_for(result.release), result.release.timezone
        )
    if result.artifact is not None:
        body["lang"] = result.artifact.lang
        body["kind"] = result.artifact.kind.value
    return body
