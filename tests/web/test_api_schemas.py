"""Request bodies are checked against the schemas of pressroom/web/api/schemas.py (transport
types), and /api/v1/openapi.json is generated from the same schemas."""

from __future__ import annotations

from pressroom.web.api import schemas
from tests.conftest import statement_data
from tests.web.test_api_basics import assert_json_error


def _create(client, headers, **body):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/statements", json={**statement_data(), **body}, headers=headers)


def test_wrong_types_are_a_400_naming_every_field(client, mission, api_token):
    headers = api_token(mission["po_odihr"])
    error = assert_json_error(
        _create(
            client,
            headers,
            title=5,
            organizations="odihr",
            quotes=[{"organization": 3, "speaker": "A", "text": "B"}],
        ),
        400,
        "validation_failed",
    )
    assert error["details"] == {
        "title": "expected string",
        "organizations": "expected array",
        "quotes.0.organization": "expected string",
    }
    assert error["message"] == "The field title must be of type string."


def test_integers_are_strict_and_bounded(client, mission, api_token, create_statement):
    statement = create_statement()
    headers = api_token(mission["po_odihr"])
    url = f"/api/v1/statements/{statement.id}"
    for value, detail in (
        (True, "expected integer"),
        ("1", "expected integer"),
        (1.5, "expected integer"),
        (2**31, "out of range"),
        (None, "required"),
    ):
        error = assert_json_error(
            client.put(url, json={"base_revision": value}, headers=headers),
            400,
            "validation_failed",
        )
        assert error["details"] == {"base_revision": detail}, value


def test_messages_speak_the_callers_language(client, mission, api_token):
    headers = {**api_token(mission["po_odihr"]), "Accept-Language": "fr"}
    error = assert_json_error(_create(client, headers, title=[]), 400)
    assert error["message"] == "Le champ title doit être de type string."


def test_unknown_keys_of_a_translated_quote_are_refused(
    client, mission, api_token, create_statement
):
    statement = create_statement(targets=["ru"])
    response = client.put(
        f"/api/v1/statements/{statement.id}/translations/ru",
        json={"source_revision": 1, "quotes": [{"id": "pace", "txt": "x"}]},
        headers=api_token(mission["po_odihr"]),
    )
    error = assert_json_error(response, 400, "validation_failed")
    assert error["details"] == {"quotes.0.txt": "unknown field"}


def test_the_document_is_generated_from_the_schemas(client):
    document = client.get("/api/v1/openapi.json").get_json()
    components = document["components"]["schemas"]
    for name in ("Statement", "Translation", "Release", "ReleaseList", "Organization"):
        schema = getattr(schemas, f"{name}Schema")
        assert set(components[name]["properties"]) == {
            f.data_key or key for key, f in schema().fields.items()
        }, name
    create = document["paths"]["/api/v1/statements"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]
    assert set(create["required"]) == {
        key for key, f in schemas.StatementCreateRequest().fields.items() if f.required
    }
    assert components["Statement"]["properties"]["slug"]["type"] == ["string", "null"]
