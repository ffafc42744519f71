"""The statement's current release bundle, its stored record and its rendering.

Every service that changes a part of the bundle (a source save, a translation save, the
target languages, the time zone, a correction) calls `record()` in its transaction. Once
the bundle is complete (every translation complete and made from the current source) its
pages and PDFs are rendered by a background job after the commit, stored content-addressed,
and previewed on the review page; publishing then only records the release.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for

from pressroom import clock
from pressroom.config import public_url
from pressroom.db import db
from pressroom.domain.bundle import Bundle, BundleRefs, Change, bundle_hash, changes_between
from pressroom.models import (
    ArtifactKind,
    BundleFile,
    BundleRecord,
    RenderStatus,
    Revision,
    Statement,
    Translation,
    TranslationRevision,
)
from pressroom.queries import bundles as bundle_queries
from pressroom.queries.overview import bundle_of
from pressroom.services import effects

log = logging.getLogger("pressroom.bundles")

SHORT_HASH = 12  # characters of the bundle hash printed on every page of the PDF


def _translations(statement: Statement) -> dict[str, TranslationRevision | None]:
    rows = db.session.scalars(
        sa.select(Translation).where(Translation.statement_id == statement.id)
    )
    return {t.lang: t.current_revision for t in rows}


def current(statement: Statement) -> tuple[Bundle, BundleRefs]:
    """The bundle that would be published now, and the revisions it is made of."""
    source = statement.current_revision
    assert source is not None  # revision 1 exists from creation on
    found = {lang: rev for lang, rev in _translations(statement).items() if rev is not None}
    refs = BundleRefs(
        source.number,
        {
            lang: found[lang].number if lang in found else None
            for lang in statement.target_languages
        },
    )
    from pressroom.queries import media

    return bundle_of(statement, found, media.parts_of(media.of_statement(statement.id))), refs


def current_hash(statement: Statement) -> str:
    return bundle_hash(current(statement)[0])


def is_complete(statement: Statement) -> bool:
    from pressroom.queries import translations as translation_queries

    return all(
        state == "complete" for state in translation_queries.status_by_language(statement).values()
    )


def record(statement: Statement) -> BundleRecord:
    """Store the current bundle (once per hash) and, when it is complete and has no files
    yet, queue its rendering for after the commit."""
    bundle, refs = current(statement)
    hash_ = bundle_hash(bundle)
    row = bundle_queries.get(statement, hash_)
    if row is None:
        found = _translations(statement)
        row = BundleRecord(
            statement_id=statement.id,
            hash=hash_,
            parts=bundle.parts(),
            refs=refs.to_dict(),
            source_revision_id=statement.current_revision_id,
            translation_revision_ids={
                lang: rev.id if (rev := found.get(lang)) else None
                for lang in statement.target_languages
            },
            render_status=RenderStatus.incomplete,
            render_error="",
        )
        db.session.add(row)
        db.session.flush()
    # A failed render is retried by the next publication attempt (services.publishing).
    if row.render_status == RenderStatus.incomplete and is_complete(statement):
        request_render(row)
    return row


def request_render(row: BundleRecord) -> None:
    row.render_status, row.render_error = RenderStatus.pending, ""
    db.session.flush()
    effects.enqueue(render_bundle, row.statement_id, row.hash)


def describe(old: BundleRecord | None, new: BundleRecord) -> list[Change]:
    """What changed from the bundle someone decided on to the current one."""
    if old is None:
        return []
    return changes_between(old.parts, new.parts, old.refs, new.refs)


def files_complete(row: BundleRecord) -> bool:
    langs = [row.parts["source_language"], *row.parts["languages"]]
    have = {(f.lang, f.kind) for f in row.files}
    return all((lang, kind) in have for lang in langs for kind in ArtifactKind)


def file_of(row: BundleRecord, lang: str, kind: ArtifactKind) -> BundleFile | None:
    return next((f for f in row.files if f.lang == lang and f.kind == kind), None)


# --- rendering (a job: runs after the commit, in its own session) -------------------------


def _vcard_url(hash_: str, lang: str) -> Callable[[int], str]:
    return lambda index: url_for("public.bundle_vcard", bundle_hash=hash_, lang=lang, index=index)


def _documents(row: BundleRecord) -> list[dict[str, Any]]:
    """Every language's document and HTML, from exactly the bundle's revisions."""
    from pressroom.rendering import render_release_html
    from pressroom.rendering.markdown import render_markdown
    from pressroom.services import documents

    statement = db.session.get(Statement, row.statement_id)
    source = db.session.get(Revision, row.source_revision_id)
    assert statement is not None
    assert source is not None
    short = row.hash[:SHORT_HASH]
    jobs = []
    for lang in [row.parts["source_language"], *row.parts["languages"]]:
        translation = None
        if lang != row.parts["source_language"]:
            revision = db.session.get(
                TranslationRevision, row.translation_revision_ids.get(lang) or 0
            )
            translation = revision.content if revision else None
        doc = documents.release_document(
            statement,
            lang,
            content=source.content,
            translation=translation,
            preview=False,
            short_hash=short,
            verify_url=public_url(_verify_path(lang, short)),
            vcard_url=_vcard_url(row.hash, lang),
            version=row.parts["version"],
            correction_note=row.parts["correction_note"],
        )
        jobs.append(
            {
                "lang": lang,
                "doc": doc,
                "html": render_release_html(doc),
                "pdf_html": render_release_html(doc, for_pdf=True),
                "text": " ".join([doc.title, doc.lead, str(render_markdown(doc.body_markdown))]),
            }
        )
    return jobs


def release_documents(row: BundleRecord) -> list[dict[str, Any]]:
    """Every language's document of the bundle, as rendered for publication (the stamped
    copies of services.embargo start from these). Needs a request context for its links."""
    return _documents(row)


def _verify_path(lang: str, short: str) -> str:
    """The verify page in the document's language where the interface speaks it."""
    from pressroom.i18n import ui_languages

    return f"/{lang}/verify/{short}" if lang in ui_languages() else f"/verify/{short}"


