"""Photos and documents attached to a statement by its press officers, part of its release
bundle, frozen into each release at publication, and packed into a media kit.

Uploads are files only (never URLs). Each file is made safe by domain.media (photos
re-encoded by Pillow, PDFs checked by pikepdf), stored content-addressed through
services.storage (local or database backend), and described once in `media_files`. Any
change (add, edit, remove, reorder) changes the bundle: approvals of the old one stop
counting, exactly as for a text change (services.statements.bundle_changed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from pressroom.config import public_url
from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.errors import NotFound, PermissionDenied, ValidationFailed
from pressroom.domain.media import (
    CleanFile,
    MediaKind,
    clean_document,
    clean_photo,
    safe_filename,
    validate_details,
)
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.models import (
    ArtifactKind,
    BundleRecord,
    MediaFile,
    Release,
    ReleaseMedium,
    Statement,
    StatementMedium,
    User,
)
from pressroom.queries import media as queries
from pressroom.services import audit, bundles, storage
from pressroom.services.locking import lock_statement

MAX_MEDIA = 30  # per statement


def check_may_manage(statement: Statement, actor: User) -> None:
    if not can_act_on_statement(actor, statement, Permission.manage_media):
        raise PermissionDenied(_("You are not allowed to change the media of this statement."))
    workflow.transition(statement.status, workflow.Action.edit)


def _clean(kind: MediaKind, data: bytes, filename: str) -> CleanFile:
    return (clean_photo if kind == MediaKind.photo else clean_document)(data, filename)


def _store(clean: CleanFile) -> MediaFile:
    """Store the file (and a photo's derivative) and describe it once."""
    sha, size = storage.store(clean.data, clean.ext)
    web_sha = web_size = None
    if clean.web is not None:
        web_sha, web_size = storage.store(clean.web, clean.ext)
    row = db.session.get(MediaFile, sha)
    if row is None:
        row = MediaFile(
            sha256=sha,
            kind=clean.kind,
            ext=clean.ext,
            mimetype=clean.mimetype,
            size=size,
            width=clean.width,
            height=clean.height,
            pages=clean.pages,
            web_sha256=web_sha,
            web_size=web_size,
            web_width=clean.web_width,
            web_height=clean.web_height,
        )
        db.session.add(row)
        db.session.flush()
    return row


def _changed(statement: Statement, actor: User, before: str) -> None:
    from pressroom.services.statements import bundle_changed

    statement.status = workflow.transition(statement.status, workflow.Action.edit)
    db.session.flush()
    bundle_changed(statement, actor, before)


def attach(
    statement: Statement,
    actor: User,
    kind: MediaKind | str,
    data: bytes,
    filename: str,
    details: dict[str, str],
) -> StatementMedium:
    """Add a photo or document at the end. ValidationFailed names every field at fault
    (the file and the words alike), so a form shows all its errors at once."""
    check_may_manage(statement, actor)
    try:
        kind = MediaKind(kind)
    except ValueError:
        raise ValidationFailed(
            _("Choose a photo or a document."), details={"kind": "photo or document"}
        ) from None
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    clean: CleanFile | None = None
    try:
        cleaned = validate_details(kind, details)
    except ValidationFailed as exc:
        errors.update(exc.details or {})
    try:
        clean = _clean(kind, data, filename)
    except ValidationFailed as exc:
        errors.update(exc.details or {})
    if errors or clean is None:
        raise ValidationFailed(next(iter(errors.values())), details=errors)
    lock_statement(statement)
    current = queries.of_statement(statement.id)
    if len(current) >= MAX_MEDIA:
        raise ValidationFailed(
            _("A statement has at most %(n)d photos and documents.", n=MAX_MEDIA),
            details={"file": "too many"},
        )
    if any(m.sha256 == clean.sha256 for m in current):
        message = _("This file is attached already.")
        raise ValidationFailed(message, details={"file": message})
    before = bundles.current_hash(statement)
    stored = _store(clean)
    medium = StatementMedium(
        statement_id=statement.id,
        position=(current[-1].position + 1) if current else 0,
        sha256=stored.sha256,
        filename=safe_filename(filename, clean.ext),
        added_by_id=actor.id,
        **cleaned,
    )
    db.session.add(medium)
    db.session.flush()
    audit.record(
        "statement.media_add",
        actor=actor,
        obj=statement,
        kind=kind.value,
        sha256=stored.sha256,
        filename=medium.filename,
        size=stored.size,
    )
    _changed(statement, actor, before)
    return medium


def _medium(statement: Statement, medium_id: int) -> StatementMedium:
    medium = db.session.get(StatementMedium, medium_id)
    if medium is None or medium.statement_id != statement.id:
        raise NotFound(_("No such photo or document."))
    return medium


def update(
    statement: Statement, actor: User, medium_id: int, details: dict[str, str]
) -> StatementMedium:
    """New caption, credit, alt text or licence (the file stays)."""
    check_may_manage(statement, actor)
    medium = _medium(statement, medium_id)
    cleaned = validate_details(medium.file.kind, details)
    lock_statement(statement)
    if all(getattr(medium, k) == v for k, v in cleaned.items()):
        return medium
    before = bundles.current_hash(statement)
    for key, value in cleaned.items():
        setattr(medium, key, value)
    db.session.flush()
    audit.record(
        "statement.media_edit", actor=actor, obj=statement, sha256=medium.sha256, **cleaned
    )
    _changed(statement, actor, before)
    return medium


def remove(statement: Statement, actor: User, medium_id: int) -> None:
    check_may_manage(statement, actor)
    medium = _medium(statement, medium_id)
    lock_statement(statement)
    before = bundles.current_hash(statement)
    audit.record(
        "statement.media_remove",
        actor=actor,
        obj=statement,
        sha256=medium.sha256,
        filename=medium.filename,
    )
    db.session.delete(medium)
    db.session.flush()
    _changed(statement, actor, before)


def move(statement: Statement, actor: User, medium_id: int, offset: int) -> None:
    """One place earlier (-1) or later (+1); nothing at either end."""
    check_may_manage(statement, actor)
    medium = _medium(statement, medium_id)
    lock_statement(statement)
    # Photos move among photos, documents among documents (pages show photos first).
    rows = [m for m in queries.of_statement(statement.id) if m.file.kind == medium.file.kind]
    index = next(i for i, m in enumerate(rows) if m.id == medium.id)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(rows):
        return
    before = bundles.current_hash(statement)
    positions = sorted(row.position for row in rows)
    rows[index], rows[target] = rows[target], rows[index]
    for position, row in zip(positions, rows, strict=True):
        row.position = position
    db.session.flush()
    audit.record(
        "statement.media_move", actor=actor, obj=statement, sha256=medium.sha256, position=target
    )
    _changed(statement, actor, before)


def freeze(release: Release, bundle: BundleRecord) -> None:
    """At publication: the approved bundle's media become the release's, in order."""
    for position, item in enumerate(bundle.parts.get("media") or []):
        db.session.add(
            ReleaseMedium(
                release_id=release.id,
                position=position,
                sha256=item["sha256"],
                filename=item["filename"],
                caption=item["caption"],
                credit=item["credit"],
                alt=item["alt"],
                licence=item["licence"],
            )
        )
    db.session.flush()


# --- the media kit: one ZIP per release version and language, cached as a file ----------

KIT_FOLDER = "media-kits"


def _zip_time(release: Release) -> tuple[int, int, int, int, int, int]:
    moment = release.public_at.astimezone(dt.UTC)
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, 0)


