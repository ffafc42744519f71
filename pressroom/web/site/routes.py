"""/robots.txt and /favicon.ico (thin: the content is pressroom.rendering.site_files)."""

from __future__ import annotations

from flask import Response, current_app, url_for

from pressroom.rendering.site_files import favicon_ico, robots_txt
from pressroom.web.site import bp

MAX_AGE = 86_400


@bp.get("/robots.txt")
def robots() -> Response:
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    sitemap = base + url_for("newsroom.sitemap") if base else ""
    response = Response(robots_txt(sitemap), mimetype="text/plain")
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@bp.get("/favicon.ico")
def favicon() -> Response:
    response = Response(favicon_ico(), mimetype="image/vnd.microsoft.icon")
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
