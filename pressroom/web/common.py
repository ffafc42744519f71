"""Small things several blueprints share (blueprints never import one another: see the
import contracts in pyproject.toml)."""

from __future__ import annotations

from flask import request

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
