"""Reads of photos and documents (models.media): a statement's current media, a
release's frozen media, and whether a stored file may be served to the public."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.bundle import MediaPart
from pressroom.models import MediaFile, Release, ReleaseMedium, StatementMedium


def of_statements(ids: list[int]) -> dict[int, list[StatementMedium]]:
    """Each statement's media in order, in one query whatever the number of statements."""
    found: dict[int, list[StatementMedium]] = defaultdict(list)
    if not ids:
        return found
    for row in db.session.scalars(
        sa.select(StatementMedium)
        .where(StatementMedium.statement_id.in_(ids))
        .order_by(StatementMedium.statement_id, StatementMedium.position, StatementMedium.id)
    ):
        found[row.statement_id].append(row)
    for rows in found.values():  # photos first, then documents, as pages show them
        rows.sort(key=lambda m: m.file.kind.value != "photo")
    return found


def of_statement(statement_id: int) -> list[StatementMedium]:
    return of_statements([statement_id]).get(statement_id, [])


def parts_of(media: list[StatementMedium] | list[ReleaseMedium]) -> tuple[MediaPart, ...]:
    """The bundle's media part (domain.bundle) from rows."""
    return tuple(
        MediaPart(kind=m.file.kind.value, sha256=m.sha256, **m.text_fields()) for m in media
    )


def of_release(release_id: int) -> list[ReleaseMedium]:
    """In the bundle's order: photos, then documents."""
    return list(
        db.session.scalars(
            sa.select(ReleaseMedium)
            .where(ReleaseMedium.release_id == release_id)
            .order_by(ReleaseMedium.position)
        )
    )


@dataclass(frozen=True)
class PublicMedium:
    sha256: str  # the file asked for (the full file or its web derivative)
    ext: str
    mimetype: str
    withdrawn: bool  # only withdrawn releases carry it


def public_file(sha256: str, now: dt.datetime) -> PublicMedium | None:
    """A stored photo, derivative or document that a public release carries (a release
    under embargo or cancelled carries nothing yet); `withdrawn` when every public
    release that carries it was withdrawn."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        return None
    rows = db.session.execute(
        sa.select(
            MediaFile.sha256,
            MediaFile.web_sha256,
            MediaFile.ext,
            MediaFile.mimetype,
            Release.withdrawn_at,
        )
        .join(ReleaseMedium, ReleaseMedium.sha256 == MediaFile.sha256)
        .join(Release, Release.id == ReleaseMedium.release_id)
        .where(
            sa.or_(MediaFile.sha256 == sha256, MediaFile.web_sha256 == sha256),
            Release.cancelled_at.is_(None),
            Release.public_at <= now,
        )
    ).all()
    if not rows:
        return None
    return PublicMedium(
        sha256, rows[0].ext, rows[0].mimetype, all(r.withdrawn_at is not None for r in rows)
    )
