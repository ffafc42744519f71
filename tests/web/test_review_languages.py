"""Heads review every language: a tab per language with the source beside the translation,
the changed paragraphs since their last decision, and the PDF exactly as it will be
published."""

from __future__ import annotations

from pressroom.db import db
from pressroom.queries import approvals as approval_queries
from pressroom.services import approvals, bundles
from tests.services.test_release_bundle import FR, translate
from tests.services.test_translations import RU


def _ready(mission, create_statement):  # type: ignore[no-untyped-def]
    statement = create_statement(targets=["ru", "fr"])
    translate(statement, mission["po_pace"], "ru", RU)
    translate(statement, mission["po_pace"], "fr", FR)
    approvals.submit(statement, mission["po_odihr"])
    db.session.commit()
    return statement


def test_russian_tab_shows_only_the_changed_paragraph_since_the_approval(
    client, auth, mission, create_statement
):
    statement = _ready(mission, create_statement)
    approvals.decide(
        statement, mission["head_pace"], "approve", 1, bundle_hash=bundles.current_hash(statement)
    )
    body = RU["body"].replace("Девять мест назначены.", "Девять мест были назначены.")
    translate(statement, mission["po_osce-pa"], "ru", {**RU, "body": body})
    db.session.commit()
    auth.login(mission["head_pace"])
    html = client.get(f"/statements/{statement.id}/review?lang=ru").get_data(as_text=True)
    assert "Russian: changes since PACE last decided" in html
    changes = html.split('id="changes"', 1)[1].split("</section>", 1)[0]
    # The changed third paragraph with its neighbour, not the untouched first one.
    assert "Paragraph 3" in changes and "Paragraph 2" in changes
    assert "Paragraph 1" not in changes
    inserted = changes.split("<ins>", 1)[1].split("</ins>", 1)[0]
    assert "были" in inserted
    assert "dismissed: the Russian translation changed" in html
    forms = html.count('name="bundle_hash"')
    assert forms == 2 and bundles.current_hash(statement) in html


def test_preview_pdf_of_each_language_for_participants_only(
    client, auth, mission, create_statement
):
    statement = _ready(mission, create_statement)
    bundle_hash = bundles.current_hash(statement)
    auth.login(mission["head_odihr"])
    html = client.get(f"/statements/{statement.id}/review?lang=fr").get_data(as_text=True)
    url = f"/statements/{statement.id}/bundles/{bundle_hash}/fr.pdf"
    assert url in html and "exactly as it will be published" in html
    response = client.get(url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["Cache-Control"] == "private, no-cache"
    auth.logout()
    auth.login(mission["po_outsider"])
    assert client.get(url).status_code == 404


def test_the_approve_button_names_every_language(client, auth, mission, create_statement):
    statement = _ready(mission, create_statement)
    auth.login(mission["head_osce-pa"])
    html = client.get(f"/statements/{statement.id}/review").get_data(as_text=True)
    assert "Approve revision 1 in English, French, Russian" in html


def test_a_decision_on_a_bundle_changed_meanwhile_is_refused(
    client, auth, mission, create_statement
):
    statement = _ready(mission, create_statement)
    seen = bundles.current_hash(statement)
    translate(statement, mission["po_pace"], "fr", {**FR, "lead": "Autre chapeau."})
    db.session.commit()
    auth.login(mission["head_pace"])
    response = client.post(
        f"/statements/{statement.id}/approvals",
        data={"decision": "approve", "revision": 1, "bundle_hash": seen},
    )
    assert response.status_code == 409
    assert "French translation" in response.get_data(as_text=True)
    assert not approval_queries.counting_approvals(statement, bundles.current_hash(statement))


def test_editors_are_warned_before_a_save_dismisses_approvals(
    client, auth, mission, create_statement
):
    statement = _ready(mission, create_statement)
    for head in ("head_odihr", "head_osce-pa"):
        approvals.decide(statement, mission[head], "approve", 1)
    db.session.commit()
    auth.login(mission["po_pace"])
    warning = "Saving will cancel the approvals of ODIHR, OSCE-PA"
    assert warning in client.get(f"/statements/{statement.id}").get_data(as_text=True)
    assert warning in client.get(f"/statements/{statement.id}/translations/ru").get_data(
        as_text=True
    )
