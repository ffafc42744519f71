"""Thin blueprints: parse the request, call a service, render. Commits happen here, once
per request, after the view returned without a server error."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.extensions import csrf, login_manager
from pressroom.models import User


class DatabaseInt(IntegerConverter):
    """<int:…> URL parts of at most nine digits, inside the database's integer range:
    longer numbers match no route (404) instead of reaching the driver as an out-of-range
    error. (A `max` would raise during matching, which Werkzeug reports as a 405.)"""

    regex = r"\d{1,9}"


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseInt
    from pressroom.web import (
        admin,
        audit,
        auth,
        dashboard,
        errors,
        newsroom,
        public,
        publishing,
        review,
        site,
        statements,
        translations,
    )
    from pressroom.web.api import bp as api_bp

    app.register_blueprint(auth.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(statements.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(translations.bp)
    app.register_blueprint(publishing.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(newsroom.bp)
    app.register_blueprint(site.bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # bearer tokens, never cookies: nothing for a forged form to ride on
    errors.init_app(app)

    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))

    @app.before_request
    def refuse_nul_bytes() -> None:
        # No text anyone types contains NUL; PostgreSQL refuses it in text columns.
        values = [*request.args.items(multi=True)]
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values += [*request.form.items(multi=True)]
        bad = sorted({key for key, value in values if "\x00" in key or "\x00" in value})
        if bad:
            raise ValidationFailed(_("NUL characters are not accepted."),
                                   details={key: "NUL character" for key in bad})

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
