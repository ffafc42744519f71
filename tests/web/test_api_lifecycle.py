"""The API drives the whole lifecycle: bundle hashes, decisions bound to them, cancel,
correct and withdraw."""

from __future__ import annotations

import datetime as dt

from pressroom.db import db
from tests.services.test_release_bundle import (  # noqa: F401 (fixture `ready`)
    ready_fixture,
    translate,
)
from tests.services.test_translations import RU
from tests.web.test_api_basics import assert_json_error


def test_statement_document_names_its_bundle_and_which_approvals_count(
    client, mission, ready, api_token
):
    url = f"/api/v1/statements/{ready.id}"
    body = client.get(url, headers=api_token(mission["po_pace"])).get_json()
    assert len(body["bundle_hash"]) == 64 and body["slug"] is None
    assert {row["organization"]: row["counts"] for row in body["approvals"]} == {
        "odihr": True,
        "osce-pa": True,
        "pace": True,
    }
    assert {row["bundle_hash"] for row in body["approvals"]} == {body["bundle_hash"]}
    response = client.put(
        f"{url}/translations/fr",
        headers=api_token(mission["po_pace"]),
        json={
            "source_revision": body["revision"],
            "base_revision": 1,
            "title": "Élections massivement truquées",
        },
    )
    assert response.status_code == 200, response.get_json()
    after = client.get(url, headers=api_token(mission["po_pace"])).get_json()
    assert after["bundle_hash"] != body["bundle_hash"] and after["status"] == "in_review"
    assert not any(row["counts"] for row in after["approvals"])


def test_a_decision_on_a_stale_bundle_is_409_saying_what_changed(client, mission, ready, api_token):
    url = f"/api/v1/statements/{ready.id}"
    seen = client.get(url, headers=api_token(mission["po_pace"])).get_json()
    translate(ready, mission["po_pace"], "ru", {**RU, "lead": "Другой лид."})
    db.session.commit()
    head = api_token(mission["head_pace"])
    stale = client.post(
        f"{url}/approvals",
        headers=head,
        json={
            "decision": "approve",
            "revision": seen["revision"],
            "bundle_hash": seen["bundle_hash"],
            "comment": "",
        },
    )
    error = assert_json_error(stale, 409)
    assert error["code"] == "stale_bundle" and "Russian translation" in error["message"]
    current = client.get(url, headers=head).get_json()
    ok = client.post(
        f"{url}/approvals",
        headers=head,
        json={
            "decision": "approve",
            "revision": current["revision"],
            "bundle_hash": current["bundle_hash"],
        },
    )
    assert ok.status_code == 201
    assert {r["organization"]: r["counts"] for r in ok.get_json()["approvals"]}["pace"]


def test_cancel_publish_again_correct_and_withdraw_through_the_api(
    app, client, mission, ready, api_token
):
    app.config["CLOCK"] = lambda: dt.datetime(2007, 8, 19, 6, 0, tzinfo=dt.UTC)
    try:
        base = f"/api/v1/statements/{ready.id}"
        lead, other = api_token(mission["po_odihr"]), api_token(mission["po_pace"])
        scheduled = client.post(
            f"{base}/publish", headers=lead, json={"embargo_until": "2007-08-19T16:00:00+06:00"}
        )
        assert scheduled.status_code == 201
        assert_json_error(client.post(f"{base}/publish/cancel", headers=other), 403)
        cancelled = client.post(f"{base}/publish/cancel", headers=lead)
        assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "approved"
        published = client.post(f"{base}/publish", headers=lead, json={})
        assert published.status_code == 201 and published.get_json()["version"] == 1
        assert_json_error(client.post(f"{base}/correct", headers=other, json={}), 400)
        corrected = client.post(
            f"{base}/correct", headers=other, json={"note": "Corrected the number of seats."}
        )
        assert corrected.status_code == 201 and corrected.get_json()["version"] == 2
        document = client.get(base, headers=other).get_json()
        assert document["correction_note"] == "Corrected the number of seats."
        assert_json_error(
            client.post(f"{base}/withdraw", headers=other, json={"notice": "Issued in error."}), 403
        )
    finally:
        app.config.pop("CLOCK", None)


def test_withdraw_through_the_api(client, mission, ready, api_token):
    base = f"/api/v1/statements/{ready.id}"
    assert (
        client.post(f"{base}/publish", headers=api_token(mission["po_odihr"]), json={}).status_code
        == 201
    )
    head = api_token(mission["head_odihr"])
    assert_json_error(client.post(f"{base}/withdraw", headers=head, json={"notice": " "}), 400)
    response = client.post(f"{base}/withdraw", headers=head, json={"notice": "Issued in error."})
    assert response.status_code == 200 and response.get_json()["status"] == "withdrawn"
    assert response.get_json()["public"] is True


def test_domain_refusals_reach_a_french_api_user_in_french(client, mission, ready, api_token):
    """The workflow (pure domain) raises a message id with parameters; the API translates
    it for the caller."""
    headers = {**api_token(mission["po_odihr"]), "Accept-Language": "fr"}
    response = client.post(
        f"/api/v1/statements/{ready.id}/correct", headers=headers, json={"note": "Rien."}
    )
    error = assert_json_error(response, 409)
    assert error["message"] == "Une déclaration approuvée ne peut pas être corrigée."
