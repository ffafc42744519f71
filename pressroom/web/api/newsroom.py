"""GET /api/v1/releases: the public newsroom as JSON (same rules as the HTML list), and CORS
for the public GET calls so that other sites' pages may read them from the browser."""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for
from flask.typing import ResponseReturnValue

from pressroom.config import public_url
from pressroom.domain.languages import OPTIONAL_URL_LANG_PATTERN
from pressroom.queries import newsroom
from pressroom.web.api import bp, schemas
from pressroom.web.api.openapi import error_responses, json_response, register

PUBLIC_GETS = frozenset({"api.list_releases", "api.get_release", "api.verify"})


@bp.after_request
def allow_cross_origin_reads(response: Response) -> Response:
    """Public, credential-less reads only: no cookies, no bearer tokens travel with them."""
    if request.endpoint in PUBLIC_GETS and request.method in ("GET", "HEAD", "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def _item(entry: newsroom.Entry) -> dict[str, Any]:
    release = entry.release
    languages = []
    for lang in entry.languages:
        html = next(a for a in release.artifacts if a.lang == lang and a.kind.value == "html")
        pdf = next((a for a in release.artifacts if a.lang == lang and a.kind.value == "pdf"), None)
        languages.append(
            {
                "lang": lang,
                "title": html.title,
                "url": public_url(url_for("public.release_page", lang=lang, slug=entry.slug)),
                "pdf_url": public_url(url_for("public.release_pdf", lang=lang, slug=entry.slug))
                if pdf
                else None,
                "pdf_size": pdf.size if pdf else None,
            }
        )
    return {
        "slug": entry.slug,
        "version": release.version,
        "release_date": release.date.isoformat(),
        "public_at": release.public_at.isoformat(),
        "source_language": release.statement.source_language,
        "title": entry.title,
        "title_lang": entry.lang,
        "organizations": [o.slug for o in entry.organizations],
        "url": public_url(url_for("api.get_release", slug=entry.slug)),
        "languages": languages,
    }


@bp.get("/releases")
def list_releases() -> ResponseReturnValue:
    filters = newsroom.parse_filters(
        request.args, language_key="lang", max_per_page=newsroom.MAX_PER_PAGE
    )
    page = newsroom.releases_page(filters, filters.language or "en", excerpts=False)
    return {
        "items": [_item(e) for e in page.entries],
        "page": filters.page,
        "per_page": filters.per_page,
        "has_next": page.has_next,
        "total": page.total,
        "total_is_exact": not page.capped,
    }


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


register(
    {
        "/api/v1/releases": {
            "get": {
                "summary": "Published releases, newest first: filters, full-text search, pages",
                "description": "The newest public version of each statement; withdrawn releases "
                "are left out (GET /api/v1/releases/{slug} still answers for them). "
                "CORS: any origin may read.",
                "security": [],
                "parameters": [
                    _query(
                        "lang",
                        {"type": "string", "pattern": OPTIONAL_URL_LANG_PATTERN},
                        "Only releases available in this language; titles in it",
                    ),
                    _query(
                        "organization",
                        {"type": "string", "pattern": newsroom.OPTIONAL_SLUG_PATTERN},
                        "Only releases this organization (slug) takes part in; an unknown one "
                        "matches nothing",
                    ),
                    _query(
                        "q",
                        {"type": "string", "maxLength": 200},
                        "Words to find in titles and texts, any language (all words, prefixes); "
                        "without letters or digits it matches nothing",
                    ),
                    _query(
                        "page",
                        {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": newsroom.MAX_PAGE,
                            "default": 1,
                        },
                        "Page number",
                    ),
                    _query(
                        "per_page",
                        {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": newsroom.MAX_PER_PAGE,
                            "default": newsroom.PER_PAGE,
                        },
                        "Releases per page",
                    ),
                ],
                "responses": {
                    "200": json_response(schemas.ReleaseListSchema),
                    **error_responses(400),
                },
            }
        }
    },
)
