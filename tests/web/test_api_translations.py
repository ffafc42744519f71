"""The translation API: read, save with source_revision, merge or 409, errors, OpenAPI."""

from __future__ import annotations

import pytest
from flask_babel import get_locale

from pressroom.domain.content import join_paragraphs
from tests.services.test_translations import RU, RU_BODY, RU_STORED, body_with
from tests.web.test_api_basics import assert_json_error
from tests.web.test_api_statements import create


def url(statement_id: int, lang: str = "ru") -> str:
    return f"/api/v1/statements/{statement_id}/translations/{lang}"


def test_save_and_read(client, mission, api_token):
    headers = api_token(mission["po_odihr"])
    statement = create(client, headers)
    empty = client.get(url(statement["id"]), headers=headers).get_json()
    assert empty["status"] == "missing" and empty["revision"] is None
    assert empty["content"] is None and empty["current_source_revision"] == 1
    assert "title" in empty["missing"] and "body-2" in empty["missing"]

    first = client.put(
        url(statement["id"]), json={"source_revision": 1, "title": RU["title"]}, headers=headers
    )
    body = first.get_json()
    assert first.status_code == 200, body
    assert (body["lang"], body["revision"], body["source_revision"]) == ("ru", 1, 1)
    assert body["status"] == "in_progress" and body["saved"] and body["merged"] is False
    assert body["content"]["title"] == RU["title"]
    assert body["content"]["body"] == "[… 1]\n\n[… 2]\n\n[… 3]"

    full = client.put(
        url(statement["id"]), json={"source_revision": 1, "base_revision": 1, **RU}, headers=headers
    ).get_json()
    assert full["status"] == "complete" and full["revision"] == 2 and full["missing"] == []
    assert client.get(url(statement["id"]), headers=headers).get_json()["content"] == RU_STORED
    document = client.get(f"/api/v1/statements/{statement['id']}", headers=headers).get_json()
    assert document["translations"] == {"fr": "missing", "ru": "complete"}


def test_outdated_after_a_source_change(client, mission, api_token):
    headers = api_token(mission["po_odihr"])
    statement = create(client, headers)
    client.put(url(statement["id"]), json={"source_revision": 1, **RU}, headers=headers)
    paragraphs = statement["body"].split("\n\n")
    client.put(
        f"/api/v1/statements/{statement['id']}",
        headers=headers,
        json={"base_revision": 1, "body": body_with(paragraphs, 1, "The count was poor.")},
    )
    body = client.get(url(statement["id"]), headers=headers).get_json()
    assert body["status"] == "outdated"
    assert body["source_changes"] == {
        "from_revision": 1,
        "to_revision": 2,
        "fields": ["body"],
        "paragraphs": [2],
        "quotes": [],
    }
    document = client.get(f"/api/v1/statements/{statement['id']}", headers=headers).get_json()
    assert document["translations"]["ru"] == "outdated"
    updated = client.put(
        url(statement["id"]),
        headers=headers,
        json={
            "source_revision": 2,
            "base_revision": 1,
            "body": body_with(RU_BODY, 1, "Подсчёт был плохим."),
        },
    ).get_json()
    assert updated["status"] == "complete" and updated["source_changes"] is None


def test_merge_and_conflict(client, mission, api_token):
    odihr, pace = api_token(mission["po_odihr"]), api_token(mission["po_pace"])
    statement = create(client, odihr)
    client.put(url(statement["id"]), json={"source_revision": 1, **RU}, headers=odihr)
    client.put(
        url(statement["id"]),
        headers=odihr,
        json={"source_revision": 1, "base_revision": 1, "body": body_with(RU_BODY, 0, "Первый.")},
    )
    merged = client.put(
        url(statement["id"]),
        headers=pace,
        json={"source_revision": 1, "base_revision": 1, "body": body_with(RU_BODY, 2, "Третий.")},
    )
    body = merged.get_json()
    assert merged.status_code == 200 and body["merged"] is True and body["revision"] == 3
    assert body["merged_with"] == {"revision": 2, "author": "Officer odihr"}
    assert body["content"]["body"] == join_paragraphs(["Первый.", RU_BODY[1], "Третий."])

    conflict = client.put(
        url(statement["id"]),
        headers=pace,
        json={"source_revision": 1, "base_revision": 1, "body": body_with(RU_BODY, 0, "Другой.")},
    )
    error = assert_json_error(conflict, 409, "conflict")
    assert error["details"]["current_revision"] == 3
    (entry,) = error["details"]["conflicts"]
    assert entry["field"] == "body" and "Другой." in entry["mine"]
    assert "Первый." in entry["theirs"] and RU_BODY[0] in entry["base"]
    assert client.get(url(statement["id"]), headers=pace).get_json()["revision"] == 3


