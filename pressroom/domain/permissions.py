"""Who may do what: one table from role to permissions, and the object-level questions.

The web layer asks these; it never compares roles itself. "May not see" becomes 404 and
"may see but not do" 403, so the existence of other organizations' drafts does not leak.
"""

from __future__ import annotations

import enum
from typing import Protocol


class Role(enum.StrEnum):
    # The models store these values; the rules import no database code.
    press_officer = "press_officer"
    head_of_delegation = "head_of_delegation"
    admin = "admin"


class Permission(enum.StrEnum):
    create_statement = "create_statement"
    edit_statement = "edit_statement"  # includes restoring revisions
    comment = "comment"
    # The member shadows str.translate (mypy: assignment); its value is stored, so it stays.
    translate = "translate"  # type: ignore[assignment]
    submit = "submit"
    approve = "approve"  # for the user's own organization only
    publish = "publish"
    withdraw = "withdraw"  # lead organization only
    correct = "correct"
    manage_media = "manage_media"  # a statement's photos and documents
    manage_own_contacts = "manage_own_contacts"
    manage_contacts = "manage_contacts"  # every organization's
    manage_organizations = "manage_organizations"
    manage_users = "manage_users"
    read_audit = "read_audit"
    manage_own_accreditations = "manage_own_accreditations"  # own organization's journalists
    manage_accreditations = "manage_accreditations"  # every organization's
    invite_embargoed = "invite_embargoed"  # accredited journalists, before the embargo
    manage_subscribers = "manage_subscribers"  # e-mail alert subscribers' data


_EDITOR = frozenset(
    {
        Permission.create_statement,
        Permission.edit_statement,
        Permission.comment,
        Permission.translate,
        Permission.submit,
        Permission.publish,
        Permission.correct,
        Permission.manage_media,
        Permission.manage_own_contacts,
        Permission.manage_own_accreditations,
        Permission.invite_embargoed,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.press_officer: _EDITOR,
    Role.head_of_delegation: _EDITOR | {Permission.approve, Permission.withdraw},
    # Separation of duties: an admin runs the site but speaks for no organization.
    Role.admin: frozenset(
        {
            Permission.manage_contacts,
            Permission.manage_organizations,
            Permission.manage_users,
            Permission.read_audit,
            Permission.manage_accreditations,
            Permission.manage_subscribers,
        }
    ),
}


class Actor(Protocol):
    role: str
    organization_id: int | None


class StatementLike(Protocol):
    def takes_part(self, organization_id: int | None) -> bool: ...


def has_permission(actor: Actor | None, permission: Permission) -> bool:
    if actor is None:
        return False
    return permission in ROLE_PERMISSIONS.get(Role(actor.role), frozenset())


def can_view_statement(actor: Actor | None, statement: StatementLike) -> bool:
    """Only members of participating organizations know an unpublished statement exists."""
    return (
        actor is not None
        and actor.role != Role.admin
        and statement.takes_part(actor.organization_id)
    )


def can_act_on_statement(
    actor: Actor | None, statement: StatementLike, permission: Permission
) -> bool:
    return can_view_statement(actor, statement) and has_permission(actor, permission)


def can_approve_for(actor: Actor | None, statement: StatementLike, organization_id: int) -> bool:
    """A head approves for their own organization only, and only if it takes part."""
    return (
        can_act_on_statement(actor, statement, Permission.approve)
        and actor is not None
        and actor.organization_id == organization_id
    )


def can_manage_contacts_of(actor: Actor | None, organization_id: int) -> bool:
    if has_permission(actor, Permission.manage_contacts):
        return True
    return (
        has_permission(actor, Permission.manage_own_contacts)
        and actor is not None
        and actor.organization_id == organization_id
    )


def can_manage_accreditations_of(actor: Actor | None, organization_id: int) -> bool:
    """An organization's accreditation list: its press officers and heads, and admins."""
    if has_permission(actor, Permission.manage_accreditations):
        return True
    return (
        has_permission(actor, Permission.manage_own_accreditations)
        and actor is not None
        and actor.organization_id == organization_id
    )
