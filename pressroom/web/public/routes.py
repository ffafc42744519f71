"""Public release pages and files: stable and versioned URLs, content-addressed files,
vCards, the verify page. Files are served as stored at publish time, never re-rendered."""

from __future__ import annotations

import hashlib
from typing import Any, cast

from flask import (
    Response,
    abort,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from markupsafe import Markup
from wtforms import StringField, SubmitField

from pressroom.i18n import ui_languages
from pressroom.models import ArtifactKind, Release
from pressroom.queries import releases
from pressroom.rendering.compose import og_locale
from pressroom.services import previews, signing, storage
from pressroom.web import files
from pressroom.web.common import MAX_UPLOAD, RELEASE_CSP
from pressroom.web.presenters import approval_lines
from pressroom.web.public import bp
from pressroom.web.vcards import vcard_response

STABLE_MAX_AGE = 300  # stable URLs follow corrections and withdrawals: cache briefly
IMMUTABLE_MAX_AGE = 31_536_000


def _release_or_404(slug: str, version: int | None) -> Release:
    release = releases.public_release(slug, version)
    if release is None:
        abort(404)
    return release


def _send(
    path_sha: str,
    kind: ArtifactKind,
    *,
    immutable: bool,
    download_name: str,
    attachment: bool = False,
) -> Response:
    """A public file: content-addressed ones are immutable, stable URLs cached briefly."""
    return files.send_stored(
        path_sha,
        kind,
        download_name=download_name,
        attachment=attachment,
        max_age=IMMUTABLE_MAX_AGE if immutable else STABLE_MAX_AGE,
        cache_control=f"public, max-age={IMMUTABLE_MAX_AGE}, immutable"
        if immutable
        else f"public, max-age={STABLE_MAX_AGE}",
    )


def _page(release: Release, lang: str, *, versioned: bool) -> Response:
    html_artifact = releases.artifact(release, lang, ArtifactKind.html)
    pdf_artifact = releases.artifact(release, lang, ArtifactKind.pdf)
    if html_artifact is None or pdf_artifact is None:
        return _other_languages(release, lang, versioned=versioned)
    stored = storage.read_bytes(html_artifact.sha256, "html").decode("utf-8")
    slug = release.statement.slug
    superseded = releases.is_superseded(release)
    context = {
        "release": release,
        "lang": lang,
        "languages": releases.languages(release),
        "slug": slug,
        "superseded": superseded,
        "versioned": versioned,
        "pdf": pdf_artifact,
        "page_endpoint": "public.version_page" if versioned else "public.release_page",
        "og_locale": og_locale,
        "default_lang": _default_language(release),
        **_media_context(release, lang, versioned=versioned),
    }
    page = stored
    for marker, template in (
        ("head", "public/_head.html"),
        ("nav", "public/_nav.html"),
        ("notices", "public/_notices.html"),
        ("media", "public/_media.html"),
    ):
        fragment = render_template(template, **context)
        page = page.replace(f"<!--pressroom:{marker}-->", str(Markup(fragment)), 1)  # noqa: S704 - a rendered template
    # The page's validator covers the stored file and the live notices around it.
    etag = hashlib.sha256(page.encode("utf-8")).hexdigest()
    response = Response(page, mimetype="text/html")
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={STABLE_MAX_AGE}"
    response.headers["Content-Security-Policy"] = RELEASE_CSP
    return cast(Response, response.make_conditional(request))  # it returns self


def _media_context(release: Release, lang: str, *, versioned: bool) -> dict[str, object]:
    """The release's photos and documents (web.media serves them) and its media kit."""
    from pressroom.queries import media as media_queries

    items = media_queries.of_release(release.id)
    if not items:
        return {"media": []}
    slug = release.statement.slug
    kit_url = (
        url_for("public_media.version_media_kit", lang=lang, slug=slug, version=release.version)
        if versioned
        else url_for("public_media.media_kit", lang=lang, slug=slug)
    )
    pdfs = sum(a.size for a in release.artifacts if a.kind == ArtifactKind.pdf)
    return {"media": items, "kit_url": kit_url, "kit_size": pdfs + sum(m.file.size for m in items)}


def _other_languages(
    release: Release, lang: str, *, versioned: bool = False, pdf: bool = False
) -> Response:
    """The release exists, not in `lang`: a 404 (the address names nothing) whose page
    offers the languages it has, in the interface language of the address when it has
    one (README, "Public URLs")."""
    available = releases.languages(release)
    if pdf:
        endpoint = "public.version_pdf" if versioned else "public.release_pdf"
    else:
        endpoint = "public.version_page" if versioned else "public.release_page"
    version: dict[str, Any] = {"version": release.version} if versioned else {}
    links = [
        (code, url_for(endpoint, lang=code, slug=release.statement.slug, **version))
        for code in available
    ]
    body = render_template(
        "public/languages.html", release=release, lang=lang, links=links, pdf=pdf
    )
    response = Response(body, status=404, mimetype="text/html")
    response.headers["Cache-Control"] = f"public, max-age={STABLE_MAX_AGE}"
    return response


def _default_language(release: Release) -> str:
    """The page for hreflang="x-default": the source language's."""
    languages = releases.languages(release)
    source = release.statement.source_language
    return source if source in languages else (languages[0] if languages else source)


@bp.get("/<lang>/releases/<slug>/v<int:version>/preview.png")
def preview_image(lang: str, slug: str, version: int) -> Response:
    """The release's link-preview image (og:image) in one language, drawn on first
    request from the published page and cached; a version never changes."""
    release = _release_or_404(slug, version)
    artifact = releases.artifact(release, lang, ArtifactKind.html)
    if artifact is None:
        abort(404)
    names = [org.short_name(lang) for org in release.organizations]
    path = previews.preview_path(artifact, names)
    response = send_file(
        path, mimetype="image/png", etag=path.stem, conditional=True, max_age=IMMUTABLE_MAX_AGE
    )
    response.headers["Cache-Control"] = f"public, max-age={IMMUTABLE_MAX_AGE}, immutable"
    return response


@bp.get("/<lang>/releases/<slug>")
def release_page(lang: str, slug: str) -> Response:
    return _page(_release_or_404(slug, None), lang, versioned=False)


@bp.get("/<lang>/releases/<slug>/v<int:version>")
def version_page(lang: str, slug: str, version: int) -> Response:
    return _page(_release_or_404(slug, version), lang, versioned=True)


def _withdrawn(release_id: int, lang: str) -> Response:
    # Chosen: a withdrawn release's PDFs are refused (the stored files never change, so
    # they cannot carry the notice); the page and the verify page say why.
    release = releases.release_by_id(release_id)
    return Response(
        render_template("public/withdrawn.html", release=release, lang=lang),
        status=410,
        mimetype="text/html",
    )


def _pdf(slug: str, lang: str, version: int | None) -> Response:
    found = releases.public_file(slug, lang, ArtifactKind.pdf, version)
    if found is None:
        release = _release_or_404(slug, version)
        return _other_languages(release, lang, versioned=version is not None, pdf=True)
    if found.withdrawn:
        return _withdrawn(found.release_id, lang)
    return _send(
        found.sha256,
        ArtifactKind.pdf,
        immutable=False,
        download_name=f"{slug}-v{found.version}-{lang}.pdf",
    )


@bp.get("/<lang>/releases/<slug>.pdf")
def release_pdf(lang: str, slug: str) -> Response:
    return _pdf(slug, lang, None)


@bp.get("/<lang>/releases/<slug>/v<int:version>.pdf")
def version_pdf(lang: str, slug: str, version: int) -> Response:
    return _pdf(slug, lang, version)


@bp.get("/files/<sha256>.<ext>")
def content_file(sha256: str, ext: str) -> Response:
    kind = {"pdf": ArtifactKind.pdf, "html": ArtifactKind.html}.get(ext)
    verification = releases.verify_hash(sha256) if len(sha256) == 64 else None
    if (
        kind is None
        or verification is None
        or verification.artifact is None
        or verification.artifact.kind != kind
    ):
        abort(404)
    if verification.verdict == releases.Verdict.withdrawn and kind == ArtifactKind.pdf:
        assert verification.release is not None  # a withdrawn verdict names its release
        return _withdrawn(verification.release.id, verification.artifact.lang)
    return _send(sha256, kind, immutable=True, download_name=f"{sha256}.{ext}")


@bp.get("/<lang>/releases/<slug>/v<int:version>/contacts/<int:index>.vcf")
def vcard(lang: str, slug: str, version: int, index: int) -> Response:
    return _vcard(_release_or_404(slug, version), lang, index)


@bp.get("/contacts/<bundle_hash>/<lang>/<int:index>.vcf")
def bundle_vcard(bundle_hash: str, lang: str, index: int) -> Response:
    """vCard links of pages rendered before publication (no slug yet): by bundle hash."""
    release = releases.public_release_of_bundle(bundle_hash)
    if release is None:
        abort(404)
    return _vcard(release, lang, index)


def _vcard(release: Release, lang: str, index: int) -> Response:
    return vcard_response(release, lang, index)


class VerifyForm(FlaskForm):
    hash = StringField(_l("Hash printed on the document, or its SHA-256"))
    document = FileField(_l("Or upload the PDF"))
    submit = SubmitField(_l("Verify"))


@bp.get("/signing/root.crt")
def signing_root() -> Response:
    """The installation root certificate (DER), to trust once in a PDF reader."""
    row = signing.root_row()
    if row is None:
        abort(404)
    response = Response(row.certificate, mimetype="application/pkix-cert")
    response.headers["Content-Disposition"] = 'attachment; filename="pressroom-root.crt"'
    response.headers["Cache-Control"] = f"public, max-age={STABLE_MAX_AGE}"
    return response


@bp.get(signing.CRL_PATH)
def signing_crl() -> Response:
    """The root's certificate revocation list (DER), named in every signing certificate."""
    data = signing.crl_der()
    if data is None:
        abort(404)
    response = Response(data, mimetype="application/pkix-crl")
    response.headers["Cache-Control"] = f"public, max-age={STABLE_MAX_AGE}"
    return response


@bp.route("/<lang>/verify", methods=["GET", "POST"])
@bp.get("/<lang>/verify/<value>")
def verify_in(lang: str, value: str | None = None) -> tuple[str, int] | str:
    """The verify page in the language of the release it was opened from."""
    if lang not in ui_languages():
        abort(404)
    return verify(value, lang=lang)


@bp.route("/verify", methods=["GET", "POST"])
@bp.get("/verify/<value>")
def verify(value: str | None = None, lang: str | None = None) -> tuple[str, int] | str:
    form = VerifyForm()
    result = None
    signatures = None
    if value is not None:
        result = releases.verify_hash(value)
    elif form.validate_on_submit():
        upload = form.document.data
        if upload and upload.filename:
            data = upload.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                form.document.errors = [_("The file is larger than 10 MB.")]
            elif not data.startswith(b"%PDF-"):
                form.document.errors = [_("This file is not a PDF.")]
            else:
                result = releases.verify_hash(hashlib.sha256(data).hexdigest())
                signatures = signing.check(data)
        elif form.hash.data:
            result = releases.verify_hash(form.hash.data)
        else:
            form.hash.errors = [_("Enter a hash or choose a PDF file.")]
    status = 400 if form.errors else 200
    approvals = (
        approval_lines(releases.approvals_for(result.release), result.release.timezone)
        if result is not None and result.release is not None
        else []
    )
    return render_template(
        "public/verify.html",
        form=form,
        result=result,
        approvals=approvals,
        signatures=signatures,
        root=signing.root_row(),
        title=_verified_title(result, lang),
        lang=lang,
    ), status


def _verified_title(result: releases.Verification | None, lang: str | None) -> str:
    """The title in the language of the file checked, else of the page, else the source's."""
    if result is None or result.release is None:
        return ""
    if result.artifact is not None:
        return result.artifact.title
    titles = {a.lang: a.title for a in result.release.artifacts}
    return titles.get(lang or "", result.release.title)
