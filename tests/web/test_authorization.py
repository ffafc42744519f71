"""Every route x every kind of caller -> expected status. A route without a row fails."""

from __future__ import annotations

from typing import Any

import pytest
from flask import url_for

from tests.web import (
    authz_embargoed,
    authz_media,
    authz_newsroom,
    authz_notifications,
    authz_review,
    authz_rows,
    authz_statements,
    authz_translations,
)

ROLES = ("anonymous", "press_officer", "head", "admin", "outsider")
ROWS: dict[tuple[str, str], tuple] = {
    **authz_rows.ROWS,
    **authz_statements.ROWS,
    **authz_review.ROWS,
    **authz_translations.ROWS,
    **authz_newsroom.ROWS,
    **authz_embargoed.ROWS,
    **authz_media.ROWS,
    **authz_notifications.ROWS,
}


def routes(app) -> list[tuple[str, str, Any]]:  # type: ignore[no-untyped-def]
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule))
    return found


def test_every_route_has_a_row(app):
    missing = [f"{e} {m}" for e, m, _r in routes(app) if (e, m) not in ROWS]
    assert not missing, f"routes without an authorization row: {missing}"
    stale = [k for k in ROWS if k not in {(e, m) for e, m, _r in routes(app)}]
    assert not stale, f"rows for routes that no longer exist: {stale}"


@pytest.fixture
def sample_args(mission, dummy_statement) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A value for every URL parameter a route may have."""
    from pressroom.services import comments, sessions, signin

    odihr = mission["orgs"]["odihr"]
    comment = comments.add_comment(dummy_statement, mission["po_odihr"], "A remark.")
    # mentions PACE's press officer, a person none of the callers is
    mention = comments.add_comment(dummy_statement, mission["head_odihr"], "@Officer pace, see.")
    other_session = sessions.start(mission["po_pace"], signin.Client("192.0.2.1"))
    from pressroom.services import signing

    signing.init()  # the root certificate and CRL are public
    from pressroom.services import embargo

    accredited = embargo.add_accreditation(
        odihr,
        name="Jane Doe",
        email="jane@example.org",
        outlet="Reuters",
        actor=mission["po_odihr"],
    )
    from pressroom.services import media
    from tests.helpers.media_samples import jpeg

    medium = media.attach(
        dummy_statement,
        mission["po_odihr"],
        "photo",
        jpeg(),
        "p.jpg",
        {"caption": "C", "credit": "C", "alt": "A", "licence": "CC0"},
    )
    certificate = signing.issue(odihr)
    return {
        "session_id": other_session.id,
        "statement_id": dummy_statement.id,
        "org_id": odihr.id,
        "cert_id": certificate.id,
        "user_id": mission["po_pace"].id,
        "contact_id": odihr.contacts[0].id,
        "number": 1,
        "comment_id": comment.id,
        "lang": "ru",
        "filename": "app.css",
        "slug": "2007-08-19-not-published",  # drafts have no public slug
        "bundle_hash": "0" * 64,
        "version": 1,
        "index": 0,
        "sha256": "0" * 64,
        "ext": "pdf",
        "value": "0" * 12,
        "token": "not-a-signed-link",
        "accreditation_id": accredited.id,
        "invitation_id": 999_999,
        "medium_id": medium.id,
        "variant": "web",
        "subscriber_id": _subscriber().id,
        "notification_id": _notification_of(mission["po_pace"], mention.id),
    }


def _subscriber():  # type: ignore[no-untyped-def]
    from pressroom.services import alerts

    preferences = alerts.check_preferences(
        "sample@example.org", all_organizations=True, organizations=[], languages=["en"]
    )
    return alerts.confirm(alerts.confirmation_token(preferences))


def _notification_of(user, comment_id: int) -> int:  # type: ignore[no-untyped-def]
    from pressroom.queries import notifications

    (found,) = [n for n in notifications.inbox(user) if n.comment_id == comment_id]
    return found.id


def _caller(role: str, mission) -> Any:  # type: ignore[no-untyped-def]
    return {
        "anonymous": None,
        "press_officer": mission["po_odihr"],
        "head": mission["head_odihr"],
        "admin": mission["admin"],
        "outsider": mission["po_outsider"],
    }[role]


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_route_table(app, client, mission, sample_args, api_token, role_index):
    role = ROLES[role_index]
    user = _caller(role, mission)
    headers = api_token(user) if user is not None else {}
    if user is not None:
        assert (
            client.post(
                "/login", data={"email": user.email, "password": "correct horse battery"}
            ).status_code
            == 302
        )
    failures = []
    for endpoint, method, rule in routes(app):
        expected = ROWS[(endpoint, method)][role_index]
        args = {name: sample_args[name] for name in rule.arguments}
        url = url_for(endpoint, **args)
        is_api = url.startswith("/api/")
        if endpoint in ("auth.logout", "api.revoke_current_token"):
            continue  # checked below, last: they end the session/token used by the others
        response = client.open(url, method=method, headers=headers if is_api else {})
        allowed = expected if isinstance(expected, set) else {expected}
        if response.status_code not in allowed:
            failures.append(f"{method} {url}: {response.status_code}, expected {expected}")
    for endpoint, method in (("api.revoke_current_token", "DELETE"), ("auth.logout", "POST")):
        expected = ROWS[(endpoint, method)][role_index]
        response = client.open(
            url_for(endpoint), method=method, headers=headers if endpoint.startswith("api.") else {}
        )
        if response.status_code != expected:
            failures.append(f"{method} {endpoint}: {response.status_code}, expected {expected}")
    assert not failures, "\n".join(failures)
