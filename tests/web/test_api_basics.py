"""Tokens, organizations, and the JSON shape of every API error."""

import datetime as dt

import pytest

from pressroom.db import db
from pressroom.models import ApiToken, Role
from tests.conftest import PASSWORD


def assert_json_error(response, status, code=None):  # type: ignore[no-untyped-def]
    assert response.status_code == status
    body = response.get_json()
    assert set(body["error"]) >= {"code", "message"} and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_token_lifecycle(client, create_org, create_user):
    user = create_user(Role.press_officer, create_org())
    created = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
    assert created.status_code == 201
    token = created.get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/organizations", headers=headers).status_code == 200
    stored = db.session.query(ApiToken).filter_by(user_id=user.id).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 204
    assert_json_error(client.get("/api/v1/organizations", headers=headers), 401, "unauthorized")


def test_expired_token_refused(client, create_org, create_user, api_token):
    user = create_user(Role.press_officer, create_org())
    headers = api_token(user)
    token = db.session.query(ApiToken).filter_by(user_id=user.id).one()
    token.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    db.session.commit()
    assert_json_error(client.get("/api/v1/organizations", headers=headers), 401)


def test_organizations_with_contacts(client, mission, api_token):
    body = client.get("/api/v1/organizations", headers=api_token(mission["po_pace"])).get_json()
    pace = next(o for o in body["organizations"] if o["slug"] == "pace")
    assert pace["contacts"][0]["phone"] == "+41221234567"
    assert pace["contacts"][0]["phone_display"] == "+41 22 123 45 67"


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": "{not json", "content_type": "application/json"}, 400, "validation_failed"),
        ({"json": ["a", "list"]}, 400, "validation_failed"),
        ({"json": {"email": "x@example.org"}}, 400, "validation_failed"),
        ({"json": {"email": 5, "password": "x"}}, 400, "validation_failed"),
        ({"json": {"email": "nobody@example.org", "password": "x"}}, 401, "unauthorized"),
    ],
)
def test_malformed_token_requests(client, kwargs, status, code):
    error = assert_json_error(client.post("/api/v1/tokens", **kwargs), status, code)
    assert error["message"]


def test_missing_token_is_401_json(client):
    assert_json_error(client.get("/api/v1/organizations"), 401, "unauthorized")


def test_garbage_token_is_401_json(client):
    response = client.get("/api/v1/organizations", headers={"Authorization": "Bearer nope"})
    assert_json_error(response, 401)


def test_unknown_api_path_and_method_are_json(client):
    assert_json_error(client.get("/api/v1/nothing-here"), 404)
    assert_json_error(client.put("/api/v1/tokens"), 405)


def test_session_cookie_does_not_authenticate_api(client, auth, mission):
    auth.login(mission["po_pace"])
    assert_json_error(client.get("/api/v1/organizations"), 401)


def test_openapi_describes_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, f"{method} {path} undocumented"


def test_method_not_allowed_names_allowed_methods(client):
    response = client.put("/api/v1/tokens")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_password_change_revokes_api_tokens(client, auth, create_org, create_user, api_token):
    user = create_user(Role.press_officer, create_org())
    headers = api_token(user)
    db.session.commit()
    auth.login(user)
    client.post(
        "/account",
        data={
            "pw-current_password": PASSWORD,
            "pw-new_password": "a brand new password",
            "pw-confirm": "a brand new password",
            "pw-submit": "1",
        },
    )
    assert_json_error(client.get("/api/v1/organizations", headers=headers), 401)
