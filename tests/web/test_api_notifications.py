"""GET /api/v1/notifications and POST /api/v1/notifications/read: the caller's own
notifications only, texts in the caller's language, absolute links; marking by ids or all."""

from __future__ import annotations

from pressroom.db import db
from pressroom.queries import notifications as inbox_queries
from pressroom.services import approvals, comments


def _setup(mission, create_statement):  # type: ignore[no-untyped-def]
    statement = create_statement(targets=[])
    approvals.submit(statement, mission["po_odihr"])
    comment = comments.add_comment(statement, mission["po_pace"], "@head pace, quote?")
    return statement, comment


def test_the_list_is_the_callers_own_newest_first(
    app, client, api_token, mission, create_statement
):
    statement, comment = _setup(mission, create_statement)
    response = client.get("/api/v1/notifications", headers=api_token(mission["head_pace"]))
    assert response.status_code == 200
    body = response.get_json()
    assert body["unread"] == 2 and body["older"] is None
    mention, review = body["notifications"]
    assert mention["kind"] == "mentioned" and review["kind"] == "review_requested"
    assert mention["comment"] == comment.id and mention["statement"] == statement.id
    assert mention["actor"] == "Officer pace (PACE)"
    assert (
        mention["url"]
        == f"{app.config['PUBLIC_BASE_URL']}/statements/{statement.id}#comment-{comment.id}"
    )
    assert review["subject"] == "Approval needed: Kazakh elections: progress and problems"
    assert review["body"] == "Officer odihr (ODIHR) submitted the statement for review."
    assert review["read_at"] is None and review["data"]["title"].startswith("Kazakh")
    other = client.get("/api/v1/notifications", headers=api_token(mission["po_osce-pa"]))
    assert other.get_json() == {"notifications": [], "unread": 0, "older": None}


def test_texts_in_the_language_the_client_asks_for(client, api_token, mission, create_statement):
    _setup(mission, create_statement)
    headers = {**api_token(mission["head_pace"]), "Accept-Language": "ru"}
    body = client.get("/api/v1/notifications", headers=headers).get_json()
    assert body["notifications"][1]["subject"].startswith("Требуется утверждение")


def test_mark_read_by_ids_and_all(client, api_token, mission, create_statement):
    _setup(mission, create_statement)
    headers = api_token(mission["head_pace"])
    mention, review = inbox_queries.inbox(mission["head_pace"])
    (theirs,) = inbox_queries.inbox(mission["head_odihr"])
    response = client.post(
        "/api/v1/notifications/read", json={"ids": [review.id, theirs.id]}, headers=headers
    )
    assert response.status_code == 200
    assert response.get_json() == {"marked": 1, "unread": 1}  # another's id changes nothing
    db.session.expire_all()
    assert inbox_queries.unread_count(mission["head_odihr"]) == 1
    response = client.post("/api/v1/notifications/read", json={"all": True}, headers=headers)
    assert response.get_json() == {"marked": 1, "unread": 0}
    db.session.expire_all()
    assert inbox_queries.unread_count(mission["head_odihr"]) == 1


def test_bad_requests_and_no_token(client, api_token, mission):
    headers = api_token(mission["head_pace"])
    for body in ({}, {"ids": []}, {"all": False}):
        response = client.post("/api/v1/notifications/read", json=body, headers=headers)
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "validation_failed"
    response = client.post("/api/v1/notifications/read", json={"ids": ["x"]}, headers=headers)
    assert response.status_code == 400
    assert response.get_json()["error"]["details"] == {"ids.0": "expected integer"}
    response = client.post(
        "/api/v1/notifications/read", json={"ids": list(range(1, 502))}, headers=headers
    )
    assert response.status_code == 400  # bounded: one statement's parameters, not 70,000
    for before in ("null", "-1", "1e3", ""):
        response = client.get(f"/api/v1/notifications?before={before}", headers=headers)
        assert response.status_code == 400, before
        assert response.get_json()["error"]["details"] == {"before": before}
    response = client.get("/api/v1/notifications?befor=3", headers=headers)
    assert response.status_code == 400
    assert response.get_json()["error"]["details"] == {"befor": "unknown parameter"}
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.post("/api/v1/notifications/read", json={"all": True}).status_code == 401


def test_described_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "get" in paths["/api/v1/notifications"]
    assert "post" in paths["/api/v1/notifications/read"]
