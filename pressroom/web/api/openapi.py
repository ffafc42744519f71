"""GET /api/v1/openapi.json: the description of every API call that exists, built by apispec
from the marshmallow schemas of `schemas.py` (the same ones `payload.load` validates with).

The API modules register their operations (summary, parameters, the schema of each answer
and the error statuses) next to their views; a test compares this document with
app.url_map so a new call cannot go undocumented.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, cast

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app
from flask.typing import ResponseReturnValue
from marshmallow import Schema

from pressroom.web.api import bp, schemas

PATHS: dict[str, dict[str, Any]] = {}


def schema_name(schema: type[Schema] | Schema) -> str | None:
    """Components are named after their class, without "Schema"; request bodies
    (classes named ...Request) are written inline in their operation."""
    cls = schema if isinstance(schema, type) else type(schema)
    if cls.__name__.endswith("Request"):
        return None
    return cls.__name__.removesuffix("Schema")


def error_responses(*codes: int) -> dict[str, Any]:
    text = {
        400: "Malformed or invalid input",
        401: "No valid bearer token",
        403: "Not allowed",
        404: "Not found",
        409: "Conflict",
        429: "Too many attempts",
    }
    return {
        str(c): {
            "description": text[c],
            "content": {"application/json": {"schema": schemas.ErrorSchema}},
        }
        for c in codes
    }


def json_response(schema: type[Schema] | dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def json_body(schema: type[Schema]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def register(paths: dict[str, dict[str, Any]]) -> None:
    """API modules add the description of their calls next to their code."""
    for path, operations in paths.items():
        PATHS.setdefault(path, {}).update(operations)


register(
    {
        "/api/v1/tokens": {
            "post": {
                "summary": "Exchange e-mail and password for a bearer token",
                "security": [],
                "requestBody": json_body(schemas.TokenRequest),
                "responses": {
                    "201": json_response(schemas.TokenSchema, "Token created"),
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
                    "200": json_response(schemas.OrganizationListSchema),
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
)


def document() -> dict[str, Any]:
    spec = APISpec(
        title="pressroom API",
        version="1",
        openapi_version="3.1.0",
        # apispec inlines a schema whose name is None (documented); its type hint says str.
        plugins=[
            MarshmallowPlugin(
                schema_name_resolver=cast("Callable[[type[Schema]], str]", schema_name)
            )
        ],
        servers=[{"url": current_app.config.get("PUBLIC_BASE_URL", "/")}],
        security=[{"bearer": []}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for path, item in PATHS.items():
        item = copy.deepcopy(item)  # apispec resolves the schemas in place
        parameters = item.pop("parameters", None)
        spec.path(path=path, operations=item, parameters=parameters)
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi_document() -> ResponseReturnValue:
    return document()
