"""The dashboard and GET /api/v1/statements read a constant number of queries, however many
statements an organization takes part in (each with translations and decisions)."""

from __future__ import annotations

from pressroom.db import db
from pressroom.services import approvals
from tests.helpers.queries import counting
from tests.services.test_translations import RU


def _add(count, mission, create_statement):  # type: ignore[no-untyped-def]
    from pressroom.services import translations

    for n in range(count):
        statement = create_statement(title=f"Statement {n}", targets=["ru"])
        translations.save_translation(statement, mission["po_pace"], "ru", None, 1, RU)
        approvals.submit(statement, mission["po_odihr"])
        approvals.decide(statement, mission["head_pace"], "approve", 1)
    db.session.commit()


def test_dashboard_and_api_list_are_flat(client, auth, mission, create_statement, api_token):
    headers = api_token(mission["head_odihr"])
    auth.login(mission["head_odihr"])

    def measure() -> dict[str, int]:
        found = {}
        for path, extra in (("/", {}), ("/api/v1/statements", headers)):
            client.get(path, headers=extra)  # warm
            with counting() as seen:
                response = client.get(path, headers=extra)
            assert response.status_code == 200, path
            found[path] = len(seen)
        return found

    _add(5, mission, create_statement)
    small = measure()
    _add(45, mission, create_statement)
    large = measure()
    assert small == large, (small, large)
    body = client.get("/api/v1/statements", headers=headers).get_json()
    assert len(body["statements"]) == 50
    assert all(s["translations"] == {"ru": "complete"} for s in body["statements"])
    rows = {r["organization"]: r["counts"] for r in body["statements"][0]["approvals"]}
    assert rows == {"odihr": False, "osce-pa": False, "pace": True}
    page = client.get("/").get_data(as_text=True)
    assert page.count("Waiting for your approval") == 1
