"""POST /api/v1/tokens and DELETE /api/v1/tokens/current."""

from __future__ import annotations

from flask import g
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from pressroom.services import accounts
from pressroom.web.api import Unauthorized, bp, require_token, schemas
from pressroom.web.api.payload import load
from pressroom.web.common import current_client


@bp.post("/tokens")
def create_token() -> ResponseReturnValue:
    data = load(schemas.TokenRequest)
    email, password = data["email"], data["password"]
    user = accounts.authenticate(email, password, current_client(), purpose="token")
    if user is None:
        raise Unauthorized(_("Wrong e-mail or password."))
    plain, token = accounts.issue_token(user)
    return {"token": plain, "token_type": "Bearer", "expires_at": token.expires_at.isoformat()}, 201


@bp.delete("/tokens/current")
def revoke_current_token() -> ResponseReturnValue:
    user = require_token()
    accounts.revoke_token(g.api_token, user)
    return "", 204
