"""Thin blueprints: parse the request, call a service, render. Commits happen here, once
per request, after the view returned without a server error."""

from __future__ import annotations

import hashlib
import importlib
import pkgutil

from flask import Blueprint, Flask, Response, request
from werkzeug.routing import IntegerConverter

from pressroom.config import public_url
from pressroom.db import db
from pressroom.extensions import csrf, login_manager
from pressroom.models import User
from pressroom.rendering.html import safe_url
from pressroom.services import sessions, signin


def session_identifier() -> str:
    agent = request.headers.get("User-Agent", "")
    return hashlib.sha512(f"{request.remote_addr}|{agent}".encode("utf-8", "replace")).hexdigest()


class DatabaseInt(IntegerConverter):
    """<int:…> URL parts of at most nine digits, inside the database's integer range:
    longer numbers match no route (404) instead of reaching the driver as an out-of-range
    error. (A `max` would raise during matching, which Werkzeug reports as a 405.)"""

    regex = r"\d{1,9}"


# A blueprint is a package of pressroom.web: `bp` in its __init__, its routes in the other
# modules of the package. Modules directly under pressroom.web are helpers the blueprints
# share; blueprints never import one another (import contract in pyproject.toml).
BLUEPRINTS = (
    "auth",
    "dashboard",
    "admin",
    "audit",
    "statements",
    "review",
    "translations",
    "publishing",
    "embargoed",
    "media",
    "public_media",
    "public",
    "newsroom",
    "site",
    "alerts",
    "live",
    "notifications",
    "api",
)


def _load_blueprint(name: str) -> Blueprint:
    """The package's `bp` with every module of the package imported, so the routes those
    modules declare are attached before the blueprint is registered."""
    package = importlib.import_module(f"{__name__}.{name}")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    blueprint: Blueprint = package.bp
    return blueprint


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseInt
    from pressroom.web import errors, guards

    for name in BLUEPRINTS:
        app.register_blueprint(_load_blueprint(name))
    api_bp = app.blueprints["api"]
    csrf.exempt(api_bp)  # bearer tokens, never cookies: nothing for a forged form to ride on
    errors.init_app(app)
    guards.init_app(app)
    app.jinja_env.globals["http_url"] = safe_url  # links from stored data: http(s) only
    app.jinja_env.globals["absolute_url"] = public_url  # shared and copied links

    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(session_key: str) -> User | None:
        # The cookie names a server-side session: an ended one signs nobody in.
        return sessions.load(session_key)

    # "strong" session protection compares a hash of the client's address and user agent.
    # Flask-Login's own takes X-Forwarded-For from the client; ours uses the address that
    # ProxyFix established (PRESSROOM_PROXIES), or the peer's.
    login_manager._session_identifier_generator = session_identifier

    signin.dummy_hash(app.config.get("PASSWORD_HASH_METHOD", "scrypt"))

    @app.teardown_request
    def record_failed_password_checks(_exc: BaseException | None) -> None:
        signin.write_deferred_failures()

    @app.after_request
    def commit_session(response: Response) -> Response:
        if response.status_code < 500:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        )
        return response
