"""The review loop without JavaScript (issue #14, point 6): the dashboard names each
statement's next action; approving needs a ticked box whose label names the organization,
the title, the revision and the languages; publishing goes through a confirmation step
that names the title, the languages, the PDFs and when, and writes nothing itself."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import sqlalchemy as sa
from flask import url_for

from pressroom.db import db
from pressroom.models import Approval, Release
from pressroom.services import approvals, statements
from tests.services.test_publishing import approve_all


class Forms(HTMLParser):
    """The page's forms: action, method, inputs (name -> attributes) and their labels."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action"), "attrs": a, "inputs": {}})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"][a.get("name")] = a

    def by_action(self, action: str, decision: str | None = None) -> dict:
        (form,) = [
            f
            for f in self.forms
            if f["action"] == action
            and (decision is None or f["inputs"]["decision"]["value"] == decision)
        ]
        return form


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _approvals() -> list[Approval]:
    return list(db.session.scalars(sa.select(Approval)))


def test_dashboard_names_the_next_action(client, auth, mission, create_statement):
    draft = create_statement(title="A draft", targets=[])
    in_review = create_statement(title="Under review", targets=[])
    approvals.submit(in_review, mission["po_odihr"])
    approvals.decide(in_review, mission["head_pace"], "approve", 1)
    db.session.commit()
    auth.login(mission["head_odihr"])
    html = client.get("/").get_data(as_text=True)
    review = url_for("review.show", statement_id=in_review.id)
    assert f'href="{review}#decide">Approve for ODIHR</a>' in html
    submit = url_for("review.show", statement_id=draft.id)
    assert f'href="{submit}">Submit for review</a>' in html
    auth.logout()
    auth.login(mission["po_pace"])
    html = client.get("/").get_data(as_text=True)
    assert "Waiting for the approval of ODIHR, OSCE-PA</a>" in html
    assert "Approve for" not in html  # officers do not decide


def test_approving_needs_a_box_that_names_everything(client, auth, mission, create_statement):
    statement = create_statement(title="Vote <count>", targets=["ru", "fr"])
    approvals.submit(statement, mission["po_odihr"])
    db.session.commit()
    auth.login(mission["head_pace"])
    html = client.get(url_for("review.show", statement_id=statement.id)).get_data(as_text=True)
    form = Forms(html).by_action(
        url_for("review.decide", statement_id=statement.id) + "#decide", "approve"
    )
    assert form["inputs"]["decision"]["value"] == "approve"
    box = form["inputs"]["confirm"]
    assert box["type"] == "checkbox" and "required" in box
    assert "I approve “Vote &lt;count&gt;” revision 1 for PACE in English, French, Russian." in html
    assert form["attrs"]["data-confirm"] == (
        "Approve “Vote <count>” revision 1 for PACE in English, French, Russian?"
    )
    # The box is for people; the endpoint (and the API) keep their contract.
    response = client.post(
        url_for("review.decide", statement_id=statement.id),
        data={"decision": "approve", "revision": "1", "confirm": "yes"},
    )
    assert response.status_code == 302 and len(_approvals()) == 1


def test_a_confirmed_approval_of_a_stale_text_is_refused(client, auth, mission, create_statement):
    statement = create_statement(targets=[])
    approvals.submit(statement, mission["po_odihr"])
    db.session.commit()
    auth.login(mission["head_pace"])
    html = client.get(url_for("review.show", statement_id=statement.id)).get_data(as_text=True)
    form = Forms(html).by_action(
        url_for("review.decide", statement_id=statement.id) + "#decide", "approve"
    )
    statements.save(statement, mission["po_pace"], 1, {"title": "Changed meanwhile"})
    db.session.commit()
    data = {k: v.get("value", "") for k, v in form["inputs"].items() if v.get("type") == "hidden"}
    response = client.post(form["action"], data={**data, "confirm": "yes"})
    assert response.status_code == 409
    assert "The text has changed" in response.get_data(as_text=True)
    assert _approvals() == []


def test_publishing_goes_through_a_confirmation_step(client, auth, mission, create_statement):
    statement = create_statement(title="Count <assessed>", targets=[])
    approve_all(statement, mission)
    auth.login(mission["po_pace"])
    page = client.get(url_for("publishing.index", statement_id=statement.id))
    confirm_url = url_for("publishing.confirm", statement_id=statement.id)
    assert Forms(page.get_data(as_text=True)).by_action(confirm_url)["attrs"]["method"] == "post"

    response = client.post(confirm_url, data={"pub-timezone": "UTC"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Publish “Count &lt;assessed&gt;” in English now?" in _text(html)
    assert re.search(r"English: web page, PDF \(\d+(\.\d+)? [kK]B\)", _text(html))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Release)) == 0

    form = Forms(html).by_action(url_for("publishing.publish", statement_id=statement.id))
    data = {name: attrs.get("value", "") for name, attrs in form["inputs"].items()}
    published = client.post(form["action"], data=data)
    assert published.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Release)) == 1

    # Published now: the confirmation no longer offers to publish it again.
    again = client.post(confirm_url, data={"pub-timezone": "UTC"})
    assert again.status_code == 409
    assert "Yes, publish now" not in again.get_data(as_text=True)


def test_the_confirmation_names_the_embargo_in_its_zone(client, auth, mission, create_statement):
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    auth.login(mission["po_odihr"])
    response = client.post(
        url_for("publishing.confirm", statement_id=statement.id),
        data={"pub-embargo_until": "2031-03-02T09:30", "pub-timezone": "Astana"},
    )
    text = _text(response.get_data(as_text=True))
    assert response.status_code == 200
    assert re.search(r"in English on 2 March 2031, 09:30 \([^)]*UTC\+\d", text), text
    assert "Yes, schedule it" in text
    html = response.get_data(as_text=True)
    form = Forms(html).by_action(url_for("publishing.publish", statement_id=statement.id))
    assert form["inputs"]["pub-embargo_until"]["value"] == "2031-03-02T09:30"
    assert form["inputs"]["pub-timezone"]["value"] == "Astana"


def test_no_confirmation_before_the_statement_is_ready(client, auth, mission, create_statement):
    statement = create_statement(targets=["ru"])
    db.session.commit()
    auth.login(mission["po_odihr"])
    confirm_url = url_for("publishing.confirm", statement_id=statement.id)
    response = client.post(confirm_url, data={"pub-timezone": "UTC"})
    assert response.status_code == 409
    assert "Not yet approved by" in response.get_data(as_text=True)
    assert client.post(confirm_url, data={}).status_code == 400  # the form's own errors


def test_an_embargo_in_the_past_is_refused_before_the_confirmation(
    client, auth, mission, create_statement
):
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    auth.login(mission["po_odihr"])
    response = client.post(
        url_for("publishing.confirm", statement_id=statement.id),
        data={"pub-embargo_until": "2001-03-02T09:30", "pub-timezone": "Vienna"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "An embargo lies within the next five years." in html
    assert 'value="2001-03-02T09:30"' in html  # what was typed stays in the form
    assert "Yes, schedule it" not in html