def _kit_entries(
    release: Release, lang: str, media: list[ReleaseMedium]
) -> list[tuple[str, str, str]]:
    """(name in the ZIP, sha256, storage kind) of every file: media, then the PDFs."""
    entries = []
    for number, item in enumerate(media, start=1):
        folder = "photos" if item.file.kind == MediaKind.photo else "documents"
        entries.append((f"{folder}/{number:02d}-{item.filename}", item.sha256, item.file.ext))
    slug = release.statement.slug
    for artifact in sorted(release.artifacts, key=lambda a: a.lang):
        if artifact.kind == ArtifactKind.pdf:
            entries.append(
                (f"release/{slug}-v{release.version}-{artifact.lang}.pdf", artifact.sha256, "pdf")
            )
    return entries


def kit_readme(
    release: Release, lang: str, media: list[ReleaseMedium], entries: list[tuple[str, str, str]]
) -> str:
    """The credits text, in the page's interface language (English for other languages)."""
    from pressroom.i18n import format_size, ui_language_name, ui_languages

    with force_locale(lang if lang in ui_languages() else "en"):
        title = next((a.title for a in release.artifacts if a.lang == lang), release.title)
        labels = {
            "caption": _("Caption"),
            "credit": _("Credit"),
            "licence": _("Licence"),
            "alt": _("Alt text"),
        }
        lines = [
            title,
            "=" * min(len(title), 72),
            "",
            _("Press release, version %(n)d", n=release.version),
            public_url(f"/{lang}/releases/{release.statement.slug}/v{release.version}"),
            "",
            _(
                "Photos and documents may be used with the credit and under the "
                "licence given for each."
            ),
            "",
        ]
        for (name, _sha, _kind), item in zip(entries, media, strict=False):
            f = item.file
            size = format_size(f.size)
            what = (
                _("%(w)d × %(h)d pixels, %(size)s", w=f.width or 0, h=f.height or 0, size=size)
                if f.kind == MediaKind.photo
                else _("PDF, %(n)d pages, %(size)s", n=f.pages or 0, size=size)
            )
            lines.append(f"{name} ({what})")
            for key in ("caption", "credit", "licence", "alt"):
                if getattr(item, key):
                    lines.append(f"  {labels[key]}: {getattr(item, key)}")
            lines.append("")
        lines.append(_("The press release as PDF, in each language:"))
        for name, _sha, _kind in entries[len(media) :]:
            code = name.rsplit("-", 1)[-1].removesuffix(".pdf")
            lines.append(f"  {name} ({ui_language_name(code)})")
        lines += [
            "",
            _(
                "Check that a PDF is genuine: %(url)s",
                url=public_url(f"/{lang}/verify" if lang in ui_languages() else "/verify"),
            ),
        ]
    return "\n".join(lines) + "\n"


