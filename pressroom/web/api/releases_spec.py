"""OpenAPI operations of the publishing and public release calls (schemas in `schemas.py`)."""

from __future__ import annotations

from pressroom.web.api import schemas as s
from pressroom.web.api.openapi import error_responses, json_body, json_response, register

TEXT = {"type": "string"}
ID = {"name": "statement_id", "in": "path", "required": True, "schema": {"type": "integer"}}

register(
    {
        "/api/v1/statements/{statement_id}/publish": {
            "parameters": [ID],
            "post": {
                "summary": "Publish now, or schedule with embargo_until (ISO 8601 with offset)",
                "requestBody": json_body(s.PublishRequest),
                "responses": {
                    "201": json_response(s.ReleaseSchema, "Published"),
                    **error_responses(400, 401, 403, 404, 409),
                },
            },
        },
        "/api/v1/statements/{statement_id}/publish/cancel": {
            "parameters": [ID],
            "post": {
                "summary": "Cancel a scheduled publication (lead organization only); the "
                "version can be published again",
                "responses": {
                    "200": json_response(s.LifecycleSchema),
                    **error_responses(401, 403, 404, 409),
                },
            },
        },
        "/api/v1/statements/{statement_id}/correct": {
            "parameters": [ID],
            "post": {
                "summary": "Start version N+1 as a draft; the note is part of the approved bundle",
                "requestBody": json_body(s.CorrectRequest),
                "responses": {
                    "201": json_response(s.LifecycleSchema, "Started"),
                    **error_responses(400, 401, 403, 404, 409),
                },
            },
        },
        "/api/v1/statements/{statement_id}/withdraw": {
            "parameters": [ID],
            "post": {
                "summary": "Withdraw (lead organization's head): public versions keep "
                "their page with the notice; a scheduled one never goes public",
                "requestBody": json_body(s.WithdrawRequest),
                "responses": {
                    "200": json_response(s.LifecycleSchema),
                    **error_responses(400, 401, 403, 404, 409),
                },
            },
        },
        "/api/v1/releases/{slug}": {
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": TEXT}],
            "get": {
                "summary": "A public release: languages, file URLs, sizes and SHA-256",
                "security": [],
                "responses": {"200": json_response(s.ReleaseSchema), **error_responses(404)},
            },
        },
        "/api/v1/verify": {
            "post": {
                "summary": "Is this PDF genuine? Its SHA-256 among published files, and "
                "each signature checked against the installation root",
                "security": [],
                # The PDF's bytes as the body (any Content-Type is read as bytes).
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/octet-stream": {
                            "schema": {"type": "string", "format": "binary"}
                        }
                    },
                },
                "responses": {"200": json_response(s.VerificationSchema), **error_responses(400)},
            },
        },
        "/api/v1/releases/{slug}/ninjs/{lang}": {
            "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": TEXT},
                {
                    "name": "lang",
                    "in": "path",
                    "required": True,
                    "schema": TEXT,
                    "description": "a language of the release (e.g. en, ru, kk)",
                },
            ],
            "get": {
                "summary": "A public release in one language as IPTC ninjs 2.1 (News in "
                "JSON), for newsroom systems",
                "description": "Valid against http://www.iptc.org/std/ninjs/"
                "ninjs-schema_2.1.json. pubstatus is usable, or canceled "
                "once withdrawn; press contacts and speakers are people "
                "(rel presscontact / speaker); renditions: page and pdf. "
                "A language the release lacks: 404 whose details list "
                "its languages.",
                "security": [],
                "responses": {"200": json_response(s.NinjsSchema), **error_responses(404)},
            },
        },
        "/api/v1/verify/{value}": {
            "parameters": [
                {
                    "name": "value",
                    "in": "path",
                    "required": True,
                    "schema": TEXT,
                    "description": "SHA-256 of a file, or the short hash on the PDF",
                }
            ],
            "get": {
                "summary": "Is this a genuine release?",
                "security": [],
                "responses": {"200": json_response(s.VerificationSchema)},
            },
        },
    },
)
