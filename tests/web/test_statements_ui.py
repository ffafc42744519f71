"""The statement pages: create, edit, merge and conflict, history, diff, restore, presence.

Forms are read back from the rendered HTML and sent again, as a browser would, so the
tests also prove that an untouched form round-trips without changing anything."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from pressroom.db import db
from pressroom.models import PendingRevision, Presence, Statement, Status
from pressroom.queries import statements as statement_queries
from tests.web.browsing import current, editor_form, flashes, form_fields, login, text

BODY = "Voting was calm.\n\nThe count was assessed negatively.\n\nNine seats appointed."


# --- create -------------------------------------------------------------------------------


def test_new_form_has_labelled_fields_and_the_own_org_locked_as_lead(app, mission):
    client = login(app, mission["po_odihr"])
    page = text(client.get("/statements/new"))
    for label in (
        'for="f-title"',
        'for="f-body"',
        'for="f-dateline_date"',
        'for="quotes-0-speaker"',
        'for="contacts-0-phone"',
    ):
        assert label in page
    assert '<input type="hidden" name="organizations" value="odihr">' in page
    assert 'type="date" id="f-dateline_date"' in page
    assert 'name="csrf_token"' in page


def _new_statement_fields(mission, **overrides: Any) -> dict[str, Any]:
    pace_contact = mission["orgs"]["pace"].contacts[0]
    data = {
        "organizations": ["odihr", "pace"],
        "source_language": "en",
        "other_language": "",
        "target_languages": "ru, fr",
        "dateline_city": "Astana",
        "dateline_date": "2007-08-19",
        "title": "Kazakh elections",
        "lead": "",
        "body": BODY,
        "quotes-0-organization": "pace",
        "quotes-0-speaker": "David Wilshire",
        "quotes-0-function": "Head",
        "quotes-0-text": "A long and hard task.",
        "quotes-1-organization": "",
        "quotes-1-speaker": "",
        "quotes-1-function": "",
        "quotes-1-text": "",
        "directory": [str(pace_contact.id)],
        "contacts-0-name": "Bas Klein",
        "contacts-0-organization": "pace",
        "contacts-0-phone": "+33 662 265 489",
        "contacts-0-email": "bas.klein@coe.int",
        "further_info_url": "http://www.osce.org/item/25959.html",
    }
    data.update(overrides)
    return data


def test_create_makes_a_statement_and_opens_the_editor(app, mission):
    client = login(app, mission["po_odihr"])
    response = client.post("/statements/new", data=_new_statement_fields(mission))
    page = flashes(client, response)
    assert "Statement created as revision 1." in page
    statement = db.session.scalar(sa.select(Statement).order_by(Statement.id.desc()))
    content = statement.current_revision.content
    assert content["organizations"] == ["odihr", "pace"]
    assert content["quotes"] == [
        {
            "id": "pace",
            "organization": "pace",
            "honorific": "",
            "speaker": "David Wilshire",
            "function": "Head",
            "lead_in": "",
            "text": "A long and hard task.",
        }
    ]
    assert content["quote_style"] == "block"
    assert [c["email"] for c in content["contacts"]] == [
        "press@pace.example.org",
        "bas.klein@coe.int",
    ]
    assert content["contacts"][1]["phone"] == "+33662265489"
    assert statement.target_languages == ["fr", "ru"]
    assert response.headers["Location"].endswith(f"/statements/{statement.id}")


def test_validation_errors_sit_next_to_their_fields_and_keep_everything_typed(app, mission):
    client = login(app, mission["po_odihr"])
    fields = _new_statement_fields(
        mission,
        title="",
        further_info_url="javascript:alert(1)",
        **{"contacts-0-phone": "0662 265", "quotes-0-speaker": "Typed Speaker"},
    )
    response = client.post("/statements/new", data=fields)
    assert response.status_code == 200
    page = text(response)
    assert re.search(r'id="f-title-error" role="alert">This field is required\.</p>', page)
    assert re.search(
        r'id="f-further_info_url-error" role="alert">Enter an http:// or https://'
        r" address\.</p>",
        page,
    )
    assert re.search(
        r'id="contacts-0-phone-error" role="alert">Enter the phone number in '
        r"international format",
        page,
    )
    assert 'id="f-title" name="title" value="" aria-invalid="true"' in page
    kept = form_fields(page)
    assert kept["contacts-0-phone"] == "0662 265"
    assert kept["quotes-0-speaker"] == "Typed Speaker"
    assert kept["body"] == BODY
    assert kept["further_info_url"] == "javascript:alert(1)"
    assert kept["organizations"] == ["odihr", "pace"]
    assert kept["target_languages"] == "ru, fr"
    assert db.session.scalar(sa.select(sa.func.count(Statement.id))) == 0


def test_unknown_language_is_shown_next_to_the_language_field(app, mission):
    client = login(app, mission["po_odihr"])
    response = client.post(
        "/statements/new", data=_new_statement_fields(mission, target_languages="ru, xx-nonsense")
    )
    assert response.status_code == 200
    assert re.search(
        r'id="f-target_languages-error" role="alert">xx-nonsense is not a known', text(response)
    )


def test_quote_rows_move_add_and_remove_without_javascript(app, mission):
    client = login(app, mission["po_odihr"])
    fields = _new_statement_fields(
        mission,
        **{
            "quotes-1-organization": "odihr",
            "quotes-1-speaker": "Lubomir Kopaj",
            "quotes-1-function": "Head",
            "quotes-1-text": "Many improvements.",
        },
    )
    moved = form_fields(
        text(client.post("/statements/new", data={**fields, "row_action": "quote-up-1"}))
    )
    assert moved["quotes-0-speaker"] == "Lubomir Kopaj"
    assert moved["quotes-1-speaker"] == "David Wilshire"
    removed = form_fields(
        text(client.post("/statements/new", data={**moved, "row_action": "quote-remove-0"}))
    )
    assert removed["quotes-0-speaker"] == "David Wilshire"
    assert "quotes-2-speaker" not in removed  # one quote and one blank row left
    added = form_fields(
        text(client.post("/statements/new", data={**removed, "row_action": "quote-add"}))
    )
    assert "quotes-2-speaker" in added
    assert db.session.scalar(sa.select(sa.func.count(Statement.id))) == 0  # nothing saved


# --- edit, merge, conflict ----------------------------------------------------------------


def test_untouched_editor_form_changes_nothing(app, mission, dummy_statement):
    client = login(app, mission["po_odihr"])
    fields = editor_form(client, dummy_statement)
    assert fields["base_revision"] == "1"
    page = flashes(client, client.post(f"/statements/{dummy_statement.id}", data=fields))
    assert "Nothing changed." in page
    assert current(dummy_statement).number == 1


def test_save_creates_a_revision(app, mission, dummy_statement):
    client = login(app, mission["po_odihr"])
    fields = editor_form(client, dummy_statement)
    fields["title"] = "A new title"
    page = flashes(client, client.post(f"/statements/{dummy_statement.id}", data=fields))
    assert "Saved as revision 2." in page
    assert current(dummy_statement).content["title"] == "A new title"


def test_two_officers_edit_different_paragraphs_and_both_changes_survive(
    app, mission, dummy_statement
):
    odihr, pace = login(app, mission["po_odihr"]), login(app, mission["po_pace"])
    mine, theirs = editor_form(odihr, dummy_statement), editor_form(pace, dummy_statement)
    mine["body"] = BODY.replace("Voting was calm.", "Voting was calm and orderly.")
    assert "Saved as revision 2." in flashes(
        odihr, odihr.post(f"/statements/{dummy_statement.id}", data=mine)
    )
    theirs["body"] = BODY.replace("Nine seats appointed.", "Nine seats were appointed.")
    page = flashes(pace, pace.post(f"/statements/{dummy_statement.id}", data=theirs))
    assert "Merged with changes by Officer odihr (ODIHR)." in page
    assert "Saved as revision 3." in page
    revision = current(dummy_statement)
    assert revision.number == 3 and revision.kind == "merge"
    assert revision.content["body"] == (
        "Voting was calm and orderly.\n\nThe count was assessed "
        "negatively.\n\nNine seats were appointed."
    )


def _conflict(app, mission, statement) -> tuple[FlaskClient, FlaskClient, Any]:
    odihr, pace = login(app, mission["po_odihr"]), login(app, mission["po_pace"])
    mine, theirs = editor_form(odihr, statement), editor_form(pace, statement)
    mine["body"] = BODY.replace(
        "The count was assessed negatively.", "The count was assessed negatively in many stations."
    )
    flashes(odihr, odihr.post(f"/statements/{statement.id}", data=mine))
    theirs["body"] = BODY.replace(
        "The count was assessed negatively.", "The count was assessed as bad."
    )
    return odihr, pace, pace.post(f"/statements/{statement.id}", data=theirs)


def test_same_sentence_edited_twice_is_a_conflict_that_keeps_both_texts(
    app, mission, dummy_statement
):
    _odihr, pace, response = _conflict(app, mission, dummy_statement)
    assert response.status_code == 409
    page = text(response)
    assert "Your changes overlap with changes saved meanwhile" in page
    assert '<mark class="only-mine">as bad</mark>' in page
    assert '<mark class="only-theirs">negatively in many stations</mark>' in page
    assert 'name="choice-body" value="mine"' in page
    assert 'name="theirs_revision" value="2"' in page
    assert "Officer odihr (ODIHR)" in page
    revision = current(dummy_statement)
    assert revision.number == 2
    assert "negatively in many stations" in revision.content["body"]  # nothing overwritten
    pending = db.session.scalar(
        sa.select(PendingRevision).where(PendingRevision.user_id == mission["po_pace"].id)
    )
    assert "assessed as bad" in pending.content["body"]
    editor = text(pace.get(f"/statements/{dummy_statement.id}"))
    assert "You have an unsaved conflicting version from" in editor
    assert text(pace.get(f"/statements/{dummy_statement.id}/resolve")).count("only-mine") == 1


def test_languages_are_not_saved_when_the_content_conflicts(app, mission, dummy_statement):
    """Content and target languages are one save: a conflicting text saves neither."""
    odihr, pace = login(app, mission["po_odihr"]), login(app, mission["po_pace"])
    mine, theirs = editor_form(odihr, dummy_statement), editor_form(pace, dummy_statement)
    mine["title"] = "Their title"
    flashes(odihr, odihr.post(f"/statements/{dummy_statement.id}", data=mine))
    theirs["title"] = "My title"
    theirs["target_languages"] = "de"
    response = pace.post(f"/statements/{dummy_statement.id}", data=theirs)
    assert response.status_code == 409
    assert "Target languages saved." not in text(response)
    assert "resolve the conflict, then choose them again" in text(response)
    db.session.expire_all()
    assert db.session.get(Statement, dummy_statement.id).target_languages == ["fr", "ru"]


def test_languages_and_content_are_saved_together(app, mission, dummy_statement):
    pace = login(app, mission["po_pace"])
    form = editor_form(pace, dummy_statement)
    form["title"] = "A new title"
    form["target_languages"] = "de, fr"
    page = flashes(pace, pace.post(f"/statements/{dummy_statement.id}", data=form))
    assert "Target languages saved." in page and "Saved as revision 2." in page
    db.session.expire_all()
    statement = db.session.get(Statement, dummy_statement.id)
    assert statement.target_languages == ["de", "fr"]
    assert current(statement).content["title"] == "A new title"


@pytest.mark.parametrize(
    ("choice", "edited", "expected"),
    [
        ("mine", "", "The count was assessed as bad."),
        ("theirs", "", "The count was assessed negatively in many stations."),
        (
            "edit",
            BODY.replace("The count was assessed negatively.", "The count was poor."),
            "The count was poor.",
        ),
    ],
)
def test_resolving_a_conflict_saves_the_chosen_text(
    app, mission, dummy_statement, choice, edited, expected
):
    _odihr, pace, _response = _conflict(app, mission, dummy_statement)
    response = pace.post(
        f"/statements/{dummy_statement.id}/resolve",
        data={"theirs_revision": "2", "choice-body": choice, "edited-body": edited},
    )
    page = flashes(pace, response)
    revision = current(dummy_statement)
    assert revision.content["body"].split("\n\n")[1] == expected
    if choice == "theirs":
        assert "Nothing changed: the stored text is kept." in page
        assert revision.number == 2
    else:
        assert "Saved as revision 3." in page
        assert revision.number == 3
    assert statement_queries.pending_for(dummy_statement, mission["po_pace"]) is None


def test_resolving_without_a_choice_asks_again_and_keeps_the_edit(app, mission, dummy_statement):
    _odihr, pace, _response = _conflict(app, mission, dummy_statement)
    response = pace.post(
        f"/statements/{dummy_statement.id}/resolve",
        data={"theirs_revision": "2", "edited-body": "My half-typed edit"},
    )
    assert response.status_code == 400
    page = text(response)
    assert re.search(r'id="choice-body-error" role="alert">Choose which version to keep\.', page)
    assert "My half-typed edit</textarea>" in page
    assert current(dummy_statement).number == 2


def test_resolving_after_another_save_goes_through_the_flow_again(app, mission, dummy_statement):
    odihr, pace, _response = _conflict(app, mission, dummy_statement)
    again = editor_form(odihr, dummy_statement)
    again["body"] = BODY.replace("The count was assessed negatively.", "The count: negative.")
    flashes(odihr, odihr.post(f"/statements/{dummy_statement.id}", data=again))
    response = pace.post(
        f"/statements/{dummy_statement.id}/resolve",
        data={"theirs_revision": "2", "choice-body": "mine"},
    )
    assert response.status_code == 409
    assert 'name="theirs_revision" value="3"' in text(response)
    assert current(dummy_statement).content["body"].split("\n\n")[1] == "The count: negative."


def test_discarding_the_pending_version(app, mission, dummy_statement):
    _odihr, pace, _response = _conflict(app, mission, dummy_statement)
    page = flashes(pace, pace.post(f"/statements/{dummy_statement.id}/pending/discard"))
    assert "Your unsaved conflicting version was discarded." in page
    assert "You have an unsaved conflicting version" not in page
    assert statement_queries.pending_for(dummy_statement, mission["po_pace"]) is None


@pytest.mark.parametrize("status", [Status.published, Status.scheduled, Status.withdrawn])
def test_editing_is_refused_when_the_workflow_forbids_it(app, mission, dummy_statement, status):
    client = login(app, mission["po_odihr"])
    fields = editor_form(client, dummy_statement)
    dummy_statement.status = status
    db.session.flush()
    page = text(client.get(f"/statements/{dummy_statement.id}"))
    assert "can no longer be edited." in page
    assert 'id="statement-form"' not in page
    fields["title"] = "Sneaked in"
    fields["body"] = "A paragraph typed while it was being published."
    response = client.post(f"/statements/{dummy_statement.id}", data=fields)
    page = text(response)
    assert response.status_code == 409 and "can no longer be edited." in page
    # nothing saved, nothing lost: what was typed is shown to be copied
    assert "Your changes were not saved." in page
    assert "A paragraph typed while it was being published." in page and "Sneaked in" in page
    assert current(dummy_statement).number == 1


def test_other_organizations_and_admins_get_404_everywhere(app, mission, dummy_statement):
    sid = dummy_statement.id
    pages = [
        ("get", f"/statements/{sid}"),
        ("post", f"/statements/{sid}"),
        ("get", f"/statements/{sid}/history"),
        ("get", f"/statements/{sid}/diff"),
        ("get", f"/statements/{sid}/preview"),
        ("get", f"/statements/{sid}/resolve"),
        ("post", f"/statements/{sid}/resolve"),
        ("post", f"/statements/{sid}/presence"),
        ("post", f"/statements/{sid}/comments"),
        ("post", f"/statements/{sid}/revisions/1/restore"),
        ("post", f"/statements/{sid}/pending/discard"),
    ]
    for who in ("po_outsider", "head_outsider", "admin"):
        client = login(app, mission[who])
        for method, url in pages:
            assert getattr(client, method)(url).status_code == 404, (who, method, url)


# --- history, diff, restore -------------------------------------------------------------------


def _two_revisions(app, mission, statement) -> FlaskClient:
    client = login(app, mission["po_pace"])
    fields = editor_form(client, statement)
    fields["title"] = "Kazakh elections: real progress"
    fields["body"] = BODY.replace("Voting was calm.", "Voting was very calm.")
    flashes(client, client.post(f"/statements/{statement.id}", data=fields))
    return client


def test_history_lists_revisions_with_author_organization_and_changed_fields(
    app, mission, dummy_statement
):
    client = _two_revisions(app, mission, dummy_statement)
    page = text(client.get(f"/statements/{dummy_statement.id}/history"))
    row = page[page.index('id="revision-2"') : page.index('id="revision-1"')]
    assert "Officer pace" in row and '<span class="org">PACE</span>' in row
    assert "Title, Body" in row and '<td data-label="Kind">edit</td>' in row
    first = page[page.index('id="revision-1"') :]
    assert "Officer odihr" in first and "created" in first
    assert "Restore revision 1 as a new revision" in first


def test_diff_shows_word_level_changes(app, mission, dummy_statement):
    client = _two_revisions(app, mission, dummy_statement)
    response = client.get(f"/statements/{dummy_statement.id}/diff?from=1&to=2")
    page = text(response)
    assert response.status_code == 200
    assert "Changes from revision 1 to revision 2" in page
    assert (
        'Kazakh elections: <ins class="diff-ins">real </ins>progress'
        '<del class="diff-del"> and problems</del>'
    ) in page
    assert 'Voting was<ins class="diff-ins"> very</ins> calm.' in page
    assert "Paragraph 1" in page and "Paragraph 3" not in page
    assert client.get(f"/statements/{dummy_statement.id}/diff?from=1&to=9").status_code == 404


def test_restore_creates_a_new_revision(app, mission, dummy_statement):
    client = _two_revisions(app, mission, dummy_statement)
    page = flashes(client, client.post(f"/statements/{dummy_statement.id}/revisions/1/restore"))
    assert "Revision 1 restored as revision 3." in page
    revision = current(dummy_statement)
    assert revision.number == 3 and revision.kind == "restore"
    assert revision.content["title"] == "Kazakh elections: progress and problems"
    again = flashes(client, client.post(f"/statements/{dummy_statement.id}/revisions/3/restore"))
    assert "Revision 3 is the same as the current text; nothing was restored." in again


# --- presence, preview, escaping --------------------------------------------------------------


def test_presence_lists_the_other_user_not_oneself_and_forgets_the_absent(
    app, mission, dummy_statement
):
    odihr, pace = login(app, mission["po_odihr"]), login(app, mission["po_pace"])
    assert "presence-label" not in text(odihr.get(f"/statements/{dummy_statement.id}"))
    # the editor's script beats as soon as the page is loaded; the load itself writes nothing
    assert odihr.post(f"/statements/{dummy_statement.id}/presence").get_json() == {"present": []}
    editor = text(pace.get(f"/statements/{dummy_statement.id}"))
    shown = editor[editor.index('id="presence"') : editor.index("editor-h")]
    assert '<span class="presence-label">Also editing now:</span>' in shown
    assert "Officer odihr" in shown and "Officer pace" not in shown
    assert odihr.post(f"/statements/{dummy_statement.id}/presence").get_json() == {"present": []}, (
        "loading the editor recorded presence"
    )
    pace.post(f"/statements/{dummy_statement.id}/presence")
    response = odihr.post(f"/statements/{dummy_statement.id}/presence")
    assert response.get_json() == {"present": [{"name": "Officer pace", "organization": "PACE"}]}
    stale = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=app.config["PRESENCE_SECONDS"] + 1)
    db.session.execute(
        sa.update(Presence).where(Presence.user_id == mission["po_pace"].id).values(seen_at=stale)
    )
    assert odihr.post(f"/statements/{dummy_statement.id}/presence").get_json() == {"present": []}


def test_preview_uses_the_release_template(app, mission, dummy_statement):
    client = login(app, mission["po_odihr"])
    response = client.get(f"/statements/{dummy_statement.id}/preview")
    assert response.status_code == 200
    page = text(response)
    assert "Kazakh elections: progress and problems" in page
    assert "/static/release/release.css" in page
    assert client.get(f"/statements/{dummy_statement.id}/preview?lang=xx").status_code == 404


EVIL = '<script>alert("x")</script>'


def test_user_text_is_escaped_on_every_page(app, mission, create_statement):
    statement = create_statement(
        title=f"Title {EVIL}", body=f"Body {EVIL}\n\nSecond.", lead=f"Lead {EVIL}"
    )
    odihr, pace = login(app, mission["po_odihr"]), login(app, mission["po_pace"])
    mine, theirs = editor_form(odihr, statement), editor_form(pace, statement)
    mine["title"] = f"Mine {EVIL}"
    flashes(odihr, odihr.post(f"/statements/{statement.id}", data=mine))
    theirs["title"] = f"Theirs {EVIL}"
    conflict = pace.post(f"/statements/{statement.id}", data=theirs)
    assert conflict.status_code == 409
    sid = statement.id
    pages = [
        conflict,
        odihr.get(f"/statements/{sid}"),
        odihr.get(f"/statements/{sid}/history"),
        odihr.get(f"/statements/{sid}/diff?from=1&to=2"),
        pace.get(f"/statements/{sid}/resolve"),
        odihr.get(f"/statements/{sid}/preview"),
        odihr.get("/"),
    ]
    for response in pages:
        page = text(response)
        assert "<script>alert" not in page, response.request.path
        assert "&lt;script&gt;" in page, response.request.path
