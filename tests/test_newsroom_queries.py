"""The newsroom's read side: who appears (public, current, not withdrawn), filters, search in
every language, pagination bounds, and a constant number of SQL queries per page."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.models import Artifact, Release, Statement
from pressroom.queries import newsroom, search
from pressroom.services import publishing, statements
from tests.conftest import statement_data
from tests.helpers.queries import counting
from tests.newsroom_factory import BASE, seed_fixture  # noqa: F401  (fixture `seed`)
from tests.services.test_publishing import approve_all


def slugs(filters: newsroom.Filters | None = None, lang: str = "en") -> list[str]:
    return [e.slug for e in newsroom.releases_page(filters or newsroom.Filters(), lang).entries]


def release_of(release_id: int) -> Release:
    return db.session.get(Release, release_id)


def test_newest_first_and_pages(seed):
    seed(45)
    page = newsroom.releases_page(newsroom.Filters(per_page=20), "en")
    assert [e.slug for e in page.entries][:2] == ["bulk-000044", "bulk-000043"]
    assert page.total == 45 and page.has_next and not page.has_previous
    last = newsroom.releases_page(newsroom.Filters(page=3, per_page=20), "en")
    assert len(last.entries) == 5 and not last.has_next
    beyond = newsroom.releases_page(newsroom.Filters(page=4, per_page=20), "en")
    assert beyond.entries == [] and not beyond.has_next


def test_count_is_bounded(seed, monkeypatch):
    seed(12)
    monkeypatch.setattr(newsroom, "COUNT_CAP", 10)
    page = newsroom.releases_page(newsroom.Filters(), "en")
    assert page.total == 10 and page.capped


def test_only_current_public_versions_appear(seed, app):
    ids = seed(6)
    scheduled, cancelled, withdrawn, corrected = (release_of(i) for i in ids[:4])
    scheduled.public_at = dt.datetime(2999, 1, 1, tzinfo=dt.UTC)
    cancelled.cancelled_at = cancelled.public_at
    withdrawn.withdrawn_at = withdrawn.public_at + dt.timedelta(days=1)
    withdrawn.withdrawal_notice = "Issued in error."
    # Version 2 of `corrected` is public: version 1 gives way to it.
    v2 = Release(
        statement_id=corrected.statement_id,
        version=2,
        revision_id=corrected.revision_id,
        source_hash=corrected.source_hash,
        published_by_id=corrected.published_by_id,
        public_at=BASE + dt.timedelta(days=30),
        correction_note="Seats.",
    )
    db.session.add(v2)
    db.session.flush()
    corrected.superseded_by_id = v2.id
    for artifact in corrected.artifacts:
        v2.artifacts.append(
            Artifact(
                lang=artifact.lang,
                kind=artifact.kind,
                sha256=artifact.sha256,
                size=artifact.size,
                title=artifact.title + " (v2)",
                text=artifact.text,
            )
        )
    db.session.commit()
    page = newsroom.releases_page(newsroom.Filters(), "en")
    assert [(e.slug, e.release.version) for e in page.entries] == [
        ("bulk-000003", 2),
        ("bulk-000005", 1),
        ("bulk-000004", 1),
    ]
    assert page.entries[0].title.endswith("(v2)")
    assert {e.slug for e in newsroom.feed_entries("en")} == {
        "bulk-000003",
        "bulk-000004",
        "bulk-000005",
    }
    assert {e.slug for e in newsroom.sitemap_entries()} == {
        "bulk-000003",
        "bulk-000004",
        "bulk-000005",
    }
    # A scheduled correction leaves the public version 1 in place until its embargo.
    v2.public_at = dt.datetime(2999, 1, 1, tzinfo=dt.UTC)
    db.session.commit()
    assert ("bulk-000003", 1) in [
        (e.slug, e.release.version)
        for e in newsroom.releases_page(newsroom.Filters(), "en").entries
    ]
    # ...and the clock makes the scheduled one public, no job needed.
    app.config["CLOCK"] = lambda: dt.datetime(2999, 1, 1, 0, 0, 1, tzinfo=dt.UTC)
    try:
        assert slugs()[:2] == ["bulk-000003", "bulk-000000"]
    finally:
        app.config.pop("CLOCK")


def test_drafts_and_other_organizations_statements_never_appear(mission, create_statement, seed):
    seed(2)
    create_statement(body="Zanzibarian draft words.")
    statements.create_statement(
        mission["po_outsider"],
        statement_data(
            organizations=["outsider"], body="Zanzibarian outsider words.", quotes=[], contacts=[]
        ),
        source_language="en",
    )
    db.session.commit()
    assert len(slugs()) == 2
    assert slugs(newsroom.Filters(query="zanzibarian")) == []


def test_filters_by_organization_and_language(mission, seed):
    seed(6, languages=("en", "ru"))
    seed(3, languages=("fr",), prefix="fr")
    pace = mission["orgs"]["pace"]
    by_pace = slugs(newsroom.Filters(organization="pace", organization_id=pace.id))
    assert by_pace and all(
        pace in e.organizations
        for e in newsroom.releases_page(newsroom.Filters(organization_id=pace.id), "en").entries
    )
    assert len(by_pace) < 9
    assert slugs(newsroom.Filters(language="fr")) == ["fr-000008", "fr-000007", "fr-000006"]
    assert len(slugs(newsroom.Filters(language="ru"))) == 6
    assert slugs(newsroom.Filters(language="kk")) == []


def test_titles_in_the_language_or_the_source_language_marked(seed):
    seed(1, languages=("fr",), prefix="fr")
    seed(1, languages=("en", "ru"))
    ru = newsroom.releases_page(newsroom.Filters(), "ru").entries
    assert [(e.slug, e.lang, e.fallback) for e in ru] == [
        ("bulk-000001", "ru", False),
        ("fr-000000", "fr", True),
    ]
    assert ru[1].pdf is not None and ru[1].pdf.lang == "fr"
    assert "<" not in ru[0].excerpt and ru[0].excerpt


def test_search_every_language_prefixes_and_all_words(seed):
    def text(n: int, lang: str) -> tuple[str, str]:
        bodies = {
            "en": "Voting was calm in Astana",
            "ru": "Голосование в Астане прошло спокойно, подсчёт",
            "fr": "Le vote fut calme à Astana",
        }
        extra = " Kökşetau" if n == 1 else ""
        return f"Release {n} ({lang})", f"<p>{bodies[lang]}{extra} number{n}.</p>"

    seed(3, text=text)
    assert slugs(newsroom.Filters(query="спокойно")) == [
        "bulk-000002",
        "bulk-000001",
        "bulk-000000",
    ]
    assert slugs(newsroom.Filters(query="СПОКОЙНО Астане")) != []  # case-folded, all words
    assert slugs(newsroom.Filters(query="спокойно number1")) == ["bulk-000001"]
    assert slugs(newsroom.Filters(query="голосов")) != []  # prefix
    assert slugs(newsroom.Filters(query="calme")) != []
    assert slugs(newsroom.Filters(query="release 2")) == ["bulk-000002"]  # title
    assert slugs(newsroom.Filters(query="kokşetau")) == ["bulk-000001"]
    assert len(slugs(newsroom.Filters(query="подсчет"))) == 3  # е finds ё
    assert len(slugs(newsroom.Filters(query="ПОДСЧЁТ"))) == 3
    assert slugs(newsroom.Filters(query="calm nowhere")) == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "a OR b",
        "NEAR(a b)",
        "x*",
        "^",
        "-calm",
        "calm:*",
        "a & b | !c",
        "\\",
        "%",
        "ab\x00cd",
        "(((",
        "col:calm",
        "*",
        "'; DROP TABLE releases; --",
        "²³",
        "\u0301é",
    ],
)
def test_search_syntax_is_never_the_users(seed, query):
    seed(2)
    filters = newsroom.parse_filters({"q": query})  # never an error, whatever the characters
    assert filters.matches_nothing == (not search.terms(query))
    newsroom.releases_page(filters, "en")


def test_well_formed_but_unknown_matches_nothing(seed):
    seed(2)
    for args in ({"organization": "nobody"}, {"q": "?!"}):
        filters = newsroom.parse_filters(args)
        assert filters.matches_nothing
        assert newsroom.releases_page(filters, "en").entries == []


def test_real_publication_is_indexed_and_found_by_a_russian_word(mission):
    statement = statements.create_statement(
        mission["po_odihr"],
        statement_data(
            title="Выборы в Казахстане",
            lead="Наблюдатели отметили прогресс.",
            body="Голосование прошло в спокойной обстановке.\n\nПодсчёт голосов оценён негативно.",
            quotes=[],
            contacts=[],
        ),
        source_language="ru",
        target_languages=[],
    )
    approve_all(statement, mission)
    publishing.publish(statement, mission["po_odihr"])
    db.session.commit()
    assert slugs(newsroom.Filters(query="обстановке")) == [statement.slug]
    assert slugs(newsroom.Filters(query="Казахстане"), "en") == [statement.slug]


@pytest.mark.parametrize(
    ("args", "bad"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "x"}, "page"),
        ({"page": "10001"}, "page"),
        ({"page": "1e3"}, "page"),
        ({"page": "99999999999"}, "page"),
        ({"organization": "Not A Slug"}, "organization"),
        ({"language": "english!"}, "language"),
        ({"q": "x" * 201}, "q"),
        ({"page": "2", "per_page": "x", "language": "?"}, "language"),
        ({"page": "2\n"}, "page"),
        ({"organization": "pace\n"}, "organization"),
    ],
)
def test_bad_parameters_are_named(mission, args, bad):
    with pytest.raises(ValidationFailed) as info:
        newsroom.parse_filters(args)
    assert set(info.value.details) == {bad}


def test_per_page_bounds_only_where_allowed(mission):
    assert newsroom.parse_filters({"per_page": "500"}).per_page == newsroom.PER_PAGE
    assert newsroom.parse_filters({"per_page": "100"}, max_per_page=100).per_page == 100
    for value in ("0", "101", "ten"):
        with pytest.raises(ValidationFailed):
            newsroom.parse_filters({"per_page": value}, max_per_page=100)
    parsed = newsroom.parse_filters(
        {"organization": "pace", "language": "pt-BR", "q": "  two   words ", "page": "2"}
    )
    assert (parsed.organization_id, parsed.language, parsed.query, parsed.page) == (
        mission["orgs"]["pace"].id,
        "pt_BR",
        "two words",
        2,
    )


def test_stamp_moves_when_lists_can_change(seed, app):
    ids = seed(2)
    first = newsroom.archive_stamp()
    assert first == newsroom.archive_stamp()
    release_of(ids[0]).withdrawn_at = BASE + dt.timedelta(days=9)
    db.session.commit()
    withdrawn = newsroom.archive_stamp()
    assert withdrawn != first and withdrawn.last_modified == BASE + dt.timedelta(days=9)
    seed(1, start=dt.datetime(2999, 1, 1, tzinfo=dt.UTC))  # scheduled: nothing visible moves
    assert newsroom.archive_stamp() == withdrawn


PAGES = [
    "/en/releases",
    "/en/releases?q=mission",
    "/ru/releases?organization=pace&language=ru",
    "/en/releases/feed.atom",
    "/api/v1/releases?per_page=50",
    "/api/v1/releases?q=vote",
    "/en/releases/bulk-000002",
    "/ru/releases/bulk-000003",
]


def test_constant_number_of_queries_whatever_the_archive_size(client, seed):
    def queries(url: str) -> int:
        client.get(url)  # warm: per-stamp caches
        with counting() as seen:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(seen)

    seed(5)
    small = {url: queries(url) for url in PAGES}
    seed(45)
    large = {url: queries(url) for url in PAGES}
    assert small == large
    assert max(large.values()) <= 12, large


def test_listed_releases_are_statements_that_exist(seed):
    ids = seed(3)
    page = newsroom.releases_page(newsroom.Filters(), "en")
    assert {e.release.id for e in page.entries} == set(ids)
    assert all(isinstance(e.release.statement, Statement) for e in page.entries)


def test_search_rebuild_command_refills_the_index(seed, runner):
    """`flask search rebuild` (after restoring a dump without the SQLite index): what was
    published is found again. PostgreSQL keeps its index itself; the command then says so."""
    seed(2, text=lambda n, lang: (f"Release {n} ({lang})", f"<p>Tallinn number{n}.</p>"))
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    if sqlite:
        db.session.execute(
            sa.text("INSERT INTO release_search(release_search) VALUES ('delete-all')")
        )
        assert slugs(newsroom.Filters(query="tallinn")) == []
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert ("Search index rebuilt" if sqlite else "maintains its index") in result.output
    assert slugs(newsroom.Filters(query="tallinn")) == ["bulk-000001", "bulk-000000"]
