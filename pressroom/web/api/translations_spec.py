"""OpenAPI operations of the translation calls (schemas in `schemas.py`)."""

from __future__ import annotations

from pressroom.web.api import schemas as s
from pressroom.web.api.openapi import error_responses, json_body, json_response, register

LANG = {
    "name": "lang",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "a target language of the statement, e.g. ru, fr, kk",
}
ID = {"name": "statement_id", "in": "path", "required": True, "schema": {"type": "integer"}}

register(
    {
        "/api/v1/statements/{statement_id}/translations/{lang}": {
            "parameters": [ID, LANG],
            "get": {
                "summary": "One target language's translation, its status and what it lacks",
                "responses": {
                    "200": json_response(s.TranslationSchema),
                    **error_responses(401, 404),
                },
            },
            "put": {
                "summary": "Save a translation made from source_revision; merged three-way "
                "with translations saved since base_revision",
                "requestBody": json_body(s.TranslationSaveRequest),
                "responses": {
                    "200": json_response(s.TranslationSchema),
                    **error_responses(400, 401, 403, 404, 409),
                },
            },
        },
    }
)
