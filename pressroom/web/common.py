"""Small things several blueprints share (blueprints never import one another: see the
import contracts in pyproject.toml)."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm

from pressroom.domain.errors import ValidationFailed
from pressroom.services import signin

MAX_UPLOAD = 10 * 1024 * 1024  # below MAX_CONTENT_LENGTH, so this message is the one seen
# Scripts: only the site's own share.js (copy link); never inline, never a third party.
RELEASE_CSP = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def current_client() -> signin.Client:
    """The caller's address (as ProxyFix established it) and user agent."""
    return signin.Client(request.remote_addr or "", request.headers.get("User-Agent", ""))


def show_error(form: FlaskForm, exc: ValidationFailed, default_field: str) -> None:
    """Put a service's validation message next to the field it names (else next to
    `default_field`); what was typed stays in the form."""
    fields = list(exc.details.keys()) if isinstance(exc.details, dict) else []
    name = next((f for f in fields if f in form._fields), default_field)
    form._fields[name].errors = [*form._fields[name].errors, exc.message]
