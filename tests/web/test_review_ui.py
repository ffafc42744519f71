"""The review page: text, diff since the organization's last approval, the approvals matrix,
decision forms for heads only, and the refusals and 409 of the decision route."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask import url_for

from pressroom.db import db
from pressroom.domain.workflow import Status
from pressroom.i18n import format_iso_date
from pressroom.models import Approval, Decision
from pressroom.services import approvals, statements


class Page(HTMLParser):
    """Just enough structure: forms with their inputs, matrix rows as cell texts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.rows: list[list[str]] = []
        self._in_matrix = False
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action"), "inputs": {}, "textareas": []})
        elif tag == "input" and self.forms and a.get("type") == "hidden":
            self.forms[-1]["inputs"][a.get("name")] = a.get("value")
        elif tag == "textarea" and self.forms:
            self.forms[-1]["textareas"].append(a)
        elif tag == "table" and "matrix" in (a.get("class") or ""):
            self._in_matrix = True
        elif tag == "tr" and self._in_matrix:
            self.rows.append([])
        elif tag in ("td", "th") and self._in_matrix and self.rows:
            self._cell = []

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "table":
            self._in_matrix = False
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._cell is not None:
            self._cell.append(data)

    def decision_forms(self) -> dict[str, dict]:
        return {f["inputs"]["decision"]: f for f in self.forms if "decision" in f["inputs"]}


@pytest.fixture
def in_review(dummy_statement, mission):  # type: ignore[no-untyped-def]
    approvals.submit(dummy_statement, mission["po_odihr"])
    return dummy_statement


def _review(client, statement):  # type: ignore[no-untyped-def]
    return client.get(url_for("review.show", statement_id=statement.id))


def _decide(client, statement, decision, revision, comment=None):  # type: ignore[no-untyped-def]
    data = {"decision": decision, "revision": str(revision)}
    if comment is not None:
        data["comment"] = comment
    return client.post(url_for("review.decide", statement_id=statement.id), data=data)


def _approvals() -> list[Approval]:
    return list(db.session.scalars(sa.select(Approval).order_by(Approval.id)))


def test_submit_from_the_review_page(client, auth, dummy_statement, mission):
    auth.login(mission["po_pace"])
    page = Page(_review(client, dummy_statement).get_data(as_text=True))
    submit_url = url_for("review.submit", statement_id=dummy_statement.id)
    assert any(f["action"] == submit_url for f in page.forms)
    assert page.decision_forms() == {}
    response = client.post(submit_url)
    assert response.status_code == 302
    assert response.location.endswith(
        url_for("review.show", statement_id=dummy_statement.id, _external=False)
    )
    db.session.refresh(dummy_statement)  # the request ran in a session of its own
    assert dummy_statement.status == Status.in_review
    html = client.get(response.location).get_data(as_text=True)
    assert "Revision 1 was submitted for review." in html
    assert submit_url not in html
    assert client.post(submit_url).status_code == 409


def test_page_shows_the_text_escaped(client, auth, create_statement, mission):
    statement = create_statement(
        title="Elections <script>alert(1)</script>",
        body="First <b>paragraph</b>.\n\nSecond paragraph.",
    )
    approvals.submit(statement, mission["po_odihr"])
    auth.login(mission["head_pace"])
    html = _review(client, statement).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "Elections &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>paragraph</b>" not in html
    assert "<p>Second paragraph.</p>" in html
    assert f"Astana, {format_iso_date('2007-08-19')}</strong>" in html
    assert "While the elections reflected welcome progress" in html
    assert "Building a democracy is a long and hard task." in html
    assert "David Wilshire" in html and "Bas Klein" in html
    assert "+33 6 62 26 54 89" in html
    assert 'href="http://www.osce.org/item/25959.html"' in html


def test_matrix_lead_first_with_decisions_and_dismissal(client, auth, in_review, mission):
    approvals.decide(in_review, mission["head_osce-pa"], "approve", 1)
    approvals.decide(
        in_review, mission["head_pace"], "request_changes", 1, "Name the <nine> seats."
    )
    statements.save(in_review, mission["po_pace"], 1, {"title": "Nine seats"})
    approvals.decide(in_review, mission["head_odihr"], "approve", 2)
    auth.login(mission["po_odihr"])
    html = _review(client, in_review).get_data(as_text=True)
    rows = Page(html).rows[1:]  # without the header row
    assert [r[0] for r in rows] == ["ODIHR lead", "OSCE-PA", "PACE"]
    odihr, osce_pa, pace = rows
    assert odihr[1:3] == ["✓ Approved", "Head odihr"] and odihr[4:6] == ["2", "current"]
    assert osce_pa[1:3] == ["✓ Approved", "Head osce-pa"]
    assert osce_pa[4:6] == ["1", "dismissed: the text (revision 1 → 2) changed"]
    assert pace[1] == "✗ Changes requested"
    assert pace[5] == "dismissed: the text (revision 1 → 2) changed"
    assert pace[6] == "Name the <nine> seats."  # visible to editors, escaped in the HTML
    assert "Name the &lt;nine&gt; seats." in html