def kit_path(release: Release, lang: str) -> Path | None:
    """The media kit of this release in this language (built on first request, then kept:
    the same release gives the same bytes, on every node). None without media."""
    media = queries.of_release(release.id)
    if not media:
        return None
    entries = _kit_entries(release, lang, media)
    readme = kit_readme(release, lang, media, entries).encode("utf-8")
    key = hashlib.sha256(
        json.dumps(
            [release.id, release.version, lang, entries, hashlib.sha256(readme).hexdigest()]
        ).encode("utf-8")
    ).hexdigest()
    folder = Path(current_app.config["DATA_DIR"]) / KIT_FOLDER
    path = folder / f"{key}.zip"
    if path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _zip_time(release)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".zip")
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as kit:
            info = _entry("README.txt", stamp, zipfile.ZIP_DEFLATED)
            kit.writestr(info, readme)
            for name, sha, kind in entries:
                # Photos and PDFs are compressed already: stored as they are.
                with kit.open(_entry(name, stamp, zipfile.ZIP_STORED), "w") as out:
                    for block in storage.chunks(sha, kind):
                        out.write(block)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _entry(
    name: str, stamp: tuple[int, int, int, int, int, int], compression: int
) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    return info


def summary(media: list[Any]) -> dict[str, int]:
    """How many photos and documents (for headings)."""
    photos = sum(1 for m in media if m.file.kind == MediaKind.photo)
    return {"photos": photos, "documents": len(media) - photos}


def statement_has(statement_id: int, sha256: str) -> bool:
    return (
        db.session.scalar(
            sa.select(StatementMedium.id)
            .where(StatementMedium.statement_id == statement_id, StatementMedium.sha256 == sha256)
            .limit(1)
        )
        is not None
    )
