"""Fuzzing with authenticated callers: every API operation, with the token of a press
officer, a head of delegation, an admin and a reader (a press officer of an organization
that takes part in no statement), on a real statement; and arbitrary text in
the web forms' text fields. Whatever arrives, the answer is never a server error, and a
refused form shows what was typed."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from schemathesis.checks import not_a_server_error

from pressroom.db import db
from tests.conftest import PASSWORD

ROLES = ("po_odihr", "head_odihr", "admin", "po_outsider")  # po_outsider: a reader
FUZZ = settings(
    max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@pytest.fixture
def fuzz_schema(app, mission):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("fuzz_schema")


@pytest.fixture(autouse=True)
def _schemathesis_node_id(request):  # type: ignore[no-untyped-def]
    if not hasattr(request.node, "_nodeid"):  # see tests/web/test_api_newsroom.py
        request.node._nodeid = request.node.nodeid


@pytest.fixture
def targets(app, client, mission, create_statement, monkeypatch):  # type: ignore[no-untyped-def]
    """A real statement (so calls reach the services, not just a 404) and a token per role.
    Sign-in limits are lifted: the fuzzer's wrong passwords must reach the checks."""
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ADDRESS", "1000000 per minute")
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_GLOBAL", "1000000 per minute")
    statement = create_statement()
    db.session.commit()
    headers = {}
    for role in ROLES:
        token = client.post(
            "/api/v1/tokens", json={"email": mission[role].email, "password": PASSWORD}
        ).get_json()["token"]
        headers[role] = {"Authorization": f"Bearer {token}"}
    db.session.commit()
    return statement.id, headers


@pytest.mark.slow
@schema.parametrize()
@FUZZ
def test_no_api_operation_is_a_server_error_for_any_role(case, targets):
    statement_id, headers = targets
    params = case.path_parameters or {}
    if "statement_id" in params:
        params["statement_id"] = statement_id
        params["lang"] = "ru" if "lang" in params else None
        params["number"] = 1 if "number" in params else None
        case.path_parameters = {k: v for k, v in params.items() if v is not None}
    callers = [None] if case.operation.path.startswith("/api/v1/tokens") else headers.values()
    for caller in callers:
        case.call_and_validate(headers=caller, checks=[not_a_server_error])


# Beyond what the OpenAPI document allows: any JSON value in any field, text with control
# characters and lone surrogates, and a few known troublemakers.
NASTY = st.sampled_from(
    [
        "http://[::1",
        "javascript:alert(1)",
        "\ud800",
        "=HYPERLINK(1)",
        "a\u2028b",
        "\x1b[2J",
        "9" * 30,
    ]
)
JSON_TEXT = NASTY | st.text(st.characters(exclude_categories=()), max_size=30)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(JSON_TEXT, inner, max_size=3),
    max_leaves=6,
)
CONTENT = (
    "title",
    "lead",
    "body",
    "dateline_city",
    "dateline_date",
    "further_info_url",
    "organizations",
    "quotes",
    "contacts",
    "source_language",
    "target_languages",
)
OPERATIONS = [
    ("POST", "/api/v1/tokens", ("email", "password")),
    ("POST", "/api/v1/statements", CONTENT),
    ("PUT", "/api/v1/statements/{id}", ("base_revision", *CONTENT)),
    (
        "PUT",
        "/api/v1/statements/{id}/translations/ru",
        ("source_revision", "base_revision", "title", "lead", "body", "dateline_city", "quotes"),
    ),
    ("POST", "/api/v1/statements/{id}/comments", ("body", "paragraph", "parent")),
    (
        "POST",
        "/api/v1/statements/{id}/approvals",
        ("decision", "revision", "bundle_hash", "comment"),
    ),
    ("POST", "/api/v1/statements/{id}/submit", ()),
    ("POST", "/api/v1/statements/{id}/publish", ("embargo_until", "timezone")),
]


@pytest.mark.slow
@given(data=st.data())
@settings(FUZZ, max_examples=30)
def test_any_json_in_any_field_is_never_a_server_error(client, targets, data):
    statement_id, headers = targets
    for method, path, fields in OPERATIONS:
        body = data.draw(
            st.fixed_dictionaries(
                {name: st.one_of(JSON_TEXT, JSON_TEXT, JSON_VALUE) for name in fields}
            )
        )
        for caller in headers.values():
            response = client.open(
                path.format(id=statement_id),
                method=method,
                data=json.dumps(body),
                content_type="application/json",
                headers=caller,
            )
            assert response.status_code < 500, (method, path, body, response.status_code)


# --- web forms ---------------------------------------------------------------------------

TEXT = st.text(max_size=60)  # every code point Hypothesis draws, control characters included


@pytest.fixture
def signed_in(client, auth, mission, dummy_statement):  # type: ignore[no-untyped-def]
    db.session.commit()
    auth.login(mission["po_odihr"])
    return dummy_statement


def _kept(page: str, typed: str) -> bool:
    value = typed.strip()
    newlines = value.replace("\r\n", "\n").replace("\r", "\n")
    return not value or str(escape(value)) in page or str(escape(newlines)) in page


@given(title=TEXT, city=TEXT, body=TEXT)
@FUZZ
def test_new_statement_form_never_fails_and_keeps_the_text(client, signed_in, title, city, body):
    response = client.post(
        "/statements/new",
        data={
            "title": title,
            "dateline_city": city,
            "dateline_date": "2007-08-19",
            "body": body,
            "source_language": "en",
            "organizations": ["odihr"],
        },
    )
    assert response.status_code < 500
    if response.status_code != 302:
        page = response.get_data(as_text=True)
        assert _kept(page, title) and _kept(page, city)


@given(title=TEXT, body=TEXT, comment=TEXT, note=TEXT)
@FUZZ
def test_other_forms_never_fail(client, signed_in, title, body, comment, note):
    sid = signed_in.id
    posts = [
        (
            f"/statements/{sid}",
            {
                "base_revision": "1",
                "title": title,
                "body": body,
                "dateline_city": "Astana",
                "dateline_date": "2007-08-19",
                "organizations": ["odihr"],
            },
        ),
        (
            f"/statements/{sid}/translations/ru",
            {"source_revision": "1", "title": title, "body": body},
        ),
        (f"/statements/{sid}/comments", {"body": comment}),
        (
            f"/statements/{sid}/approvals",
            {"decision": "request_changes", "revision": "1", "comment": comment},
        ),
        (f"/statements/{sid}/correct", {"note": note}),
        (f"/statements/{sid}/withdraw", {"notice": note}),
        (
            "/account",
            {
                "pw-current_password": title,
                "pw-new_password": body,
                "pw-confirm": body,
                "pw-submit": "1",
            },
        ),
    ]
    for path, data in posts:
        response = client.post(path, data=data)
        assert response.status_code < 500, (path, response.status_code)