def test_matrix_names_what_dismissed_a_decision(client, auth, in_review, mission):
    approvals.decide(in_review, mission["head_pace"], "approve", 1)
    statements.save(in_review, mission["po_pace"], 1, {"title": "Second"})
    statements.save(in_review, mission["po_pace"], 2, {"title": "Third"})
    auth.login(mission["head_pace"])
    rows = Page(_review(client, in_review).get_data(as_text=True)).rows[1:]
    assert rows[2][5] == "dismissed: the text (revision 1 → 3) changed"
    assert [r[1] for r in rows[:2]] == ["No decision", "No decision"]


def test_diff_since_the_organizations_last_approval(client, auth, in_review, mission):
    approvals.decide(in_review, mission["head_odihr"], "approve", 1)
    statements.save(
        in_review,
        mission["po_pace"],
        1,
        {
            "title": "Kazakh elections: progress and serious problems",
            "body": "Voting was calm.\n\nThe count was assessed negatively.",
        },
    )
    auth.login(mission["head_odihr"])
    html = _review(client, in_review).get_data(as_text=True)
    assert "Changes since ODIHR last decided on revision 1" in html
    assert '<ins><span class="visually-hidden">[added: </span>serious ' in html
    assert '<del><span class="visually-hidden">[removed: </span>\n\nNine seats appointed.' in html
    assert "<h3>Title</h3>" in html and "<h3>Body</h3>" in html
    assert "<h3>Lead</h3>" not in html  # unchanged fields are not listed


def test_no_diff_without_an_earlier_approval(client, auth, in_review, mission):
    statements.save(in_review, mission["po_pace"], 1, {"title": "Changed"})
    auth.login(mission["head_pace"])
    html = _review(client, in_review).get_data(as_text=True)
    assert "Changes since" not in html and "<ins>" not in html


def test_decision_forms_for_heads_only(client, auth, in_review, mission):
    auth.login(mission["head_odihr"])
    forms = Page(_review(client, in_review).get_data(as_text=True)).decision_forms()
    decide_url = url_for("review.decide", statement_id=in_review.id) + "#decide"
    assert set(forms) == {"approve", "request_changes"}
    assert all(f["action"] == decide_url and f["inputs"]["revision"] == "1" for f in forms.values())
    assert "csrf_token" in forms["approve"]["inputs"]
    assert [t["name"] for t in forms["request_changes"]["textareas"]] == ["comment"]
    for who in ("po_odihr", "po_pace"):
        auth.logout()
        auth.login(mission[who])
        response = _review(client, in_review)
        assert response.status_code == 200
        assert Page(response.get_data(as_text=True)).decision_forms() == {}
    auth.logout()
    auth.login(mission["head_pace"])
    html = _review(client, in_review).get_data(as_text=True)
    assert "Decision for PACE" in html
    assert set(Page(html).decision_forms()) == {"approve", "request_changes"}


def test_no_decision_forms_on_a_draft(client, auth, dummy_statement, mission):
    auth.login(mission["head_odihr"])
    assert Page(_review(client, dummy_statement).get_data(as_text=True)).decision_forms() == {}
    assert _decide(client, dummy_statement, "approve", 1).status_code == 409
    assert _approvals() == []


def test_head_approves_for_their_organization(client, auth, in_review, mission):
    auth.login(mission["head_pace"])
    response = _decide(client, in_review, "approve", 1)
    assert response.status_code == 302
    assert response.location.endswith(f"/statements/{in_review.id}/review#main")
    [approval] = _approvals()
    assert approval.organization_id == mission["orgs"]["pace"].id
    assert approval.user_id == mission["head_pace"].id
    assert approval.decision == Decision.approve
    html = client.get(response.location).get_data(as_text=True)
    assert "You approved revision 1 for PACE, in every language: English, French, Russian." in html
    assert set(Page(html).decision_forms()) == {"request_changes"}  # no second approval


def test_request_changes_with_a_comment(client, auth, in_review, mission):
    auth.login(mission["head_osce-pa"])
    assert _decide(client, in_review, "request_changes", 1, "Add the turnout.").status_code == 302
    [approval] = _approvals()
    assert (approval.decision, approval.comment) == (Decision.request_changes, "Add the turnout.")
    html = _review(client, in_review).get_data(as_text=True)
    assert set(Page(html).decision_forms()) == {"request_changes"}
    assert "It can be approved once a new revision addresses them." in html


