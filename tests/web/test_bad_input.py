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


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/statements/{id}", {"base_revision": "²", "title": "x"}),
        ("post", "/statements/{id}", {"base_revision": "99999999999999999999", "title": "x"}),
        ("get", "/statements/{id}/diff?from=99999999999999999999&to=²", None),
        ("post", "/statements/{id}/comments", {"body": "x", "paragraph": "١", "parent": "²"}),
        ("post", "/statements/{id}/resolve", {"theirs_revision": "99999999999999999999"}),
        ("get", "/statements/{id}/translations/ru?x=%00", None),
        (
            "post",
            "/statements/{id}/publish",
            {"pub-embargo_until": "9999-12-31T23:59", "pub-timezone": "Etc/GMT+12"},
        ),
        ("post", "/login", {"email": "a\x00@example.org", "password": "x"}),
    ],
)
def test_no_server_error(client, officer, method, path, data):
    response = getattr(client, method)(path.format(id=officer.id), data=data)
    assert response.status_code < 500, (path, response.status_code)


def test_audit_page_survives_extreme_filters(client, auth, mission):
    auth.login(mission["admin"])
    assert (
        client.get("/admin/audit?page=99999999999999&until=9999-12-31&since=x").status_code == 200
    )
    assert client.get("/admin/audit/export.csv?until=9999-12-31").status_code == 200


def test_root_is_not_a_content_language():
    with pytest.raises(ValidationFailed):
        validate_locale("root")
    assert validate_locale("kk") == "kk" and validate_locale("pt-BR") == "pt_BR"


@pytest.mark.parametrize("field", ["title", "dateline_city"])
def test_line_breaks_refused_in_single_line_fields(mission, field):
    with pytest.raises(ValidationFailed) as info:
        statements.create_statement(mission["po_odihr"], statement_data(**{field: "Two\nlines"}))
    assert field in info.value.details


def test_body_keeps_its_line_breaks(mission):
    statement = statements.create_statement(
        mission["po_odihr"], statement_data(body="One.\n\nTwo,\nstill two.")
    )
    assert statement.current_revision.content["body"] == "One.\n\nTwo,\nstill two."


def test_api_refuses_nul_in_json(client, mission, api_token):
    response = client.post(
        "/api/v1/statements",
        json=statement_data(title="A\x00B"),
        headers=api_token(mission["po_odihr"]),
    )
    assert response.status_code == 400


# --- JSON bodies: a 400 with a JSON error, never a server error --------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"email": "\\ud800@example.org", "password": "x"}',  # a lone surrogate
        b'{"email": "a@example.org", "password": "\xff\xfe"}',  # not UTF-8
        b"[" * 100_000,  # nested past any reader's stack
        b'{"email": "a@example.org", "password": NaN}',
        b'{"email": "a@example.org", "password": "x", "n": 1' + b"0" * 5000 + b"}",
    ],
)
def test_malformed_json_is_a_400_json_error(client, body):
    response = client.post("/api/v1/tokens", data=body, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed" and error["message"]


def test_lone_surrogate_in_an_authenticated_save_is_a_400(client, mission, api_token):
    headers = api_token(mission["po_odihr"])
    body = b'{"title": "Elections \\udc00", "body": "x"}'
    response = client.post(
        "/api/v1/statements", data=body, content_type="application/json", headers=headers
    )
    assert response.status_code == 400


def test_oversized_json_is_refused(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "JSON_MAX_BYTES", 1000)
    response = client.post(
        "/api/v1/tokens", json={"email": "a@example.org", "password": "x" * 2000}
    )
    assert response.status_code == 400 and "too large" in response.get_json()["error"]["message"]


# --- one text rule for every field ------------------------------------------------------


@pytest.mark.parametrize("url", ["http://[::1", "javascript:alert(1)", "http://x.org:99999/"])
def test_further_info_url_must_be_a_parsable_http_address(mission, url):
    with pytest.raises(ValidationFailed) as info:
        statements.create_statement(mission["po_odihr"], statement_data(further_info_url=url))
    assert "further_info_url" in info.value.details


@pytest.mark.parametrize("bad", ["\x0b", "\x1b[31m", "\x08", "\u2028", "\x85"])
def test_translations_refuse_what_sources_refuse(client, mission, api_token, bad):
    from tests.web.test_api_statements import create

    headers = api_token(mission["po_odihr"])
    statement = create(client, headers)
    response = client.put(
        f"/api/v1/statements/{statement['id']}/translations/ru",
        json={"source_revision": 1, "title": f"Выборы{bad}", "body": f"Абзац{bad}"},
        headers=headers,
    )
    assert response.status_code == 400
    assert set(response.get_json()["error"]["details"]) == {"title", "body"}
    with pytest.raises(ValidationFailed):
        statements.create_statement(mission["po_odihr"], statement_data(title=f"A{bad}"))


def test_translation_body_keeps_line_breaks_and_tabs(client, mission, api_token):
    from tests.web.test_api_statements import create

    headers = api_token(mission["po_odihr"])
    statement = create(client, headers)
    response = client.put(
        f"/api/v1/statements/{statement['id']}/translations/ru",
        json={"source_revision": 1, "body": "Один,\tдва.\n\nТри."},
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()


def test_comments_contacts_organizations_and_users_share_the_rule(mission, dummy_statement):
    from pressroom.services import accounts, comments, organizations

    with pytest.raises(ValidationFailed):
        comments.add_comment(dummy_statement, mission["po_odihr"], "Look\x1b[2J here")
    assert (
        comments.add_comment(dummy_statement, mission["po_odihr"], "Two\nlines").body
        == "Two\nlines"
    )
    with pytest.raises(ValidationFailed):
        organizations.create_contact(
            mission["orgs"]["odihr"],
            name="Ann\u2028Bee",
            phone="+41 22 123 4567",
            email="ann@example.org",
        )
    with pytest.raises(ValidationFailed):
        organizations.create_organization(slug="evil", name="Evil\x08Org")
    with pytest.raises(ValidationFailed):
        accounts.update_user(
            mission["po_pace"],
            role="press_officer",
            organization=mission["orgs"]["pace"],
            active=True,
            display_name="Name\x0b",
            actor=mission["admin"],
        )


@pytest.mark.parametrize(
    "website", ["javascript:alert(document.cookie)", "http://[::1", "data:text/html,x"]
)
def test_organization_website_is_an_http_address(mission, website):
    from pressroom.services import organizations

    with pytest.raises(ValidationFailed) as info:
        organizations.create_organization(slug="neworg", name="New", website=website)
    assert "website" in info.value.details


def test_admin_form_keeps_what_was_typed_on_a_bad_website(client, auth, mission):
    auth.login(mission["admin"])
    page = client.post(
        "/admin/organizations",
        data={"slug": "neworg", "name": "New Org", "website": "javascript:alert(1)"},
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "http:// or https://" in text
    assert 'value="New Org"' in text and 'value="javascript:alert(1)"' in text


def test_audit_csv_cells_are_never_formulas(client, auth, mission):
    auth.login('=HYPERLINK("http://evil.example","x")@example.org', "wrong")
    auth.login("+1-2@example.org", "wrong")
    auth.login(mission["admin"])
    import csv
    import io

    rows = list(
        csv.reader(io.StringIO(client.get("/admin/audit/export.csv").get_data(as_text=True)))
    )
    actors = [row[2] for row in rows[1:]]
    assert '\'=hyperlink("http://evil.example","x")@example.org' in actors
    assert "'+1-2@example.org" in actors
    assert not any(cell[:1] in "=+-@" for row in rows[1:] for cell in row[2:7] if cell)