def _pdf(job: dict[str, Any]) -> bytes:
    from pressroom.rendering import render_pdf

    doc = job["doc"]
    return render_pdf(
        job["pdf_html"], lang=doc.lang, title=doc.title, author=doc.author, subject=doc.dateline
    )


def render_files(row: BundleRecord) -> list[BundleFile]:
    """Render and store every language's page and PDF; returns unsaved file rows. The
    caller's transaction is ended before the slow part, so no lock is held meanwhile."""
    from pressroom.services import storage

    # Links in the stored pages are built as in a request to the public site.
    with (
        contextlib.nullcontext()
        if has_request_context()
        else current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"])
    ):
        jobs = _documents(row)
    db.session.rollback()  # end the read transaction: rendering holds nothing
    with ThreadPoolExecutor(max_workers=current_app.config.get("RENDER_CONCURRENCY", 2)) as pool:
        pdfs = list(pool.map(_pdf, jobs))
    files = []
    for job, pdf in zip(jobs, pdfs, strict=True):
        for kind, data in (
            (ArtifactKind.html, job["html"].encode("utf-8")),
            (ArtifactKind.pdf, pdf),
        ):
            digest, size = storage.store(data, kind.value)
            files.append(
                BundleFile(
                    lang=job["lang"],
                    kind=kind,
                    sha256=digest,
                    size=size,
                    title=job["doc"].title,
                    text=job["text"] if kind == ArtifactKind.html else "",
                )
            )
    return files


class RenderFailed(Exception):
    """Raised by the render job after its failure was recorded: the task queue retries it
    with backoff (in-process modes log it)."""


def render_bundle(statement_id: int, hash_: str) -> None:
    """Job: render a complete bundle once. Idempotent: a bundle with its files is left as
    it is (also when two workers render it at once: the row is locked to record). A
    failure is recorded with its reason for the press officers to see, then raised so that
    the task queue tries again later."""
    row = bundle_queries.by_statement_id(statement_id, hash_)
    if row is None or files_complete(row):
        return
    row_id = row.id
    try:
        files = render_files(row)
    except Exception as exc:  # the reason is shown to the press officers, never a 500
        db.session.rollback()
        log.exception("rendering bundle %s of statement %s failed", hash_[:12], statement_id)
        failed = db.session.get(BundleRecord, row_id)
        if failed is not None:
            failed.render_status = RenderStatus.failed
            failed.render_error = f"{type(exc).__name__}: {exc}"[:1000]
            db.session.commit()
        raise RenderFailed(f"bundle {hash_[:12]}: {type(exc).__name__}: {exc}") from exc
    row = db.session.get(BundleRecord, row_id, with_for_update=True)
    if row is None or files_complete(row):
        db.session.rollback()
        return
    for old in list(row.files):
        row.files.remove(old)
    db.session.flush()
    row.files.extend(files)
    row.render_status, row.render_error = RenderStatus.done, ""
    row.rendered_at = clock.now()
    from pressroom.services import signing

    signing.after_render(row.id)  # an approved bundle waiting for its PDFs is signed now
    db.session.commit()
