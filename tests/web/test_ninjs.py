"""Issue #16, item 7: every public release and language as IPTC ninjs 2.1, validated
against IPTC's own JSON schema (tests/schemas/README.md says where it comes from)."""

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from pressroom import clock, demo
from pressroom.db import db
from pressroom.services import publishing

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "schemas" / "ninjs-schema_2.1.json").read_text("utf-8")
)
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def valid(document: dict) -> dict:
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    return document


@pytest.fixture
def demo_release(app):  # type: ignore[no-untyped-def]
    statement = demo.publish_demo()
    db.session.commit()
    return statement


@pytest.mark.parametrize("lang", ["en", "ru", "fr"])
def test_every_language_of_a_release_is_valid_ninjs(client, demo_release, lang, app):
    # The validator really checks: unknown fields, wrong enums and dates fail.
    assert not VALIDATOR.is_valid({"uri": "http://x.test/a", "pubstatus": "gone"})
    assert not VALIDATOR.is_valid({"uri": "http://x.test/a", "contacts": []})
    assert not VALIDATOR.is_valid({"uri": "http://x.test/a", "versioncreated": "yesterday"})
    slug = demo_release.slug
    response = client.get(f"/api/v1/releases/{slug}/ninjs/{lang}")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    item = valid(response.get_json())
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert item["uri"] == f"{base}/{lang}/releases/{slug}"
    assert item["version"] == "1" and item["pubstatus"] == "usable"
    assert item["language"] == lang
    assert item["standard"] == {
        "name": "ninjs",
        "version": "2.1",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
    }
    assert item["headlines"][0]["value"]
    body = item["bodies"][0]
    assert body["contenttype"] == "text/html" and "<p>" in body["value"]
    assert item["located"] == {"en": "Astana", "ru": "Астана", "fr": "Astana"}[lang]
    assert [o["literal"] for o in item["organisations"]] == ["odihr", "osce-pa", "pace"]
    speakers = [p for p in item["people"] if p["rel"] == "speaker"]
    contacts = [p for p in item["people"] if p["rel"] == "presscontact"]
    assert speakers and contacts
    assert {c["type"] for c in contacts[0]["contactinfo"]} == {"phone", "email"}
    renditions = {r["name"]: r for r in item["renditions"]}
    assert renditions["page"]["href"] == f"{base}/{lang}/releases/{slug}"
    assert renditions["pdf"]["contenttype"] == "application/pdf"
    assert renditions["pdf"]["sizeinbytes"] > 1000
    assert renditions["pdf"]["href"] == f"{base}/{lang}/releases/{slug}.pdf"
    assert item["firstcreated"] and item["versioncreated"]
    assert "embargoed" not in item  # published at once


def test_withdrawn_is_canceled_and_embargo_is_given(client, mission, create_statement, app):
    from tests.services.test_publishing import approve_all

    statement = create_statement(targets=[])
    approve_all(statement, mission)
    publishing.publish(statement, mission["po_odihr"])
    publishing.withdraw(statement, mission["head_odihr"], "Issued by mistake.")
    db.session.commit()
    item = valid(client.get(f"/api/v1/releases/{statement.slug}/ninjs/en").get_json())
    assert item["pubstatus"] == "canceled"
    assert "pdf" not in {r["name"] for r in item["renditions"]}  # the PDF is refused now
    assert any(d["value"] == "Issued by mistake." for d in item["descriptions"])

    later = create_statement(targets=[], title="Embargoed statement")
    approve_all(later, mission)
    moment = clock.now() + dt.timedelta(hours=1)
    publishing.publish(later, mission["po_odihr"], embargo_until=moment)
    db.session.commit()
    assert client.get(f"/api/v1/releases/{later.slug}/ninjs/en").status_code == 404
    app.config["CLOCK"] = lambda: moment + dt.timedelta(minutes=1)
    try:
        item = valid(client.get(f"/api/v1/releases/{later.slug}/ninjs/en").get_json())
    finally:
        app.config.pop("CLOCK")
    assert dt.datetime.fromisoformat(item["embargoed"]) == moment
    assert item["pubstatus"] == "usable"


def test_missing_language_or_release_is_a_json_404(client, demo_release):
    missing = client.get(f"/api/v1/releases/{demo_release.slug}/ninjs/de")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["details"]["languages"] == ["en", "fr", "ru"]
    assert client.get("/api/v1/releases/nothing/ninjs/en").status_code == 404


def test_release_page_and_atom_entries_link_the_ninjs(client, demo_release):
    slug = demo_release.slug
    page = client.get(f"/ru/releases/{slug}").get_data(as_text=True)
    assert (
        f'<link rel="alternate" type="application/json" href="/api/v1/releases/{slug}/ninjs/ru"'
    ) in page
    feed = client.get("/ru/releases/feed.atom").get_data(as_text=True)
    assert f'/api/v1/releases/{slug}/ninjs/ru"/>' in feed
    assert 'rel="alternate" type="application/json"' in feed