def test_kazakh_round_trip(client, mission, api_token):
    headers = api_token(mission["po_odihr"])
    body = {**create(client, headers), "target_languages": ["kk"]}
    response = client.post(
        "/api/v1/statements",
        headers=headers,
        json={
            k: body[k]
            for k in (
                "title",
                "lead",
                "body",
                "dateline_city",
                "dateline_date",
                "organizations",
                "quotes",
                "contacts",
                "target_languages",
            )
        },
    )
    statement = response.get_json()
    title = "Қазақстандағы сайлау: ілгерілеу мен проблемалар"
    saved = client.put(
        url(statement["id"], "kk"), headers=headers, json={"source_revision": 1, "title": title}
    )
    assert saved.get_json()["content"]["title"] == title
    assert (
        client.get(url(statement["id"], "kk"), headers=headers).get_json()["content"]["title"]
        == title
    )


def test_errors(client, mission, api_token):
    headers = api_token(mission["po_odihr"])
    statement = create(client, headers)
    item = url(statement["id"])
    assert_json_error(client.put(item, json={"title": "x"}, headers=headers), 400)
    assert_json_error(client.put(item, json={"source_revision": "1"}, headers=headers), 400)
    unknown = client.put(item, json={"source_revision": 1, "speaker": "x"}, headers=headers)
    assert "speaker" in assert_json_error(unknown, 400, "validation_failed")["details"]
    bad_quote = client.put(
        item,
        headers=headers,
        json={"source_revision": 1, "quotes": [{"organization": "nobody", "text": "x"}]},
    )
    assert "quotes.0.organization" in assert_json_error(bad_quote, 400)["details"]
    assert_json_error(client.put(item, json={"source_revision": 7}, headers=headers), 404)
    assert_json_error(
        client.put(item, json={"source_revision": 1, "base_revision": 4}, headers=headers), 404
    )
    assert_json_error(
        client.put(url(statement["id"], "de"), json={"source_revision": 1}, headers=headers), 404
    )
    assert_json_error(client.get(url(statement["id"], "de"), headers=headers), 404)
    for who in ("po_outsider", "admin"):
        assert_json_error(client.get(item, headers=api_token(mission[who])), 404)
        assert_json_error(
            client.put(item, json={"source_revision": 1}, headers=api_token(mission[who])), 404
        )
    assert_json_error(client.get(item), 401)


@pytest.mark.parametrize(
    "path", ["/api/v1/statements/1/translations/ru", "/statements/1/translations/ru"]
)
def test_target_language_is_not_the_ui_language(app, path):
    """The path's "ru" is the language translated into: answers stay in the caller's."""
    with app.test_request_context(path, headers={"Accept-Language": "de"}):
        app.preprocess_request()
        assert str(get_locale()) == "de"


def test_openapi_describes_the_calls(client):
    document = client.get("/api/v1/openapi.json").get_json()
    path = document["paths"]["/api/v1/statements/{statement_id}/translations/{lang}"]
    assert set(path) >= {"get", "put", "parameters"}
    schema = path["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["source_revision"]
    assert {"base_revision", "title", "lead", "body", "dateline_city", "quotes"} <= set(
        schema["properties"]
    )
    assert "Translation" in document["components"]["schemas"]
