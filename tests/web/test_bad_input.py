"""Odd input gets a clear 4xx (or is ignored), never a server error."""

import pytest

from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.services import statements
from pressroom.services.organizations import validate_locale
from tests.conftest import statement_data


@pytest.fixture
def officer(client, auth, mission, dummy_statement):  # type: ignore[no-untyped-def]
    db.session.commit()
    auth.login(mission["po_odihr"])
    return dummy_statement


@pytest.mark.parametrize(("method", "path", "data"), [
    ("post", "/statements/{id}", {"base_revision": "²", "title": "x"}),
    ("post", "/statements/{id}", {"base_revision": "99999999999999999999", "title": "x"}),
    ("get", "/statements/{id}/diff?from=99999999999999999999&to=²", None),
    ("post", "/statements/{id}/comments", {"body": "x", "paragraph": "١", "parent": "²"}),
    ("post", "/statements/{id}/resolve", {"theirs_revision": "99999999999999999999"}),
    ("get", "/statements/{id}/translations/ru?x=%00", None),
    ("post", "/statements/{id}/publish", {"pub-embargo_until": "9999-12-31T23:59",
                                         "pub-timezone": "Etc/GMT+12"}),
    ("post", "/login", {"email": "a\x00@example.org", "password": "x"}),
])
def test_no_server_error(client, officer, method, path, data):
    response = getattr(client, method)(path.format(id=officer.id), data=data)
    assert response.status_code < 500, (path, response.status_code)


def test_audit_page_survives_extreme_filters(client, auth, mission):
    auth.login(mission["admin"])
    assert client.get("/admin/audit?page=99999999999999&until=9999-12-31&since=x").status_code \
        == 200
    assert client.get("/admin/audit/export.csv?until=9999-12-31").status_code == 200


def test_root_is_not_a_content_language():
    with pytest.raises(ValidationFailed):
        validate_locale("root")
    assert validate_locale("kk") == "kk" and validate_locale("pt-BR") == "pt_BR"


@pytest.mark.parametrize("field", ["title", "dateline_city"])
def test_line_breaks_refused_in_single_line_fields(mission, field):
    with pytest.raises(ValidationFailed) as info:
        statements.create_statement(mission["po_odihr"],
                                    statement_data(**{field: "Two\nlines"}))
    assert field in info.value.details


def test_body_keeps_its_line_breaks(mission):
    statement = statements.create_statement(
        mission["po_odihr"], statement_data(body="One.\n\nTwo,\nstill two."))
    assert statement.current_revision.content["body"] == "One.\n\nTwo,\nstill two."


def test_api_refuses_nul_in_json(client, mission, api_token):
    response = client.post("/api/v1/statements", json=statement_data(title="A\x00B"),
                           headers=api_token(mission["po_odihr"]))
    assert response.status_code == 400
