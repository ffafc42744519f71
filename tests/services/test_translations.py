"""Statement translations: statuses, outdated marking, completeness, merging, permissions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.content import join_paragraphs
from pressroom.domain.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from pressroom.domain.translation import is_complete
from pressroom.models import AuditEvent, Status, TranslationRevision
from pressroom.queries import translations as translation_queries
from pressroom.services import statements, translations
from tests.conftest import statement_data

RU_BODY = [
    "Голосование прошло спокойно.",
    "Подсчёт голосов оценён отрицательно.",
    "Девять мест назначены.",
]
RU = {
    "title": "Выборы в Казахстане: прогресс и проблемы",
    "lead": "Хотя выборы отразили прогресс, стандарты не были соблюдены.",
    "body": join_paragraphs(RU_BODY),
    "dateline_city": "Астана",
    "quotes": [
        {
            "organization": "pace",
            "function": "Глава",
            "text": "Построение демократии — долгая и трудная задача.",
        }
    ],
}
#: RU as stored and returned: quotes with every part (matched by id, which a client from
#: before quote ids may leave out: the organization stands for it) and no contact forms.
RU_STORED = {
    **RU,
    "contacts": [],
    "quotes": [
        {
            "id": "pace",
            "organization": "pace",
            "honorific": "",
            "speaker": "",
            "function": "Глава",
            "lead_in": "",
            "text": "Построение демократии — долгая и трудная задача.",
        }
    ],
}


def translate(statement, user, base=None, lang="ru", **fields):  # type: ignore[no-untyped-def]
    return translations.save_translation(
        statement, user, lang, base, statement.current_revision.number, fields
    )


def edit_source(statement, user, **changes):  # type: ignore[no-untyped-def]
    result = statements.save(statement, user, statement.current_revision.number, changes)
    assert result.revision is not None
    return result.revision


def body_with(paragraphs: list[str], index: int, text: str) -> str:
    changed = list(paragraphs)
    changed[index] = text
    return join_paragraphs(changed)


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_missing_in_progress_complete_outdated(mission, dummy_statement):
    po = mission["po_odihr"]
    assert translation_queries.status_by_language(dummy_statement) == {
        "fr": "missing",
        "ru": "missing",
    }
    first = translate(dummy_statement, po, title=RU["title"])
    assert first.revision.number == 1 and first.revision.source_revision.number == 1
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "in_progress"
    translate(dummy_statement, po, base=1, **RU)
    assert translation_queries.status_by_language(dummy_statement) == {
        "fr": "missing",
        "ru": "complete",
    }
    assert translation_queries.language_readiness(dummy_statement, "ru").changes is None  # complete

    source = dummy_statement.current_revision.content
    paragraphs = source["body"].split("\n\n")
    edit_source(dummy_statement, po, body=body_with(paragraphs, 1, "The count was poor."))
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "outdated"
    changes = translation_queries.language_readiness(dummy_statement, "ru").changes
    assert changes.paragraphs == (1,) and changes.fields == ("body",)
    assert (changes.from_revision, changes.to_revision) == (1, 2)
    assert changes.previous_paragraph(1) == "The count was assessed negatively."

    saved = translate(
        dummy_statement, po, base=2, body=body_with(RU_BODY, 1, "Подсчёт был плохим.")
    )
    assert saved.revision.source_revision.number == 2
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "complete"
    assert "translation.save" in actions()


def test_only_translatable_source_changes_outdate(mission, dummy_statement):
    """The stored hash is of the translatable projection: contacts or URLs do not count."""
    po = mission["po_odihr"]
    translate(dummy_statement, po, **RU)
    contacts = [
        {
            "organization": "pace",
            "name": "Bas Klein",
            "phone": "+33 662 265 490",
            "email": "bas.klein@coe.int",
        }
    ]
    edit_source(dummy_statement, po, contacts=contacts, further_info_url="https://osce.org/x")
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "complete"
    edit_source(dummy_statement, po, quotes=[{**statement_data()["quotes"][0], "text": "New."}])
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "outdated"
    changes = translation_queries.language_readiness(dummy_statement, "ru").changes
    assert changes.fields == ("quotes",) and changes.quotes == ("pace",)
    assert changes.paragraphs == ()


def test_incomplete_translation_is_outdated_too_and_saving_confirms(mission, dummy_statement):
    po = mission["po_odihr"]
    translate(dummy_statement, po, title=RU["title"])
    edit_source(dummy_statement, po, title="A new title")
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "outdated"
    # Saving the same text against the new source revision records that it was checked.
    confirmed = translate(dummy_statement, po, base=1)
    assert confirmed.revision.number == 2 and confirmed.revision.content["title"] == RU["title"]
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "in_progress"
    assert translate(dummy_statement, po, base=2).revision is None  # nothing new to record


def test_an_empty_first_save_records_nothing(mission, dummy_statement):
    assert translate(dummy_statement, mission["po_odihr"], title=" ").revision is None
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "missing"


SOURCE = {
    "title": "T",
    "lead": "L",
    "body": "One.\n\nTwo.",
    "dateline_city": "Astana",
    "quotes": [
        {"organization": "pace", "speaker": "S", "function": "Head", "text": "Q"},
        {"organization": "odihr", "speaker": "K", "function": "", "text": "R"},
    ],
}
FULL = {
    "title": "Т",
    "lead": "Л",
    "body": "Один.\n\nДва.",
    "dateline_city": "Астана",
    "quotes": [
        {"organization": "pace", "function": "Глава", "text": "Ц"},
        {"organization": "odihr", "function": "", "text": "Р"},
    ],
}


@pytest.mark.parametrize(
    ("change", "source_change", "complete"),
    [
        ({}, {}, True),
        ({"lead": ""}, {}, False),
        ({"lead": ""}, {"lead": ""}, True),  # lead only when the source has one
        ({"title": "  "}, {}, False),
        ({"dateline_city": ""}, {}, False),
        ({"body": "Один."}, {}, False),  # fewer paragraphs
        ({"body": "Один.\n\nДва.\n\nТри."}, {}, False),  # more paragraphs
        ({"body": "Один.\n\n[… 2]"}, {}, False),
        ({"body": "Один.\n\n[…]"}, {}, False),
        ({"quotes": FULL["quotes"][1:]}, {}, False),  # a source quote without translation
        ({"quotes": [{**FULL["quotes"][0], "function": ""}, FULL["quotes"][1]]}, {}, False),
        ({"quotes": [FULL["quotes"][0], {**FULL["quotes"][1], "text": ""}]}, {}, False),
        ({}, {"quotes": SOURCE["quotes"][:1]}, True),  # extra translated quotes do no harm
    ],
)
def test_is_complete(change, source_change, complete):
    assert is_complete({**FULL, **change}, {**SOURCE, **source_change}) is complete


def test_translators_on_different_paragraphs_merge(mission, dummy_statement):
    translate(dummy_statement, mission["po_odihr"], **RU)
    mine = translate(
        dummy_statement,
        mission["po_odihr"],
        base=1,
        body=body_with(RU_BODY, 0, "Голосование было спокойным."),
    )
    theirs = translate(
        dummy_statement,
        mission["po_pace"],
        base=1,
        body=body_with(RU_BODY, 2, "Девять мест не оспаривались."),
    )
    assert mine.revision.number == 2 and theirs.merged and theirs.merged_with.number == 2
    assert theirs.revision.number == 3 and theirs.revision.parent_id == mine.revision.id
    assert theirs.revision.content["body"].split("\n\n") == [
        "Голосование было спокойным.",
        RU_BODY[1],
        "Девять мест не оспаривались.",
    ]
    assert actions()[-1] == "translation.merge"


def test_first_translators_splitting_the_paragraphs_merge(mission, dummy_statement):
    """Untranslated paragraphs keep their place, so two first saves line up."""
    source = dummy_statement.current_revision.content
    a = translations.from_slots({"body-0": RU_BODY[0], "title": RU["title"]}, source)
    b = translations.from_slots({"body-2": RU_BODY[2]}, source)
    translate(dummy_statement, mission["po_odihr"], **a)
    merged = translate(dummy_statement, mission["po_pace"], body=b["body"])
    assert merged.merged
    assert merged.revision.content["body"] == join_paragraphs([RU_BODY[0], "[… 2]", RU_BODY[2]])
    assert merged.revision.content["title"] == RU["title"]


def test_same_paragraph_conflicts_and_nothing_is_overwritten(mission, dummy_statement):
    translate(dummy_statement, mission["po_odihr"], **RU)
    translate(
        dummy_statement,
        mission["po_odihr"],
        base=1,
        body=body_with(RU_BODY, 1, "Подсчёт: вариант ОБСЕ."),
    )
    result = translate(
        dummy_statement,
        mission["po_pace"],
        base=1,
        body=body_with(RU_BODY, 1, "Подсчёт: вариант ПАСЕ."),
    )
    assert result.conflict and result.revision is None and result.current.number == 2
    (conflict,) = result.conflicts
    assert conflict.field == "body"
    assert "Подсчёт: вариант ПАСЕ." in conflict.mine
    assert "Подсчёт: вариант ОБСЕ." in conflict.theirs
    stored = translation_queries.get_translation(dummy_statement, "ru").current_revision
    assert stored.number == 2 and "вариант ОБСЕ" in stored.content["body"]
    assert db.session.scalar(sa.select(sa.func.count(TranslationRevision.id))) == 2
    assert actions()[-1] == "translation.conflict"


def test_merge_keeps_the_older_source_revision(mission, dummy_statement):
    """A merge of text made from two source revisions is only as fresh as the older one."""
    po = mission["po_odihr"]
    translate(dummy_statement, po, **RU)
    edit_source(dummy_statement, po, title="A new title")
    translate(dummy_statement, po, base=1, title="Новый заголовок")  # from source 2
    old = translations.save_translation(
        dummy_statement, mission["po_pace"], "ru", 1, 1, {"lead": "Другой лид."}
    )
    assert old.merged and old.revision.source_revision.number == 1
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "outdated"


def test_alignment_follows_source_paragraphs(mission, dummy_statement):
    po = mission["po_odihr"]
    translate(dummy_statement, po, **RU)
    made_from = dict(dummy_statement.current_revision.content)
    paragraphs = made_from["body"].split("\n\n")
    edit_source(
        dummy_statement,
        po,
        body=join_paragraphs([paragraphs[0], "A new paragraph.", paragraphs[1]]),
    )
    source = dummy_statement.current_revision.content
    current = translation_queries.get_translation(dummy_statement, "ru").current_revision
    slots = translations.to_slots(current.content, source, made_from)
    assert [slots[f"body-{i}"] for i in range(3)] == [RU_BODY[0], "", RU_BODY[1]]
    assert translations.removed_paragraphs(current.content, source, made_from) == [RU_BODY[2]]
    assert translation_queries.language_readiness(dummy_statement, "ru").changes.paragraphs == (1,)


def test_language_must_be_a_target(mission, dummy_statement):
    with pytest.raises(NotFound):
        translate(dummy_statement, mission["po_odihr"], lang="de", title="Titel")
    with pytest.raises(NotFound):
        translation_queries.language_readiness(dummy_statement, "en")


def test_kazakh_round_trips(mission, create_statement):
    statement = create_statement(targets=["kk"])
    title = "Қазақстандағы сайлау: ілгерілеу мен проблемалар"
    translate(statement, mission["po_odihr"], lang="kk", title=title, dateline_city="Астана")
    db.session.expire_all()
    stored = translation_queries.get_translation(statement, "kk").current_revision
    assert stored.content["title"] == title
    assert translation_queries.status_by_language(statement) == {"kk": "in_progress"}


@pytest.mark.parametrize("who", ["po_outsider", "admin"])
def test_outsiders_and_admins_may_not_translate(mission, dummy_statement, who):
    with pytest.raises(PermissionDenied):
        translate(dummy_statement, mission[who], title="x")


def test_heads_translate_and_state_is_checked(mission, dummy_statement):
    assert translate(dummy_statement, mission["head_pace"], title="x").revision is not None
    dummy_statement.status = Status.published
    with pytest.raises(InvalidTransition):
        translate(dummy_statement, mission["po_odihr"], base=1, title="y")


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"speaker": "x"}, "speaker"),
        ({"title": 5}, "title"),
        ({"quotes": [{"organization": "outsider", "text": "x"}]}, "quotes.0.organization"),
        ({"quotes": [{"organization": "pace", "colour": "x"}]}, "quotes.0"),
        (
            {
                "quotes": [
                    {"organization": "pace", "text": "a"},
                    {"organization": "pace", "text": "b"},
                ]
            },
            "quotes",
        ),
        ({"title": "x" * 301}, "title"),
    ],
)
def test_invalid_input_names_the_field(mission, dummy_statement, fields, key):
    with pytest.raises(ValidationFailed) as info:
        translate(dummy_statement, mission["po_odihr"], **fields)
    assert key in info.value.details


def test_unknown_base_or_source_revision(mission, dummy_statement):
    with pytest.raises(NotFound):
        translate(dummy_statement, mission["po_odihr"], base=3, title="x")
    with pytest.raises(NotFound):
        translations.save_translation(dummy_statement, mission["po_odihr"], "ru", None, 9, {})


def test_readiness_rows(mission, dummy_statement):
    translate(dummy_statement, mission["po_odihr"], title=RU["title"], dateline_city="Астана")
    rows = {row.lang: row for row in translation_queries.readiness(dummy_statement)}
    assert rows["ru"].status == "in_progress" and rows["ru"].revision.number == 1
    # title, lead, city, 3 paragraphs, the quote's function and text
    assert (rows["ru"].translated, rows["ru"].required) == (2, 8)
    assert rows["fr"].revision is None and rows["fr"].translated == 0
