"""Embargoed access (issue #16, point 3), services called directly: accreditation lists,
personal links, their states by the clock, the access log, the stamped PDFs."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.errors import InvalidTransition, PermissionDenied, ValidationFailed
from pressroom.models import AuditEvent, EmbargoAccess, EmbargoInvitation
from pressroom.services import embargo, notifications, publishing, storage
from tests.rendering.test_tagged_pdf import MARKED, parent_tree, walk
from tests.services.test_publishing import approve_all
from tests.services.test_release_bundle import SENT, translate
from tests.services.test_translations import RU

NOW = dt.datetime(2007, 8, 20, 5, 0, tzinfo=dt.UTC)
EMBARGO = dt.datetime(2007, 8, 20, 6, 0, tzinfo=dt.UTC)  # 12:00 in Almaty (UTC+6 in 2007)


@pytest.fixture
def at(app):  # type: ignore[no-untyped-def]
    def set_clock(moment: dt.datetime) -> None:
        app.config["CLOCK"] = lambda: moment

    set_clock(NOW)
    yield set_clock
    app.config.pop("CLOCK", None)


def record_mail(
    to: list[str], subject: str, body: str, headers: dict[str, str] | None = None
) -> None:
    """Stands in for notifications.send: the mails to journalists, not the participants'
    own notifications (published, embargo lifted: services.notifications marks them)."""
    if "X-Pressroom-Notification" not in (headers or {}):
        SENT.append((to, subject, body))


@pytest.fixture
def mail(monkeypatch):  # type: ignore[no-untyped-def]
    SENT.clear()
    monkeypatch.setattr(notifications, "send", record_mail)
    return SENT


@pytest.fixture
def scheduled(app, mission, create_statement, at):  # type: ignore[no-untyped-def]
    """Approved in English and Russian, scheduled for 20 August 2007, 12:00 in Astana."""
    statement = create_statement(targets=["ru"])
    statement.timezone = "Asia/Almaty"
    translate(statement, mission["po_pace"], "ru", RU)
    approve_all(statement, mission)
    with app.test_request_context():
        publishing.publish(statement, mission["po_odihr"], embargo_until=EMBARGO)
    db.session.commit()
    return statement


@pytest.fixture
def journalist(mission):  # type: ignore[no-untyped-def]
    return embargo.add_accreditation(
        mission["orgs"]["odihr"],
        name="Jane Doe",
        email="Jane.Doe@Reuters.example",
        outlet="Reuters",
        language="ru",
        actor=mission["po_odihr"],
    )


def invite(app, statement, user, people):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        made = embargo.invite(statement, user, [p.id for p in people])
    db.session.commit()  # mail and rendering run after the commit
    return made


def token_in(body: str) -> str:
    found = re.search(r"/embargoed/([A-Za-z0-9_-]+)", body)
    assert found, body
    return found.group(1)


# --- the accreditation list ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": " "}, "name", "Enter the journalist's name."),
        ({"email": ""}, "email", "Enter the journalist's e-mail address."),
        ({"email": "not an address"}, "email", "Enter a valid e-mail address."),
        ({"outlet": ""}, "outlet", "Enter the outlet the journalist writes for."),
        ({"language": "xx"}, "language", "Choose one of the languages offered."),
    ],
)
def test_accreditation_validation(app, mission, fields, field, message):  # type: ignore[no-untyped-def]
    data = {
        "name": "Jane Doe",
        "email": "jane@example.org",
        "outlet": "Reuters",
        "language": "",
        **fields,
    }
    with app.test_request_context(), pytest.raises(ValidationFailed) as refused:
        embargo.add_accreditation(mission["orgs"]["odihr"], actor=mission["po_odihr"], **data)
    assert refused.value.message == message
    assert field in refused.value.details


def test_an_address_is_on_a_list_once_and_lists_are_per_organization(app, mission, journalist):
    assert journalist.email == "jane.doe@reuters.example"
    with app.test_request_context(), pytest.raises(ValidationFailed) as refused:
        embargo.add_accreditation(
            mission["orgs"]["odihr"],
            name="J. Doe",
            email="jane.doe@reuters.example",
            outlet="Reuters",
            actor=mission["head_odihr"],
        )
    assert "on the list already" in refused.value.message
    # Another organization keeps its own list; the same journalist may be on it.
    other = embargo.add_accreditation(
        mission["orgs"]["pace"],
        name="Jane Doe",
        email="jane.doe@reuters.example",
        outlet="Reuters",
        actor=mission["admin"],
    )
    assert embargo.accreditations(mission["orgs"]["pace"]) == [other]


def test_only_own_organization_or_admin_manages_a_list(app, mission, journalist):
    with app.test_request_context():
        with pytest.raises(PermissionDenied):
            embargo.add_accreditation(
                mission["orgs"]["odihr"],
                name="X",
                email="x@example.org",
                outlet="Y",
                actor=mission["po_pace"],
            )
        with pytest.raises(PermissionDenied):
            embargo.remove_accreditation(journalist, mission["head_pace"])
        embargo.remove_accreditation(journalist, mission["admin"])
    assert embargo.accreditations(mission["orgs"]["odihr"]) == []
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "accreditation.add" in actions and "accreditation.remove" in actions


# --- invitations --------------------------------------------------------------------------


def test_invitation_is_a_hashed_token_mailed_after_the_commit(
    app, mission, scheduled, journalist, mail
):
    with app.test_request_context():
        [invitation] = embargo.invite(scheduled, mission["po_odihr"], [journalist.id])
    assert mail == []  # nothing leaves before the commit
    db.session.commit()
    [(to, subject, body)] = mail
    assert to == ["jane.doe@reuters.example"]
    # In the journalist's language, with the time in the release's zone.
    assert "ЭМБАРГО ДО 20 августа 2007\u202fг., 12:00 (Алматы, UTC+6)" in body, body
    token = token_in(body)
    assert invitation.token_hash == embargo.token_hash(token) != token
    assert not db.session.scalar(
        sa.select(EmbargoInvitation).where(EmbargoInvitation.token_hash == token)
    )
    assert invitation.expires_at == EMBARGO + dt.timedelta(days=7)
    link = embargo.resolve(token)
    assert link is not None and link.state == embargo.LinkState.embargoed
    assert (
        db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "embargo.invite")
        ).details["email"]
        == "jane.doe@reuters.example"
    )


def test_someone_holding_a_link_is_not_invited_twice(app, mission, scheduled, journalist, mail):
    assert len(invite(app, scheduled, mission["po_odihr"], [journalist])) == 1
    assert invite(app, scheduled, mission["head_odihr"], [journalist]) == []
    assert len(mail) == 1


def test_invitations_need_an_embargo_and_a_participant(
    app, mission, create_statement, scheduled, journalist, at
):
    draft = create_statement(targets=[])
    with app.test_request_context():
        with pytest.raises(InvalidTransition):
            embargo.invite(draft, mission["po_odihr"], [journalist.id])
        with pytest.raises(PermissionDenied):  # not taking part
            embargo.invite(scheduled, mission["po_outsider"], [journalist.id])
        with pytest.raises(PermissionDenied):  # an admin speaks for no organization
            embargo.invite(scheduled, mission["admin"], [journalist.id])
        with pytest.raises(ValidationFailed):  # another organization's list
            embargo.invite(scheduled, mission["po_pace"], [journalist.id])
        with pytest.raises(ValidationFailed):
            embargo.invite(scheduled, mission["po_odihr"], [])
        at(EMBARGO)  # public now: nothing left to give early
        with pytest.raises(InvalidTransition):
            embargo.invite(scheduled, mission["po_odihr"], [journalist.id])


def test_link_states_follow_the_clock_revocation_and_withdrawal(
    app, mission, scheduled, journalist, mail, at
):
    invite(app, scheduled, mission["po_odihr"], [journalist])
    token = token_in(mail[0][2])
    assert embargo.resolve("nonsense") is None
    assert embargo.resolve(token).state == embargo.LinkState.embargoed
    at(EMBARGO)
    assert embargo.resolve(token).state == embargo.LinkState.public
    at(EMBARGO + dt.timedelta(days=7))
    assert embargo.resolve(token).state == embargo.LinkState.expired
    at(NOW)
    invitation = embargo.resolve(token).invitation
    with app.test_request_context():
        with pytest.raises(PermissionDenied):
            embargo.revoke(invitation, mission["po_outsider"])
        embargo.revoke(invitation, mission["po_pace"])  # any participating press officer
    assert embargo.resolve(token).state == embargo.LinkState.revoked
    assert embargo.status(invitation) == "revoked"
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "embargo.revoke"))


def test_withdrawn_or_cancelled_release_refuses_the_link(app, mission, scheduled, journalist, mail):
    second = embargo.add_accreditation(
        mission["orgs"]["odihr"],
        name="Ivan Petrov",
        email="ivan@tass.example",
        outlet="TASS",
        actor=mission["po_odihr"],
    )
    invite(app, scheduled, mission["po_odihr"], [journalist])
    with app.test_request_context():
        publishing.cancel_schedule(scheduled, mission["po_odihr"])
    db.session.commit()
    assert embargo.resolve(token_in(mail[0][2])).state == embargo.LinkState.cancelled
    with app.test_request_context():
        publishing.publish(scheduled, mission["po_odihr"], embargo_until=EMBARGO)
    db.session.commit()
    invite(app, scheduled, mission["po_odihr"], [second])
    with app.test_request_context():
        publishing.withdraw(scheduled, mission["head_odihr"], "Issued in error.")
    db.session.commit()
    assert embargo.resolve(token_in(mail[1][2])).state == embargo.LinkState.withdrawn


def test_access_is_logged_by_a_job_after_the_commit(app, mission, scheduled, journalist, mail):
    invite(app, scheduled, mission["po_odihr"], [journalist])
    link = embargo.resolve(token_in(mail[0][2]))
    assert embargo.status(link.invitation) == "sent"
    embargo.log_access(link.invitation, "pdf", "ru")
    assert db.session.scalars(sa.select(EmbargoAccess)).all() == []
    db.session.commit()
    [access] = embargo.accesses(scheduled)
    assert (access.kind, access.lang, access.at) == ("pdf", "ru", NOW)
    db.session.refresh(link.invitation)
    assert embargo.status(link.invitation) == "opened"
    # Taking the journalist off the list keeps the record of what they were sent and read.
    with app.test_request_context():
        embargo.remove_accreditation(journalist, mission["po_odihr"])
    db.session.commit()
    db.session.refresh(link.invitation)
    assert link.invitation.accreditation_id is None and link.invitation.name == "Jane Doe"
    assert len(embargo.accesses(scheduled)) == 1


# --- the stamped PDFs ---------------------------------------------------------------------


def test_stamped_pdfs_in_every_language_tagged_and_not_the_public_files(
    app, mission, scheduled, journalist, mail
):
    [invitation] = invite(app, scheduled, mission["po_odihr"], [journalist])
    db.session.refresh(invitation)
    assert sorted(c.lang for c in invitation.copies) == ["en", "ru"]
    release = embargo.embargoed_release(scheduled)
    public = {a.sha256 for a in release.artifacts}
    texts = {}
    for copy in invitation.copies:
        assert copy.sha256 not in public
        reader = pypdf.PdfReader(io.BytesIO(storage.read_bytes(copy.sha256, "pdf")))
        texts[copy.lang] = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        # Still a tagged PDF: every marked content belongs to the structure tree.
        assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
        reachable, tree = walk(reader), parent_tree(reader)
        for number, page in enumerate(reader.pages):
            refs = tree[number].get_object()
            for match in MARKED.finditer(page.get_contents().get_data()):
                assert refs[int(match.group(2))].idnum in reachable
    assert "EMBARGOED UNTIL 20 August 2007, 12:00 (Almaty, UTC+6)" in texts["en"], texts["en"]
    assert "Jane Doe (Reuters)" in texts["en"]
    assert "ЭМБАРГО ДО" in texts["ru"] and "Jane Doe (Reuters)" in texts["ru"]
    # Rendering again changes nothing (idempotent job).
    embargo.render_copies(invitation.id)
    db.session.commit()
    db.session.refresh(invitation)
    assert len(invitation.copies) == 2
