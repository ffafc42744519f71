"""Published releases inserted directly, in bulk (no rendering): for volume tests, the
newsroom bench and demos. Rows are what publishing would have written; the files are small
placeholders, one HTML and one PDF per language, shared by every release (content-addressed
storage makes that legitimate). The search index fills itself (database triggers/index)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import (
    Artifact,
    ArtifactKind,
    Organization,
    Participant,
    Release,
    ReleaseOrganization,
    Revision,
    RevisionKind,
    Statement,
    Status,
    TargetLanguage,
)
from pressroom.services import storage

WORDS = {
    "en": (
        "election observers parliament mission voting count assembly delegation statement "
        "progress standards transparency campaign media candidates commission law"
    ),
    "ru": (
        "выборы наблюдатели парламент миссия голосование подсчёт ассамблея делегация "
        "заявление прогресс стандарты прозрачность кампания СМИ кандидаты комиссия"
    ),
    "fr": (
        "élections observateurs parlement mission vote dépouillement assemblée délégation "
        "déclaration progrès normes transparence campagne médias candidats commission"
    ),
}
PDF_SIZE = 120 * 1024  # about what WeasyPrint writes for a two-page release with fonts
BASE = dt.datetime(2021, 3, 1, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Files:
    html: tuple[str, int]
    pdf: tuple[str, int]


def placeholder_files(languages: Sequence[str]) -> dict[str, Files]:
    """Store one release page (with the public page's markers) and one PDF per language."""
    files = {}
    for lang in languages:
        page = (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>Release</title><!--pressroom:head--></head><body>"
            f"<!--pressroom:nav--><main><article><!--pressroom:notices-->"
            f"<h1>Release ({lang})</h1><p>{WORDS.get(lang, WORDS['en'])}</p>"
            f"</article></main></body></html>"
        )
        seed = hashlib.sha256(lang.encode()).digest()
        pdf = b"%PDF-1.7\n%placeholder\n" + (seed * (PDF_SIZE // len(seed) + 1))[:PDF_SIZE]
        files[lang] = Files(
            storage.store(page.encode("utf-8"), "html"), storage.store(pdf + b"\n%%EOF\n", "pdf")
        )
    return files


def default_text(n: int, lang: str) -> tuple[str, str]:
    """(title, body) for release n: words of the language, varying with n."""
    words = WORDS.get(lang, WORDS["en"]).split()
    pick = [words[(n * 7 + i * 3) % len(words)] for i in range(6)]
    title = f"{pick[0].capitalize()} {pick[1]} {pick[2]} №{n}"
    body = " ".join(f"<p>{' '.join(pick[i:] + pick[:i])}.</p>" for i in range(4))
    return title, body


def seed_releases(
    count: int,
    *,
    author_id: int,
    organization_ids: Sequence[int],
    languages: Sequence[str] = ("en", "ru", "fr"),
    start: dt.datetime,
    step: dt.timedelta = dt.timedelta(hours=1),
    prefix: str = "bulk",
    first: int = 0,
    text: Callable[[int, str], tuple[str, str]] = default_text,
    files: dict[str, Files] | None = None,
    chunk: int = 2000,
) -> list[int]:
    """Insert `count` published releases numbered first..first+count-1, public from `start`
    on, one `step` apart; the first language is the source. Returns the release ids."""
    files = files or placeholder_files(languages)
    ids: list[int] = []
    for offset in range(0, count, chunk):
        numbers = range(first + offset, first + min(count, offset + chunk))
        ids += _seed_chunk(
            list(numbers), author_id, organization_ids, languages, start, step, prefix, text, files
        )
    db.session.flush()
    return ids


def _seed_chunk(
    numbers: list[int],
    author_id: int,
    organization_ids: Sequence[int],
    languages: Sequence[str],
    start: dt.datetime,
    step: dt.timedelta,
    prefix: str,
    text: Callable[[int, str], tuple[str, str]],
    files: dict[str, Files],
) -> list[int]:
    session = db.session
    moment = {n: start + step * n for n in numbers}
    statement_ids = list(
        session.scalars(
            sa.insert(Statement).returning(Statement.id, sort_by_parameter_order=True),
            [
                {
                    "slug": f"{prefix}-{n:06d}",
                    "key": f"{prefix}-key-{n:06d}",
                    "status": Status.published,
                    "source_language": languages[0],
                    "timezone": "UTC",
                    "version": 1,
                    "correction_note": "",
                    "created_by_id": author_id,
                    "created_at": moment[n],
                }
                for n in numbers
            ],
        )
    )
    orgs = list(organization_ids)
    slugs = dict(
        session.execute(
            sa.select(Organization.id, Organization.slug).where(Organization.id.in_(orgs))
        ).all()
    )
    taking_part = {
        n: list(dict.fromkeys([orgs[n % len(orgs)], orgs[(n + 1) % len(orgs)]])) for n in numbers
    }
    session.execute(
        sa.insert(Participant),
        [
            {"statement_id": sid, "organization_id": org, "position": pos}
            for n, sid in zip(numbers, statement_ids, strict=True)
            for pos, org in enumerate(taking_part[n])
        ],
    )
    if len(languages) > 1:
        session.execute(
            sa.insert(TargetLanguage),
            [
                {"statement_id": sid, "lang": lang}
                for sid in statement_ids
                for lang in languages[1:]
            ],
        )
    texts = {n: {lang: text(n, lang) for lang in languages} for n in numbers}
    hashes = {
        n: hashlib.sha256(f"{n}:{texts[n][languages[0]]}".encode()).hexdigest() for n in numbers
    }
    revision_ids = list(
        session.scalars(
            sa.insert(Revision).returning(Revision.id, sort_by_parameter_order=True),
            [
                {
                    "statement_id": sid,
                    "number": 1,
                    "parent_id": None,
                    "kind": RevisionKind.edit,
                    "author_id": author_id,
                    "organization_id": orgs[n % len(orgs)],
                    "created_at": moment[n],
                    "content_hash": hashes[n],
                    "content": {
                        "title": texts[n][languages[0]][0],
                        "lead": "",
                        "body": texts[n][languages[0]][1],
                        "dateline_city": "Vienna",
                        "dateline_date": moment[n].date().isoformat(),
                        "organizations": [slugs[o] for o in taking_part[n]],
                        "quotes": [],
                        "contacts": [],
                        "further_info_url": "",
                    },
                }
                for n, sid in zip(numbers, statement_ids, strict=True)
            ],
        )
    )
    session.execute(
        sa.update(Statement),
        [
            {"id": sid, "current_revision_id": rid}
            for sid, rid in zip(statement_ids, revision_ids, strict=True)
        ],
    )
    release_ids = list(
        session.scalars(
            sa.insert(Release).returning(Release.id, sort_by_parameter_order=True),
            [
                {
                    "statement_id": sid,
                    "version": 1,
                    "revision_id": rid,
                    "source_hash": hashes[n],
                    "bundle_hash": hashes[n],
                    "title": texts[n][languages[0]][0],
                    "published_by_id": author_id,
                    "created_at": moment[n],
                    "public_at": moment[n],
                    "correction_note": "",
                    "withdrawal_notice": "",
                }
                for n, sid, rid in zip(numbers, statement_ids, revision_ids, strict=True)
            ],
        )
    )
    session.execute(
        sa.insert(ReleaseOrganization),
        [
            {"release_id": rid, "organization_id": org, "position": pos}
            for n, rid in zip(numbers, release_ids, strict=True)
            for pos, org in enumerate(taking_part[n])
        ],
    )
    artifacts = []
    for n, rid in zip(numbers, release_ids, strict=True):
        for lang in languages:
            title, body = texts[n][lang]
            for kind, (sha, size) in (
                (ArtifactKind.html, files[lang].html),
                (ArtifactKind.pdf, files[lang].pdf),
            ):
                artifacts.append(
                    {
                        "release_id": rid,
                        "lang": lang,
                        "kind": kind,
                        "sha256": sha,
                        "size": size,
                        "title": title,
                        "text": f"{title} {body}" if kind == ArtifactKind.html else "",
                    }
                )
    session.execute(sa.insert(Artifact), artifacts)
    return release_ids


@pytest.fixture(name="seed")
def seed_fixture(mission):  # type: ignore[no-untyped-def]
    """seed(count, **options): bulk-published releases of odihr/osce-pa/pace, numbered on
    from one call to the next, committed (requests see them)."""
    orgs = [mission["orgs"][s].id for s in ("odihr", "osce-pa", "pace")]
    used = {"first": 0}

    def factory(count: int, **options):  # type: ignore[no-untyped-def]
        options.setdefault("start", BASE)
        ids = seed_releases(
            count,
            author_id=mission["po_odihr"].id,
            organization_ids=orgs,
            first=used["first"],
            **options,
        )
        used["first"] += count
        db.session.commit()
        return ids

    return factory
