"""The permission check every service makes itself, whoever calls it (route, API, job).

`actor=None` is the operator at the command line (`flask orgs create`, `seed-demo`): the
CLI runs with the server's own rights. A person always comes as a User and needs the
permission, so a route that forgot its check is still refused here."""

from __future__ import annotations

from flask_babel import gettext as _

from pressroom.domain.errors import PermissionDenied
from pressroom.domain.permissions import Permission, can_manage_contacts_of, has_permission
from pressroom.models import User


def require(actor: User | None, permission: Permission) -> None:
    if actor is not None and not has_permission(actor, permission):
        raise PermissionDenied(_("You are not allowed to do this."))


def require_contacts_of(actor: User | None, organization_id: int) -> None:
    if actor is not None and not can_manage_contacts_of(actor, organization_id):
        raise PermissionDenied(_("You are not allowed to do this."))
