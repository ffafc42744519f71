"""Every service checks its own permission: called directly (no route in front) by someone
without it, it refuses and changes nothing. (actor=None is the operator at the CLI.)"""

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.errors import PermissionDenied
from pressroom.models import AuditEvent, Role
from pressroom.services import accounts, organizations, password_links

Call = Callable[[dict[str, Any], Any], object]

REFUSED: dict[str, Call] = {
    "create_user": lambda m, who: accounts.create_user(
        email="new@example.org",
        display_name="New",
        password="a long password 1",
        role=Role.press_officer,
        organization=m["orgs"]["pace"],
        actor=who,
    ),
    "update_user": lambda m, who: accounts.update_user(
        m["po_odihr"], role=Role.admin, organization=None, active=True, display_name="X", actor=who
    ),
    "invite": lambda m, who: password_links.invite(
        email="invitee@example.org",
        display_name="Invitee",
        role=Role.press_officer,
        organization=m["orgs"]["pace"],
        actor=who,
    ),
    "resend_invitation": lambda m, who: password_links.resend_invitation(m["po_odihr"], who),
    "create_organization": lambda m, who: organizations.create_organization(
        name="A new assembly", actor=who
    ),
    "update_identity": lambda m, who: organizations.update_identity(
        m["orgs"]["pace"], slug="pace", website="https://example.org", actor=who
    ),
    "set_name": lambda m, who: organizations.set_name(
        m["orgs"]["pace"], lang="fr", name="APCE", actor=who
    ),
    "remove_logo": lambda m, who: organizations.remove_logo(
        m["orgs"]["pace"], lang="en", actor=who
    ),
    # contacts: officers manage their own organization's, not another's
    "create_contact": lambda m, who: organizations.create_contact(
        m["orgs"]["odihr"],
        name="Someone",
        phone="+41 22 123 4567",
        email="s@example.org",
        actor=who,
    ),
    "deactivate_contact": lambda m, who: organizations.deactivate_contact(
        m["orgs"]["odihr"].contacts[0], who
    ),
}


def _events() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))


@pytest.mark.parametrize("who", ["po_pace", "head_pace"])
@pytest.mark.parametrize("service", sorted(REFUSED))
def test_service_refuses_without_permission(mission, service, who):
    before = _events()
    with pytest.raises(PermissionDenied):
        REFUSED[service](mission, mission[who])
    assert _events() == before


def test_the_admin_may(mission):
    REFUSED["create_organization"](mission, mission["admin"])
    REFUSED["create_contact"](mission, mission["admin"])


def test_an_officer_manages_own_contacts(mission):
    contact = organizations.create_contact(
        mission["orgs"]["pace"],
        name="Own",
        phone="+41 22 123 4567",
        email="own@example.org",
        actor=mission["po_pace"],
    )
    organizations.deactivate_contact(contact, mission["po_pace"])
    assert not contact.active


def test_a_token_is_revoked_by_its_owner_or_an_admin(mission):
    _plain, token = accounts.issue_token(mission["po_odihr"])
    with pytest.raises(PermissionDenied):
        accounts.revoke_token(token, mission["po_pace"])
    assert token.revoked_at is None
    accounts.revoke_token(token, mission["po_odihr"])
    assert token.revoked_at is not None
