"""HTTP caching of public pages: ETag, Last-Modified, Cache-Control and 304 answers."""

from __future__ import annotations

import datetime as dt

from flask import Response, request
from flask_login import current_user


def viewer() -> str:
    """Signed-in users see their name in the header: their pages are private."""
    return f"user:{current_user.id}" if current_user.is_authenticated else "anonymous"


def cacheable(
    response: Response,
    etag: str,
    last_modified: dt.datetime,
    max_age: int,
    negotiated: bool = False,
) -> Response:
    response.set_etag(etag)
    if negotiated:
        response.vary.add("Accept-Language")
    response.last_modified = last_modified
    scope = "private" if current_user.is_authenticated else "public"
    response.headers["Cache-Control"] = f"{scope}, max-age={max_age}"
    response.vary.add("Cookie")
    response.make_conditional(request)  # in place (it returns the same object)
    return response


def not_modified(
    etag: str, last_modified: dt.datetime, max_age: int, negotiated: bool = False
) -> Response | None:
    probe = cacheable(Response(), etag, last_modified, max_age, negotiated)
    return probe if probe.status_code == 304 else None
