"""The statement API: create, read, save with merge and 409, history, submit, approvals."""

from tests.conftest import statement_data
from tests.web.test_api_basics import assert_json_error


def create(client, headers, **overrides):  # type: ignore[no-untyped-def]
    body = {
        **statement_data(**overrides),
        "source_language": "en",
        "target_languages": ["ru", "fr"],
    }
    response = client.post("/api/v1/statements", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_and_read(client, mission, api_token):
    headers = api_token(mission["po_odihr"])
    created = create(client, headers)
    assert created["status"] == "draft" and created["revision"] == 1
    assert created["organizations"] == ["odihr", "osce-pa", "pace"]
    assert created["contacts"][0]["phone"] == "+33662265489"
    assert created["translations"] == {"fr": "missing", "ru": "missing"}
    assert [row["organization"] for row in created["approvals"]] == ["odihr", "osce-pa", "pace"]
    again = client.get(f"/api/v1/statements/{created['id']}", headers=headers).get_json()
    assert again["title"] == created["title"]
    listed = client.get("/api/v1/statements", headers=headers).get_json()["statements"]
    assert [s["id"] for s in listed] == [created["id"]]


def test_create_validation_errors_name_fields(client, mission, api_token):
    response = client.post(
        "/api/v1/statements",
        json={**statement_data(title=""), "target_languages": "ru"},
        headers=api_token(mission["po_odihr"]),
    )
    error = assert_json_error(response, 400, "validation_failed")
    assert "target_languages" in error["details"]
    response = client.post(
        "/api/v1/statements", json=statement_data(title=""), headers=api_token(mission["po_odihr"])
    )
    assert "title" in assert_json_error(response, 400)["details"]


def test_outsider_gets_404_and_admin_cannot_create(client, mission, api_token):
    created = create(client, api_token(mission["po_odihr"]))
    response = client.get(
        f"/api/v1/statements/{created['id']}", headers=api_token(mission["po_outsider"])
    )
    assert_json_error(response, 404, "not_found")
    assert_json_error(
        client.post(
            "/api/v1/statements", json=statement_data(), headers=api_token(mission["admin"])
        ),
        403,
    )


def test_put_merges_and_conflicts(client, mission, api_token):
    odihr, pace = api_token(mission["po_odihr"]), api_token(mission["po_pace"])
    created = create(client, odihr)
    url = f"/api/v1/statements/{created['id']}"
    first = client.put(url, json={"base_revision": 1, "title": "Their title"}, headers=odihr)
    assert first.status_code == 200 and first.get_json()["merged"] is False
    merged = client.put(url, json={"base_revision": 1, "lead": "My new lead."}, headers=pace)
    body = merged.get_json()
    assert merged.status_code == 200 and body["merged"] is True and body["revision"] == 3
    assert body["title"] == "Their title" and body["lead"] == "My new lead."
    assert body["merged_with"]["author"] == "Officer odihr"
    conflict = client.put(url, json={"base_revision": 1, "title": "My title"}, headers=pace)
    error = assert_json_error(conflict, 409, "conflict")
    (entry,) = error["details"]["conflicts"]
    assert entry == {
        "field": "title",
        "base": "Kazakh elections: progress and problems",
        "mine": "My title",
        "theirs": "Their title",
    }
    assert client.get(url, headers=pace).get_json()["title"] == "Their title"


def test_put_bad_input(client, mission, api_token):
    headers = api_token(mission["po_odihr"])
    created = create(client, headers)
    url = f"/api/v1/statements/{created['id']}"
    assert_json_error(client.put(url, json={"title": "x"}, headers=headers), 400)
    assert_json_error(client.put(url, json={"base_revision": "1"}, headers=headers), 400)
    assert_json_error(
        client.put(url, json={"base_revision": 9, "title": "x"}, headers=headers), 404
    )
    assert_json_error(
        client.put(url, json={"base_revision": 1, "status": "published"}, headers=headers), 400
    )
    assert_json_error(
        client.put(url, data="nope", headers=headers, content_type="application/json"), 400
    )


def test_history(client, mission, api_token):
    headers = api_token(mission["po_odihr"])
    created = create(client, headers)
    url = f"/api/v1/statements/{created['id']}"
    client.put(url, json={"base_revision": 1, "title": "Second"}, headers=headers)
    revisions = client.get(url + "/revisions", headers=headers).get_json()["revisions"]
    assert [(r["number"], r["kind"], r["organization"]) for r in revisions] == [
        (1, "edit", "odihr"),
        (2, "edit", "odihr"),
    ]
    second = client.get(url + "/revisions/2", headers=headers).get_json()
    assert second["content"]["title"] == "Second"
    assert_json_error(client.get(url + "/revisions/7", headers=headers), 404)


def test_submit_and_approve_flow(client, mission, api_token):
    po = api_token(mission["po_odihr"])
    created = create(client, po)
    url = f"/api/v1/statements/{created['id']}"
    assert client.post(url + "/submit", headers=po).get_json()["status"] == "in_review"
    assert_json_error(
        client.post(url + "/approvals", json={"decision": "approve", "revision": 1}, headers=po),
        403,
    )
    for slug in ("odihr", "osce-pa"):
        response = client.post(
            url + "/approvals",
            json={"decision": "approve", "revision": 1},
            headers=api_token(mission[f"head_{slug}"]),
        )
        assert response.status_code == 201
    body = client.get(url, headers=po).get_json()
    assert body["status"] == "in_review"
    assert [r["counts"] for r in body["approvals"]] == [True, True, False]
    last = client.post(
        url + "/approvals",
        json={"decision": "approve", "revision": 1},
        headers=api_token(mission["head_pace"]),
    )
    assert last.get_json()["status"] == "approved"
    edited = client.put(url, json={"base_revision": 1, "title": "Changed"}, headers=po).get_json()
    assert edited["status"] == "in_review"
    assert [r["current"] for r in edited["approvals"]] == [False, False, False]
    stale = client.post(
        url + "/approvals",
        json={"decision": "approve", "revision": 1},
        headers=api_token(mission["head_pace"]),
    )
    assert_json_error(stale, 409, "stale_revision")
    assert_json_error(
        client.post(
            url + "/approvals",
            json={"decision": "maybe", "revision": 2},
            headers=api_token(mission["head_pace"]),
        ),
        400,
    )
    assert_json_error(
        client.post(
            url + "/approvals",
            json={"decision": "approve", "revision": 2},
            headers=api_token(mission["head_outsider"]),
        ),
        404,
    )


def test_quotes_have_ids_honorifics_and_translated_speakers(client, mission, api_token):
    """Issue #15: two quotes of one organization, matched by id in a translation that
    writes the speakers' names in Cyrillic; the OpenAPI document names the new fields."""
    headers = api_token(mission["po_odihr"])
    quotes = [
        {
            "organization": "pace",
            "honorific": "Ambassador",
            "speaker": "Ann Lee",
            "function": "Head",
            "text": "First.",
        },
        {
            "organization": "pace",
            "speaker": "Bo Kim",
            "text": "Second.",
            "lead_in": "Bo Kim added:",
        },
    ]
    created = create(client, headers, quotes=quotes, quote_style="inline")
    assert [(q["id"], q["honorific"], q["lead_in"]) for q in created["quotes"]] == [
        ("pace", "Ambassador", ""),
        ("pace-2", "", "Bo Kim added:"),
    ]
    assert created["quote_style"] == "inline"
    url = f"/api/v1/statements/{created['id']}/translations/ru"
    saved = client.put(
        url,
        headers=headers,
        json={
            "source_revision": 1,
            "quotes": [
                {
                    "id": "pace-2",
                    "speaker": "Бо Ким",
                    "text": "Второе.",
                    "lead_in": "Бо Ким добавил:",
                },
                {
                    "id": "pace",
                    "honorific": "посол",
                    "speaker": "Энн Ли",
                    "function": "Глава",
                    "text": "Первое.",
                },
            ],
            "contacts": [{"email": "bas.klein@coe.int", "name": "Бас Клейн"}],
        },
    )
    assert saved.status_code == 200, saved.get_json()
    content = saved.get_json()["content"]
    assert {q["id"]: q["speaker"] for q in content["quotes"]} == {
        "pace-2": "Бо Ким",
        "pace": "Энн Ли",
    }
    assert content["contacts"] == [
        {"email": "bas.klein@coe.int", "name": "Бас Клейн", "affiliation": ""}
    ]
    spec = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert {"id", "honorific", "lead_in"} <= set(spec["Quote"]["properties"])
    assert {"id", "speaker", "honorific"} <= set(spec["TranslationQuote"]["properties"])
    assert "quote_style" in spec["Statement"]["properties"] or "quote_style" in str(spec)
