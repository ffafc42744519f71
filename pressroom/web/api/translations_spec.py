"""OpenAPI description of the translation calls (registered into /api/v1/openapi.json)."""

from __future__ import annotations

from typing import Any

from pressroom.domain.translation import UNTRANSLATED
from pressroom.web.api.openapi import error_responses, json_response, register

REF = "#/components/schemas/"
TEXT = {"type": "string"}
NULLABLE_INT = {"type": ["integer", "null"]}
STATUS = {"type": "string", "enum": ["missing", "in_progress", "complete", "outdated"]}

QUOTE = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "description": (
            "the source quote's id; clients from before quote ids may give the organization "
            "instead (it names the organization's first quote)")},
        "organization": {"type": "string", "description": "slug"},
        "honorific": {"type": "string", "description": "optional: the source's if empty"},
        "speaker": {"type": "string", "description": (
            "the name as this language writes it; optional: the source's if empty")},
        "function": TEXT, "lead_in": TEXT, "text": TEXT},
    "additionalProperties": False,
}
CONTACT = {
    "type": "object",
    "required": ["email"],
    "properties": {
        "email": {"type": "string", "description": "names the source's contact"},
        "name": {"type": "string", "description": "the name as this language writes it"},
        "affiliation": {"type": "string", "description": "the organization, as written here"}},
    "additionalProperties": False,
}
FIELDS: dict[str, Any] = {
    "title": TEXT,
    "lead": TEXT,
    "body": {"type": "string", "description": (
        "Markdown; paragraph i translates source paragraph i. A paragraph not translated "
        f"yet is a placeholder ({UNTRANSLATED.format(n=2)!r} for paragraph 2), so the "
        "following ones keep their place.")},
    "dateline_city": TEXT,
    "quotes": {"type": "array", "items": {"$ref": REF + "TranslationQuote"},
               "description": "matched with the source's quotes by id"},
    "contacts": {"type": "array", "items": {"$ref": REF + "TranslationContact"},
                 "description": "optional forms of the contacts' names in this language"},
}
TRANSLATION = {
    "type": "object",
    "required": ["lang", "status", "revision", "source_revision", "current_source_revision",
                 "content", "missing"],
    "properties": {
        "lang": TEXT,
        "status": STATUS,
        "revision": {**NULLABLE_INT, "description": "null while nothing was saved"},
        "source_revision": {**NULLABLE_INT,
                            "description": "the source revision this translation was made from"},
        "current_source_revision": {"type": "integer"},
        "author": {"type": ["string", "null"]},
        "created_at": {"type": ["string", "null"], "format": "date-time"},
        "content_hash": {"type": ["string", "null"]},
        "content": {"oneOf": [{"type": "null"},
                              {"type": "object", "properties": FIELDS}]},
        "missing": {"type": "array", "items": TEXT, "description": (
            "what a complete translation of the current source still lacks: title, lead, "
            "dateline_city, body-N (0-based), quote-ID-function, quote-ID-lead_in, "
            "quote-ID-text, or body "
            "when the paragraph counts differ")},
        "source_changes": {"type": ["object", "null"], "description": (
            "when outdated: what changed in the source since source_revision"),
            "properties": {"from_revision": {"type": "integer"},
                           "to_revision": {"type": "integer"},
                           "fields": {"type": "array", "items": TEXT},
                           "paragraphs": {"type": "array", "items": {"type": "integer"},
                                          "description": "1-based, of the current source"},
                           "quotes": {"type": "array", "items": TEXT}}},
        "url": TEXT,
        "saved": {"type": "boolean"},
        "merged": {"type": "boolean"},
        "merged_with": {"type": ["object", "null"]},
    },
}
LANG = {"name": "lang", "in": "path", "required": True, "schema": TEXT,
        "description": "a target language of the statement, e.g. ru, fr, kk"}
ID = {"name": "statement_id", "in": "path", "required": True, "schema": {"type": "integer"}}

register(
    {
        "/api/v1/statements/{statement_id}/translations/{lang}": {
            "parameters": [ID, LANG],
            "get": {
                "summary": "One target language's translation, its status and what it lacks",
                "responses": {"200": json_response({"$ref": REF + "Translation"}),
                              **error_responses(401, 404)},
            },
            "put": {
                "summary": "Save a translation made from source_revision; merged three-way "
                           "with translations saved since base_revision",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["source_revision"],
                    "properties": {
                        "source_revision": {"type": "integer"},
                        "base_revision": {"type": "integer", "description": (
                            "the translation revision you started from; omit for the first")},
                        **FIELDS,
                    },
                }}}},
                "responses": {"200": json_response({"$ref": REF + "Translation"}),
                              **error_responses(400, 401, 403, 404, 409)},
            },
        },
    },
    {"Translation": TRANSLATION, "TranslationQuote": QUOTE, "TranslationContact": CONTACT},
)
