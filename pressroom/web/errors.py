"""Error pages and JSON errors. Domain errors roll back whatever the request changed."""

from __future__ import annotations

import json

from flask import Flask, Response, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from pressroom.db import db
from pressroom.domain.errors import DomainError


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def json_error(status: int, code: str, message: str, details: object = None) -> Response:
    body: dict[str, object] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return Response(
        json.dumps({"error": body}, ensure_ascii=False, default=str),
        status=status,
        mimetype="application/json",
    )


def _page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("errors/error.html", status=status, title=title, message=message), status


_TITLES = {
    400: _l("Bad request"),
    401: _l("Sign-in required"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    413: _l("Too large"),
    429: _l("Too many attempts"),
    500: _l("Server error"),
}


_MESSAGES = {
    400: _l("The request could not be understood. Go back and try again."),
    401: _l("Sign in to see this page."),
    403: _l("You are not allowed to see this page."),
    404: _l("Under this address there is no page. It may have moved, or the address is mistyped."),
    405: _l("This address does not accept this kind of request."),
    409: _l("The request conflicts with a change made meanwhile. Reload the page."),
    413: _l("What was sent is too large."),
    429: _l("Too many attempts. Wait a little and try again."),
    500: _l("Something went wrong on our side. Please try again later."),
}


def _message(exc: HTTPException, status: int) -> str:
    """A description given by the view (already translated) is kept; Werkzeug's own
    English default is replaced by ours in the page's language."""
    description = exc.description or ""
    if description and description != type(exc).description:
        return description
    return str(_MESSAGES.get(status, description))


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> ResponseReturnValue:
        db.session.rollback()
        if wants_json():
            response = json_error(exc.status, exc.code, exc.message, exc.details)
        else:
            response = make_response(
                _page(exc.status, str(_TITLES.get(exc.status, _("Error"))), exc.message)
            )
        if retry_after := getattr(exc, "retry_after", None):
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> ResponseReturnValue:
        db.session.rollback()
        if wants_json():
            return json_error(
                400,
                "csrf",
                _("The security token is missing or expired. Reload the page and try again."),
            )
        return _page(
            400,
            _("Form expired"),
            _(
                "The form could not be accepted (its security token is missing or expired). "
                "Go back, reload the page and send it again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> ResponseReturnValue:
        status = exc.code or 500
        if status >= 500:
            db.session.rollback()
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            response = json_error(status, code, exc.description or exc.name or "")
            # Keep what HTTP requires the error to say, e.g. Allow on a 405.
            for name, value in exc.get_headers():
                if name.lower() != "content-type":
                    response.headers[name] = value
            return response
        title = str(_TITLES.get(status, exc.name or _("Error")))
        return _page(status, title, _message(exc, status))
