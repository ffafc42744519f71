"""The role -> permission table, spelled out: a change to who may do what fails here."""

from dataclasses import dataclass

import pytest

from pressroom.domain.permissions import (
    ROLE_PERMISSIONS,
    Permission,
    Role,
    can_act_on_statement,
    can_approve_for,
    can_manage_accreditations_of,
    can_manage_contacts_of,
    can_view_statement,
    has_permission,
)

P = Permission
EXPECTED = {
    # permission:                 press officer, head, admin
    P.create_statement: (True, True, False),
    P.edit_statement: (True, True, False),
    P.comment: (True, True, False),
    P.translate: (True, True, False),
    P.submit: (True, True, False),
    P.approve: (False, True, False),
    P.publish: (True, True, False),
    P.withdraw: (False, True, False),
    P.correct: (True, True, False),
    P.manage_media: (True, True, False),  # a statement's photos and documents
    P.manage_own_contacts: (True, True, False),
    P.manage_contacts: (False, False, True),
    P.manage_organizations: (False, False, True),
    P.manage_users: (False, False, True),
    P.read_audit: (False, False, True),
    P.manage_own_accreditations: (True, True, False),
    P.manage_accreditations: (False, False, True),
    P.invite_embargoed: (True, True, False),
    P.manage_subscribers: (False, False, True),
}
ROLES = (Role.press_officer, Role.head_of_delegation, Role.admin)


def test_table_names_every_permission() -> None:
    assert set(EXPECTED) == set(Permission)


@dataclass
class FakeUser:
    role: str
    organization_id: int | None


@dataclass
class FakeStatement:
    orgs: tuple[int, ...]

    def takes_part(self, organization_id: int | None) -> bool:
        return organization_id in self.orgs


@pytest.mark.parametrize("permission", list(Permission), ids=str)
@pytest.mark.parametrize("role_index", range(3), ids=[r.value for r in ROLES])
def test_role_permissions(permission: Permission, role_index: int) -> None:
    role = ROLES[role_index]
    user = FakeUser(role, None if role == Role.admin else 1)
    assert has_permission(user, permission) is EXPECTED[permission][role_index]
    assert (permission in ROLE_PERMISSIONS[role]) is EXPECTED[permission][role_index]


def test_anonymous_has_no_permission() -> None:
    assert not any(has_permission(None, p) for p in Permission)


@pytest.mark.parametrize(
    ("role", "org", "sees", "approves_for_1", "approves_for_2"),
    [
        (Role.press_officer, 1, True, False, False),
        (Role.head_of_delegation, 1, True, True, False),  # own org only
        (Role.head_of_delegation, 3, False, False, False),  # not participating
        (Role.press_officer, 3, False, False, False),
        (Role.admin, None, False, False, False),  # separation of duties
    ],
)
def test_statement_visibility_and_approval(role, org, sees, approves_for_1, approves_for_2):  # type: ignore[no-untyped-def]
    user, statement = FakeUser(role, org), FakeStatement((1, 2))
    assert can_view_statement(user, statement) is sees
    assert can_act_on_statement(user, statement, Permission.edit_statement) is (
        sees and role != Role.admin
    )
    assert can_approve_for(user, statement, 1) is approves_for_1
    assert can_approve_for(user, statement, 2) is approves_for_2


def test_contacts_own_org_or_admin() -> None:
    assert can_manage_contacts_of(FakeUser(Role.press_officer, 1), 1)
    assert not can_manage_contacts_of(FakeUser(Role.press_officer, 1), 2)
    assert can_manage_contacts_of(FakeUser(Role.admin, None), 2)
    assert not can_manage_contacts_of(None, 1)


def test_accreditations_own_org_or_admin() -> None:
    assert can_manage_accreditations_of(FakeUser(Role.press_officer, 1), 1)
    assert can_manage_accreditations_of(FakeUser(Role.head_of_delegation, 1), 1)
    assert not can_manage_accreditations_of(FakeUser(Role.press_officer, 1), 2)
    assert can_manage_accreditations_of(FakeUser(Role.admin, None), 2)
    assert not can_manage_accreditations_of(None, 1)


def test_invite_embargoed_only_on_statements_taking_part() -> None:
    statement = FakeStatement((1, 2))
    assert can_act_on_statement(FakeUser(Role.press_officer, 1), statement, P.invite_embargoed)
    assert not can_act_on_statement(FakeUser(Role.press_officer, 3), statement, P.invite_embargoed)
    assert not can_act_on_statement(FakeUser(Role.admin, None), statement, P.invite_embargoed)
