"""Lists of statements with their review state — bundle hash, approvals matrix and
translation status — for the dashboard and `GET /api/v1/statements`, in a constant number
of queries however many statements there are (tested at 5 and 50)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from pressroom.db import db
from pressroom.domain.bundle import Bundle, MediaPart, bundle_hash
from pressroom.domain.translation import status_of
from pressroom.models import (
    Approval,
    Decision,
    Organization,
    Revision,
    RevisionKind,
    Statement,
    Translation,
    TranslationRevision,
)


@dataclass(frozen=True)
class MatrixRow:
    organization: Organization
    latest: Approval | None  # the organization's newest decision, whatever its bundle
    current: bool  # that decision was given for the current bundle

    @property
    def approved(self) -> bool:
        return self.current and self.latest is not None and self.latest.decision == Decision.approve

    @property
    def changes_requested(self) -> bool:
        return (
            self.current
            and self.latest is not None
            and self.latest.decision == Decision.request_changes
        )


@dataclass(frozen=True)
class Overview:
    statement: Statement
    bundle_hash: str
    matrix: list[MatrixRow]
    translations: dict[str, str]  # target language -> missing/in_progress/complete/outdated


def bundle_of(
    statement: Statement,
    translations: dict[str, TranslationRevision],
    media: tuple[MediaPart, ...] = (),
) -> Bundle:
    """The statement's current bundle from already loaded rows (`translations`: each target
    language's current translation revision; `media`: its photos and documents)."""
    source = statement.current_revision
    assert source is not None  # revision 1 exists from creation on
    targets = statement.target_languages
    return Bundle(
        version=statement.version,
        source_language=statement.source_language,
        source_hash=source.content_hash,
        organizations=tuple(source.content.get("organizations", ())),
        languages=frozenset(targets),
        translations={
            lang: translations[lang].content_hash if lang in translations else None
            for lang in targets
        },
        timezone=statement.timezone,
        correction_note=statement.correction_note if statement.version > 1 else "",
        media=media,
    )


def _translations(ids: list[int]) -> dict[int, dict[str, TranslationRevision]]:
    found: dict[int, dict[str, TranslationRevision]] = defaultdict(dict)
    rows = db.session.execute(
        sa.select(Translation.statement_id, Translation.lang, TranslationRevision)
        .join(TranslationRevision, TranslationRevision.id == Translation.current_revision_id)
        .where(Translation.statement_id.in_(ids))
    ).all()
    for statement_id, lang, revision in rows:
        found[statement_id][lang] = revision
    return found


def latest_decisions(ids: list[int]) -> dict[int, dict[int, Approval]]:
    """Per statement, each organization's newest decision on the version in work (a
    correction's revision starts the version: earlier decisions belong to the last one)."""
    starts = dict(
        db.session.execute(
            sa.select(Revision.statement_id, sa.func.max(Revision.number))
            .where(Revision.statement_id.in_(ids), Revision.kind == RevisionKind.correction)
            .group_by(Revision.statement_id)
        ).all()
    )
    latest: dict[int, dict[int, Approval]] = defaultdict(dict)
    for approval in db.session.scalars(
        sa.select(Approval).where(Approval.statement_id.in_(ids)).order_by(Approval.id)
    ):
        if approval.revision.number >= starts.get(approval.statement_id, 1):
            latest[approval.statement_id][approval.organization_id] = approval
    return latest


def overviews(statements: list[Statement]) -> dict[int, Overview]:
    ids = [s.id for s in statements]
    if not ids:
        return {}
    from pressroom.queries import media as media_queries

    translations = _translations(ids)
    media = media_queries.of_statements(ids)
    decisions = latest_decisions(ids)
    result = {}
    for statement in statements:
        own = translations.get(statement.id, {})
        current = bundle_hash(
            bundle_of(statement, own, media_queries.parts_of(media.get(statement.id, [])))
        )
        latest = decisions.get(statement.id, {})
        matrix = [
            MatrixRow(
                org,
                latest.get(org.id),
                latest.get(org.id) is not None and latest[org.id].bundle_hash == current,
            )
            for org in statement.organizations
        ]
        source = statement.current_revision.content if statement.current_revision else {}
        status = {
            lang: status_of(
                own[lang].content if lang in own else None,
                own[lang].source_hash if lang in own else None,
                source,
            ).value
            for lang in statement.target_languages
        }
        result[statement.id] = Overview(statement, current, matrix, status)
    return result


def statements_options() -> list[sa.orm.interfaces.LoaderOption]:
    """What a list of statements loads with it, so that overviews() adds no query per row."""
    return [
        selectinload(Statement.current_revision),
        selectinload(Statement.participants),
        selectinload(Statement.languages),
    ]
