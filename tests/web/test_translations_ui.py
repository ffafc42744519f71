"""The translation pages: readiness matrix, side-by-side editor, highlights, conflicts."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from pressroom.db import db
from pressroom.domain.content import join_paragraphs
from pressroom.queries import translations as translation_queries
from pressroom.services import statements, translations
from tests.services.test_translations import RU, RU_BODY, RU_STORED, body_with


def editor_url(statement, lang="ru"):  # type: ignore[no-untyped-def]
    return url_for("translations.edit", statement_id=statement.id, lang=lang)


def form(statement, base=None, **values):  # type: ignore[no-untyped-def]
    data = {
        "source_revision": str(statement.current_revision.number),
        "base_revision": "" if base is None else str(base),
    }
    data.update(values)
    return data


def full_form(statement, base=None, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "title": RU["title"],
        "lead": RU["lead"],
        "dateline_city": RU["dateline_city"],
        "quote-pace-function": "Глава",
        "quote-pace-text": RU["quotes"][0]["text"],
        **{f"body-{i}": p for i, p in enumerate(RU_BODY)},
    }
    values.update(overrides)
    return form(statement, base, **values)


def rows(html: str) -> list[str]:
    """The id of every slot row, with "*" for the highlighted (changed) ones."""
    return [
        ("*" if "tr-changed" in cls else "") + key
        for cls, key in re.findall(r'<div class="tr-row([^"]*)" id="slot-([\w-]+)"', html)
    ]


def test_editor_side_by_side_with_localized_dateline(client, auth, mission, dummy_statement):
    auth.login(mission["po_odihr"])
    html = client.get(editor_url(dummy_statement)).get_data(as_text=True)
    assert '<html lang="en">' in html  # the URL's "ru" is the target, not the UI language
    assert rows(html) == [
        "title",
        "lead",
        "dateline_city",
        "body-0",
        "body-1",
        "body-2",
        "quote-pace-speaker",
        "quote-pace-function",
        "quote-pace-text",
        "contact-0-name",
    ]
    assert 'name="source_revision" value="1"' in html and 'name="base_revision" value=""' in html
    assert 'id="src-body-1" lang="en">The count was assessed negatively.</div>' in html
    assert re.search(r'<textarea id="f-body-1" name="body-1" lang="ru" dir="ltr"', html)
    assert '<label for="f-body-1">Paragraph 2 <span class="tag">ru</span></label>' in html
    # Babel separates "г." with a narrow no-break space.
    assert "ASTANA, 19 августа 2007\u202fг." in html  # the source's city until translated
    assert "Russian" in html
    client.post(editor_url(dummy_statement), data=form(dummy_statement, dateline_city="Астана"))
    html = client.get(editor_url(dummy_statement)).get_data(as_text=True)
    assert '<strong lang="ru" dir="ltr">АСТАНА, 19 августа 2007\u202fг.</strong>' in html


def test_save_then_statuses_in_matrix(client, auth, mission, dummy_statement):
    auth.login(mission["po_odihr"])
    matrix = url_for("translations.matrix", statement_id=dummy_statement.id)
    html = client.get(matrix).get_data(as_text=True)
    assert html.count(">Missing</span>") == 2 and editor_url(dummy_statement, "fr") in html
    response = client.post(
        editor_url(dummy_statement), data=form(dummy_statement, title=RU["title"])
    )
    assert response.status_code == 302
    html = client.get(matrix).get_data(as_text=True)
    assert ">In progress</span>" in html and "1 of 8 items" in html
    client.post(editor_url(dummy_statement), data=full_form(dummy_statement, base=1))
    html = client.get(matrix).get_data(as_text=True)
    assert ">Complete</span>" in html and "8 of 8 items" in html
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "complete"
    stored = translation_queries.get_translation(dummy_statement, "ru").current_revision
    assert stored.content["body"] == join_paragraphs(RU_BODY)
    assert stored.content["quotes"] == RU_STORED["quotes"]
    html = client.get(editor_url(dummy_statement)).get_data(as_text=True)
    assert f">{RU_BODY[1]}</textarea>" in html  # Cyrillic round-trips
    assert 'name="base_revision" value="2"' in html


def test_outdated_editor_highlights_exactly_the_changed_paragraph(
    client, auth, mission, dummy_statement
):
    auth.login(mission["po_odihr"])
    client.post(editor_url(dummy_statement), data=full_form(dummy_statement))
    source = dummy_statement.current_revision.content["body"].split("\n\n")
    statements.save(
        dummy_statement,
        mission["po_pace"],
        1,
        {"body": body_with(source, 1, "The count was assessed very negatively.")},
    )
    html = client.get(editor_url(dummy_statement)).get_data(as_text=True)
    assert [r for r in rows(html) if r.startswith("*")] == ["*body-1"]
    assert "Changed since your translation (revision 1 → 2)" in html
    assert (
        'assessed<ins class="tr-ins"><span class="visually-hidden">added: </span> very</ins>'
        " negatively."
    ) in html
    assert 'href="#slot-body-1">Paragraph 2</a>' in html
    assert ">Outdated</span>" in html
    # The translator updates the paragraph; saving records source revision 2.
    client.post(
        editor_url(dummy_statement),
        data=full_form(dummy_statement, base=1, **{"body-1": "Подсчёт — очень плохо."}),
    )
    assert translation_queries.status_by_language(dummy_statement)["ru"] == "complete"
    assert not [
        r
        for r in rows(client.get(editor_url(dummy_statement)).get_data(as_text=True))
        if r.startswith("*")
    ]


def test_inserted_source_paragraph_moves_the_translation_along(
    client, auth, mission, dummy_statement
):
    auth.login(mission["po_odihr"])
    client.post(editor_url(dummy_statement), data=full_form(dummy_statement))
    source = dummy_statement.current_revision.content["body"].split("\n\n")
    statements.save(
        dummy_statement,
        mission["po_odihr"],
        1,
        {"body": join_paragraphs([source[0], "Inserted.", *source[1:]])},
    )
    html = client.get(editor_url(dummy_statement)).get_data(as_text=True)
    assert [r for r in rows(html) if r.startswith("*")] == ["*body-1"]
    assert '<textarea id="f-body-2" name="body-2"' in html
    assert re.search(r'name="body-2"[^>]*>' + re.escape(RU_BODY[1]) + "</textarea>", html)
    assert re.search(r'name="body-1"[^>]*></textarea>', html)


def test_conflict_keeps_my_text_and_shows_both(client, auth, mission, dummy_statement):
    translations.save_translation(dummy_statement, mission["po_pace"], "ru", None, 1, RU)
    translations.save_translation(
        dummy_statement,
        mission["po_pace"],
        "ru",
        1,
        1,
        {"body": body_with(RU_BODY, 1, "Их вариант.")},
    )
    auth.login(mission["po_odihr"])
    response = client.post(
        editor_url(dummy_statement),
        data=full_form(
            dummy_statement, base=1, **{"body-1": "Мой вариант.", "body-2": "Моя правка."}
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert re.search(r'name="body-1"[^>]*>Мой вариант.</textarea>', html)
    assert re.search(r'name="body-2"[^>]*>Моя правка.</textarea>', html)  # merged, kept
    assert '<input type="hidden" name="conflict" value="body-1">' in html
    assert 'name="theirs-body-1" value="Их вариант."' in html
    assert "Their version (revision 2, Officer pace)" in html
    assert 'name="base_revision" value="2"' in html and 'role="alert"' in html
    assert translation_queries.get_translation(dummy_statement, "ru").current_revision.number == 2

    resolve = full_form(
        dummy_statement,
        base=2,
        **{
            "body-1": "Мой вариант.",
            "body-2": "Моя правка.",
            "conflict": "body-1",
            "mine-body-1": "Мой вариант.",
            "theirs-body-1": "Их вариант.",
            "theirs_revision": "2",
        },
    )
    unresolved = client.post(editor_url(dummy_statement), data=resolve)
    html = unresolved.get_data(as_text=True)
    assert unresolved.status_code == 200
    assert 'id="choice-body-1-error" role="alert">Choose which version to keep.' in html
    assert re.search(r'name="body-1"[^>]*>Мой вариант.</textarea>', html)
    assert (
        client.post(
            editor_url(dummy_statement), data={**resolve, "choice-body-1": "theirs"}
        ).status_code
        == 302
    )
    translation = translation_queries.get_translation(dummy_statement, "ru")
    body = translation.current_revision.content["body"]
    assert body.split("\n\n") == [RU_BODY[0], "Их вариант.", "Моя правка."]


def test_validation_error_next_to_the_field_and_text_kept(client, auth, mission, dummy_statement):
    auth.login(mission["po_odihr"])
    long_title = "Т" * 301
    response = client.post(
        editor_url(dummy_statement),
        data=form(dummy_statement, title=long_title, **{"body-0": "Кept"}),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="f-title-error" role="alert">At most 300 characters.' in html
    assert f'value="{long_title}"' in html and ">Кept</textarea>" in html
    assert translation_queries.get_translation(dummy_statement, "ru") is None


def test_translated_text_is_escaped(client, auth, mission, dummy_statement):
    auth.login(mission["po_odihr"])
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(
        editor_url(dummy_statement), data=form(dummy_statement, title=evil, **{"body-0": evil})
    )
    for url in (
        editor_url(dummy_statement),
        url_for("translations.matrix", statement_id=dummy_statement.id),
    ):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in client.get(
        editor_url(dummy_statement)
    ).get_data(as_text=True)


def test_kazakh_translation(client, auth, mission, create_statement):
    statement = create_statement(targets=["kk"])
    auth.login(mission["po_odihr"])
    title = "Қазақстандағы сайлау: ілгерілеу мен проблемалар"
    client.post(
        editor_url(statement, "kk"), data=form(statement, title=title, dateline_city="Астана")
    )
    html = client.get(editor_url(statement, "kk")).get_data(as_text=True)
    assert f'value="{title}"' in html and "Kazakh" in html
    assert "АСТАНА, 2007\u202fж. 19 тамыз" in html  # Babel's long date for kk (narrow nbsp)


@pytest.mark.parametrize(
    ("who", "lang", "status"),
    [
        ("po_odihr", "de", 404),
        ("po_outsider", "ru", 404),
        ("admin", "ru", 404),
        ("head_pace", "ru", 200),
    ],
)
def test_who_may_open_the_editor(client, auth, mission, dummy_statement, who, lang, status):
    auth.login(mission[who])
    assert client.get(editor_url(dummy_statement, lang)).status_code == status
    assert client.post(
        editor_url(dummy_statement, lang), data=form(dummy_statement, title="x")
    ).status_code in ({status} if status == 404 else {302})


def test_published_statement_is_read_only(client, auth, mission, dummy_statement):
    from pressroom.models import Status

    dummy_statement.status = Status.published
    db.session.flush()
    auth.login(mission["po_odihr"])
    html = client.get(editor_url(dummy_statement)).get_data(as_text=True)
    assert "can no longer be translated" in html and "Save translation" not in html
    refused = client.post(
        editor_url(dummy_statement),
        data=form(dummy_statement, title="Заголовок, набранный вовремя"),
    )
    assert refused.status_code == 409
    assert "Заголовок, набранный вовремя" in refused.get_data(as_text=True)  # kept


def test_post_without_source_revision_is_a_bad_request(client, auth, mission, dummy_statement):
    auth.login(mission["po_odihr"])
    assert client.post(editor_url(dummy_statement), data={"title": "x"}).status_code == 400


def test_slot_conflicts_split_fields_into_paragraphs_and_quotes(dummy_statement):
    from pressroom.domain.merge import FieldConflict
    from pressroom.domain.slots import SlotConflict, slot_conflicts

    source = dummy_statement.current_revision.content
    base = join_paragraphs(RU_BODY)
    mine = body_with(body_with(RU_BODY, 1, "Мой.").split("\n\n"), 2, "Моё третье.")
    theirs = body_with(body_with(RU_BODY, 1, "Их.").split("\n\n"), 0, "Их первое.")
    quote = RU["quotes"][0]
    result = translations.SaveResult(
        None,
        None,
        conflicts=(  # type: ignore[arg-type]
            FieldConflict("body", base, mine, theirs),
            FieldConflict("quotes", [quote], [{**quote, "text": "А"}], [{**quote, "text": "Б"}]),
        ),
        content={**RU, "body": theirs},
    )
    values, conflicts = slot_conflicts(result.content, result.conflicts, source)
    assert conflicts == [
        SlotConflict("body-1", "Мой.", "Их."),
        SlotConflict("quote-pace-text", "А", "Б"),
    ]
    assert [values[f"body-{i}"] for i in range(3)] == ["Их первое.", "Мой.", "Моё третье."]
    assert values["quote-pace-function"] == "Глава"

    shorter = translations.SaveResult(
        None,
        None,
        conflicts=(  # type: ignore[arg-type]
            FieldConflict("body", base, "Мой.", theirs),
        ),
        content={**RU, "body": theirs},
    )
    values, conflicts = slot_conflicts(shorter.content, shorter.conflicts, source)
    assert conflicts == [SlotConflict("body", "Мой.", theirs)]
    assert values["body-0"] == "Мой." and values["body-1"] == ""


def test_whole_body_choice_keeps_theirs(client, auth, mission, dummy_statement):
    translations.save_translation(dummy_statement, mission["po_pace"], "ru", None, 1, RU)
    auth.login(mission["po_odihr"])
    theirs = join_paragraphs(["Их текст."])
    response = client.post(
        editor_url(dummy_statement),
        data=full_form(
            dummy_statement,
            base=1,
            conflict="body",
            **{"mine-body": "x", "theirs-body": theirs, "choice-body": "theirs"},
        ),
    )
    assert response.status_code == 302
    stored = translation_queries.get_translation(dummy_statement, "ru").current_revision
    assert stored.content["body"] == theirs and stored.content["title"] == RU["title"]


def test_speaker_is_translatable_with_a_transliteration_suggestion(
    client, auth, mission, dummy_statement
):
    """Issue #15: names stayed in Latin script in Russian; the editor offers each
    speaker's name, prefilled with a suggestion the translator can change."""
    auth.login(mission["po_odihr"])
    html = client.get(editor_url(dummy_statement)).get_data(as_text=True)
    assert re.search(
        r'<input type="text" id="f-quote-pace-speaker" name="quote-pace-speaker" '
        r'lang="ru" dir="ltr" value="Дэвид Уилшир"',
        html,
    )
    assert "Suggested transliteration" in html
    french = client.get(editor_url(dummy_statement, "fr")).get_data(as_text=True)
    assert (
        'id="f-quote-pace-speaker" name="quote-pace-speaker" lang="fr" dir="ltr" value=""' in french
    )  # Latin script: nothing to suggest
    client.post(
        editor_url(dummy_statement),
        data=full_form(dummy_statement, **{"quote-pace-speaker": "Дейвид Уилшир"}),
    )
    stored = translation_queries.get_translation(dummy_statement, "ru").current_revision
    assert stored.content["quotes"][0]["speaker"] == "Дейвид Уилшир"
    html = client.get(editor_url(dummy_statement)).get_data(as_text=True)
    assert 'value="Дейвид Уилшир"' in html and 'id="f-quote-pace-speaker-hint"' not in html
