"""The one load-and-authorize helper every route uses.

Missing, or not visible to the actor: 404 (other organizations' drafts do not leak).
Visible but not allowed: 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g
from flask_babel import gettext as _
from flask_login import current_user

from pressroom.db import db
from pressroom.domain.errors import NotFound, PermissionDenied
from pressroom.domain.permissions import (
    Permission,
    can_act_on_statement,
    can_view_statement,
    has_permission,
)
from pressroom.models import Statement, User

M = TypeVar("M")
F = TypeVar("F", bound=Callable[..., Any])


def actor() -> User | None:
    """The signed-in user: the API's bearer token holder, else the session's user."""
    api_user = g.get("api_user")
    if api_user is not None:
        return api_user
    if current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def signed_in() -> User:
    """The signed-in user, for views behind login_required (403 should there be none)."""
    user = actor()
    if user is None:
        raise PermissionDenied(_("You are not allowed to do this."))
    return user


def require(permission: Permission) -> User:
    user = actor()
    if user is None or not has_permission(user, permission):
        raise PermissionDenied(_("You are not allowed to do this."))
    return user


def requires(permission: Permission) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(permission)
            return view(*args, **kwargs)

        # functools.wraps keeps the view's signature, which mypy cannot see (return-value).
        return wrapped  # type: ignore[return-value]

    return decorate


def get_or_404(model: type[M], ident: Any) -> M:
    obj = db.session.get(model, ident)
    if obj is None:
        raise NotFound(_("Not found."))
    return obj


def get_statement(statement_id: int, permission: Permission | None = None) -> Statement:
    """The statement if the actor may see it (404 otherwise), and may do `permission` (403)."""
    statement = db.session.get(Statement, statement_id)
    user = actor()
    if statement is None or not can_view_statement(user, statement):
        raise NotFound(_("No such statement."))
    if permission is not None and not can_act_on_statement(user, statement, permission):
        raise PermissionDenied(_("You are not allowed to do this."))
    return statement
