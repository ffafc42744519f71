"""JSON API under /api/v1. Bearer tokens only; every error is {"error": {code, message}}."""

from __future__ import annotations

from flask import Blueprint, g, request
from flask_babel import gettext as _

from pressroom.domain.errors import DomainError
from pressroom.models import User
from pressroom.services import accounts

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class Unauthorized(DomainError):
    code = "unauthorized"
    status = 401


@bp.before_request
def authenticate_bearer() -> None:
    g.api_user = None
    g.api_token = None
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        found = accounts.user_for_token(header[7:].strip())
        if found is None:
            raise Unauthorized(_("The token is invalid, expired or revoked."))
        g.api_user, g.api_token = found


def require_token() -> User:
    """The caller's user, or 401: API calls never fall back to the session cookie."""
    if g.get("api_user") is None:
        raise Unauthorized(_("Send a bearer token: POST /api/v1/tokens with e-mail and password."))
    return g.api_user
