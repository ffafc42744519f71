"""The public side of a release's photos and documents: content-addressed files of public
releases and the media kit."""

from __future__ import annotations

from flask import Response, abort, send_file

from pressroom import clock
from pressroom.queries import media as queries
from pressroom.queries import releases
from pressroom.services import media
from pressroom.web.files import send_stored
from pressroom.web.public_media import bp

IMMUTABLE_MAX_AGE = 31_536_000
STABLE_MAX_AGE = 300


@bp.get("/media/<sha256>.<ext>")
def public_file(sha256: str, ext: str) -> Response:
    """A photo, its web-size derivative or a document of a public release, by its SHA-256:
    404 while nothing public carries it (drafts, embargoes), 410 once withdrawn."""
    found = queries.public_file(sha256, clock.now())
    if found is None or found.ext != ext:
        abort(404)
    if found.withdrawn:
        abort(410)
    response = send_stored(
        sha256,
        ext,
        mimetype=found.mimetype,
        cache_control=f"public, max-age={IMMUTABLE_MAX_AGE}, immutable",
        download_name=f"{sha256}.{ext}",
        max_age=IMMUTABLE_MAX_AGE,
        attachment=ext == "pdf",
    )
    return response


def _kit(lang: str, slug: str, version: int | None) -> Response:
    release = releases.public_release(slug, version)
    if release is None or lang not in releases.languages(release):
        abort(404)
    if release.withdrawn_at is not None:
        abort(410)
    path = media.kit_path(release, lang)
    if path is None:
        abort(404)
    response = send_file(
        path,
        mimetype="application/zip",
        etag=path.stem,
        conditional=True,
        as_attachment=True,
        max_age=STABLE_MAX_AGE,
        download_name=f"{slug}-v{release.version}-{lang}-media.zip",
    )
    response.headers["Cache-Control"] = f"public, max-age={STABLE_MAX_AGE}"
    return response


@bp.get("/<lang>/releases/<slug>/media-kit.zip")
def media_kit(lang: str, slug: str) -> Response:
    """The current version's photos, documents, PDFs and credits in one ZIP."""
    return _kit(lang, slug, None)


@bp.get("/<lang>/releases/<slug>/v<int:version>/media-kit.zip")
def version_media_kit(lang: str, slug: str, version: int) -> Response:
    return _kit(lang, slug, version)