def test_request_changes_without_a_comment_keeps_the_page(client, auth, in_review, mission):
    auth.login(mission["head_odihr"])
    response = _decide(client, in_review, "request_changes", 1, "   ")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert (
        '<p class="error" id="comment-error" role="alert">Say which changes you request.</p>'
        in html
    )
    assert 'aria-invalid="true"' in html and 'aria-describedby="comment-error"' in html
    assert set(Page(html).decision_forms()) == {"approve", "request_changes"}
    assert _approvals() == []


def test_a_too_long_comment_is_kept_with_the_error(client, auth, in_review, mission):
    auth.login(mission["head_odihr"])
    typed = "Please reconsider. " * 300
    response = _decide(client, in_review, "request_changes", 1, typed)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert typed.strip() in html
    assert 'role="alert"' in html
    assert _approvals() == []


def test_a_stale_revision_answers_409(client, auth, in_review, mission):
    auth.login(mission["head_odihr"])
    assert (
        Page(_review(client, in_review).get_data(as_text=True)).decision_forms()["approve"][
            "inputs"
        ]["revision"]
        == "1"
    )
    statements.save(in_review, mission["po_pace"], 1, {"title": "Changed meanwhile"})
    response = _decide(client, in_review, "approve", 1)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Revision 1 is no longer the current text (now 2)." in html
    assert f'href="/statements/{in_review.id}/review#changes"' in html
    assert _approvals() == []
    response = _decide(client, in_review, "request_changes", 1, "My <typed> remark")
    assert response.status_code == 409
    assert "My &lt;typed&gt; remark</textarea>" in response.get_data(as_text=True)
    assert _approvals() == []


def test_press_officers_are_refused(client, auth, in_review, mission):
    auth.login(mission["po_odihr"])
    assert _decide(client, in_review, "approve", 1).status_code == 403
    assert _decide(client, in_review, "request_changes", 1, "No.").status_code == 403
    assert _approvals() == []


@pytest.mark.parametrize("who", ["admin", "head_outsider", "po_outsider"])
def test_admins_and_outsiders_do_not_see_it(client, auth, in_review, mission, who):
    auth.login(mission[who])
    assert _review(client, in_review).status_code == 404
    assert _decide(client, in_review, "approve", 1).status_code == 404
    assert client.post(url_for("review.submit", statement_id=in_review.id)).status_code == 404
    assert _approvals() == []


def test_anonymous_is_sent_to_login(client, in_review):
    assert "/login" in _review(client, in_review).location
    assert "/login" in _decide(client, in_review, "approve", 1).location


def test_incomplete_decision_form_is_a_bad_request(client, auth, in_review, mission):
    auth.login(mission["head_odihr"])
    assert _decide(client, in_review, "publish", 1).status_code == 400
    assert (
        client.post(
            url_for("review.decide", statement_id=in_review.id), data={"decision": "approve"}
        ).status_code
        == 400
    )
    assert _approvals() == []


def test_approved_banner(client, auth, in_review, mission):
    auth.login(mission["po_osce-pa"])
    banner = "Approved by all participating organizations — ready to publish."
    approvals.decide(in_review, mission["head_odihr"], "approve", 1)
    approvals.decide(in_review, mission["head_osce-pa"], "approve", 1)
    assert banner not in _review(client, in_review).get_data(as_text=True)
    approvals.decide(in_review, mission["head_pace"], "approve", 1)
    html = _review(client, in_review).get_data(as_text=True)
    assert banner in html
    assert [r[5] for r in Page(html).rows[1:]] == ["current"] * 3


def test_forms_carry_a_csrf_token_that_is_checked(app, client, auth, in_review, mission):
    auth.login(mission["head_odihr"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        forms = Page(_review(client, in_review).get_data(as_text=True)).decision_forms()
        assert forms["approve"]["inputs"]["csrf_token"]
        assert _decide(client, in_review, "approve", 1).status_code == 400
        assert _approvals() == []
        response = client.post(
            url_for("review.decide", statement_id=in_review.id), data=forms["approve"]["inputs"]
        )
        assert response.status_code == 302
        assert len(_approvals()) == 1
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_dashboard_lists_statements_waiting_for_the_head(client, auth, in_review, mission):
    auth.login(mission["head_odihr"])
    html = client.get("/").get_data(as_text=True)
    assert "Waiting for your approval" in html
    assert f'href="/statements/{in_review.id}/review"' in html
    approvals.decide(in_review, mission["head_odihr"], "approve", 1)
    assert "Waiting for your approval" not in client.get("/").get_data(as_text=True)


def test_dashboard_shows_editors_the_requested_changes(app, client, auth, in_review, mission):
    if "statements.edit" not in app.view_functions:
        pytest.skip("the dashboard links requested changes to statements.edit (not built yet)")
    approvals.decide(in_review, mission["head_pace"], "request_changes", 1, "Add <turnout>.")
    auth.login(mission["po_odihr"])
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Changes requested" in html and "Add &lt;turnout&gt;." in html
