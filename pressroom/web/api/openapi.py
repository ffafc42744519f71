"""GET /api/v1/openapi.json: the description of every API call that exists.

Paths are registered next to their views' documentation here; a test compares this
document with app.url_map so a new call cannot go undocumented.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from pressroom.web.api import bp

ERROR = {"$ref": "#/components/schemas/Error"}


def error_responses(*codes: int) -> dict[str, Any]:
    text = {400: "Malformed or invalid input", 401: "No valid bearer token",
            403: "Not allowed", 404: "Not found", 409: "Conflict", 429: "Too many attempts"}
    return {
        str(c): {"description": text[c], "content": {"application/json": {"schema": ERROR}}}
        for c in codes
    }


def json_response(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "details": {},
                },
            }
        },
    },
    "Contact": {
        "type": "object",
        "required": ["id", "name", "phone", "email"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "phone": {"type": "string", "description": "E.164"},
            "phone_display": {"type": "string"},
            "email": {"type": "string"},
        },
    },
    "Organization": {
        "type": "object",
        "required": ["slug", "name", "contacts"],
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "short_name": {"type": "string"},
            "website": {"type": "string"},
            "names": {"type": "object"},
            "contacts": {"type": "array", "items": {"$ref": "#/components/schemas/Contact"}},
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/tokens": {
        "post": {
            "summary": "Exchange e-mail and password for a bearer token",
            "security": [],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["email", "password"],
                            "properties": {
                                "email": {"type": "string"},
                                "password": {"type": "string"},
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": json_response(
                    {
                        "type": "object",
                        "required": ["token", "token_type", "expires_at"],
                        "properties": {
                            "token": {"type": "string"},
                            "token_type": {"type": "string", "enum": ["Bearer"]},
                            "expires_at": {"type": "string", "format": "date-time"},
                        },
                    },
                    "Token created",
                ),
                **error_responses(400, 401, 429),
            },
        }
    },
    "/api/v1/tokens/current": {
        "delete": {
            "summary": "Revoke the token used for this call",
            "responses": {"204": {"description": "Revoked"}, **error_responses(401)},
        }
    },
    "/api/v1/organizations": {
        "get": {
            "summary": "Organizations with their press contacts",
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["organizations"],
                        "properties": {
                            "organizations": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Organization"},
                            }
                        },
                    }
                ),
                **error_responses(401),
            },
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "responses": {"200": json_response({"type": "object"})},
        }
    },
}


def register(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> None:
    """API modules add the description of their calls next to their code."""
    for path, operations in paths.items():
        PATHS.setdefault(path, {}).update(operations)
    SCHEMAS.update(schemas or {})


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "pressroom API", "version": "1"},
        "servers": [{"url": current_app.config.get("PUBLIC_BASE_URL", "/")}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@bp.get("/openapi.json")
def openapi_document():  # type: ignore[no-untyped-def]
    return document()
