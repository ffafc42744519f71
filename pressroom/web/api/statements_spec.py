"""OpenAPI description of the statement calls (registered into /api/v1/openapi.json)."""

from __future__ import annotations

from typing import Any

from pressroom.web.api.openapi import error_responses, json_response, register

REF = "#/components/schemas/"
TEXT = {"type": "string"}
REQUIRED_TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}

QUOTE = {
    "type": "object",
    "required": ["organization", "speaker", "text"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$", "description": (
            "stable within the statement; translations name the quote by it. Leave it out "
            "for a new quote: the server gives it one (the organization's slug, then "
            "slug-2, ...). An organization may have several quotes.")},
        "organization": {"type": "string", "description": "slug"},
        "honorific": {"type": "string", "description": "e.g. Senator, Ambassador"},
        "speaker": {"type": "string", "description": "the name, without honorific"},
        "function": TEXT,
        "lead_in": {"type": "string", "description": (
            "inline style: the words set before the quotation (\"X, who heads ..., stressed "
            "that ...\"); without them the quotation is followed by \"said <speaker>, "
            "<function>\" in the document's language")},
        "text": {"type": "string", "description": "without quotation marks"},
    },
}
CONTACT = {
    "type": "object",
    "required": ["organization", "name", "phone", "email"],
    "properties": {"organization": TEXT, "name": TEXT, "phone": TEXT, "email": TEXT,
                   "affiliation": {"type": "string", "description": (
                       "the organization as the contact block writes it (\"OSCE ODIHR\"); "
                       "empty: the organization's short name")}},
}
CONTENT_PROPERTIES: dict[str, Any] = {
    "title": TEXT,
    "lead": TEXT,
    "body": {"type": "string", "description": "Markdown"},
    "dateline_city": TEXT,
    "dateline_date": {"type": "string", "format": "date"},
    "further_info_url": TEXT,
    "quote_style": {"type": "string", "enum": ["inline", "block"], "default": "block",
                    "description": "quotes worked into the text, or set apart with a credit"},
    "organizations": {"type": "array", "items": TEXT, "description": "slugs, first is lead"},
    "quotes": {"type": "array", "items": {"$ref": REF + "Quote"}},
    "contacts": {"type": "array", "items": {"$ref": REF + "ContactEntry"}},
}
APPROVAL_ROW = {
    "type": "object",
    "required": ["organization", "decision", "current", "counts"],
    "properties": {
        "organization": TEXT,
        "decision": {"type": ["string", "null"], "enum": ["approve", "request_changes", None]},
        "by": {"type": ["string", "null"]},
        "at": {"type": ["string", "null"]},
        "revision": {"type": ["integer", "null"]},
        "bundle_hash": {"type": ["string", "null"],
                        "description": "the release bundle the decision was given for"},
        "comment": {"type": ["string", "null"]},
        "current": {"type": "boolean", "description": "given for the current bundle"},
        "counts": {"type": "boolean", "description": "an approval of the current bundle"},
    },
}
STATEMENT = {
    "type": "object",
    "required": ["id", "slug", "status", "revision", "bundle_hash", "approvals",
                 "translations"],
    "properties": {
        "id": {"type": "integer"},
        "slug": {"type": ["string", "null"],
                 "description": "the public slug, made at first publication (null before)"},
        "status": {"type": "string", "enum": ["draft", "in_review", "approved", "scheduled",
                                              "published", "withdrawn"]},
        "revision": {"type": "integer"},
        "content_hash": TEXT,
        "bundle_hash": {"type": "string", "description": (
            "SHA-256 of everything that will be published: source revision, every "
            "translation, languages, organizations, time zone, version, correction note. "
            "Approvals count only while it is current.")},
        "version": {"type": "integer"},
        "correction_note": {"type": ["string", "null"]},
        "source_language": TEXT,
        "target_languages": {"type": "array", "items": TEXT},
        **CONTENT_PROPERTIES,
        "approvals": {"type": "array", "items": {"$ref": REF + "ApprovalRow"}},
        "translations": {"type": "object", "additionalProperties": {
            "type": "string", "enum": ["missing", "in_progress", "complete", "outdated"]}},
        "url": TEXT,
        "merged": {"type": "boolean"},
        "saved": {"type": "boolean"},
        "merged_with": {"type": ["object", "null"]},
    },
}
REVISION = {
    "type": "object",
    "required": ["number", "kind", "author", "created_at", "content_hash"],
    "properties": {
        "number": {"type": "integer"}, "kind": TEXT, "author": TEXT,
        "organization": {"type": ["string", "null"]}, "created_at": TEXT, "content_hash": TEXT,
        "content": {"type": "object"},
    },
}
COMMENT = {
    "type": "object",
    "required": ["id", "body", "author", "created_at", "resolved"],
    "properties": {
        "id": {"type": "integer"}, "body": TEXT, "paragraph": {"type": ["integer", "null"]},
        "parent": {"type": ["integer", "null"]}, "author": TEXT,
        "organization": {"type": ["string", "null"]}, "created_at": TEXT,
        "resolved": {"type": "boolean"},
    },
}
ID = {"name": "statement_id", "in": "path", "required": True, "schema": {"type": "integer"}}
NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


STATEMENT_OK = json_response({"$ref": REF + "Statement"})
STATEMENT_ITEM = "/api/v1/statements/{statement_id}"

register(
    {
        "/api/v1/statements": {
            "get": {
                "summary": "Statements in which the caller's organization takes part",
                "responses": {"200": json_response({
                    "type": "object", "required": ["statements"],
                    "properties": {"statements": {"type": "array",
                                                  "items": {"$ref": REF + "Statement"}}},
                }), **error_responses(401)},
            },
            "post": {
                "summary": "Create a statement (the caller's organization leads)",
                "requestBody": _body({
                    "type": "object",
                    "required": ["title", "body", "dateline_city", "dateline_date"],
                    "properties": {**CONTENT_PROPERTIES, "title": REQUIRED_TEXT,
                                   "body": REQUIRED_TEXT, "dateline_city": REQUIRED_TEXT,
                                   "source_language": TEXT,
                                   "target_languages": {"type": "array", "items": TEXT},
                                   "timezone": TEXT},
                }),
                "responses": {"201": json_response({"$ref": REF + "Statement"}, "Created"),
                              **error_responses(400, 401, 403)},
            },
        },
        STATEMENT_ITEM: {
            "parameters": [ID],
            "get": {"summary": "One statement with approvals and translation status",
                    "responses": {"200": STATEMENT_OK, **error_responses(401, 404)}},
            "put": {
                "summary": "Save from base_revision; merged three-way if others saved meanwhile",
                "requestBody": _body({
                    "type": "object", "required": ["base_revision"],
                    "properties": {"base_revision": {"type": "integer"}, **CONTENT_PROPERTIES},
                }),
                "responses": {"200": STATEMENT_OK,
                              **error_responses(400, 401, 403, 404, 409)},
            },
        },
        STATEMENT_ITEM + "/revisions": {
            "parameters": [ID],
            "get": {"summary": "History", "responses": {"200": json_response({
                "type": "object", "required": ["revisions"],
                "properties": {"revisions": {"type": "array", "items": {"$ref": REF + "Revision"}}},
            }), **error_responses(401, 404)}},
        },
        STATEMENT_ITEM + "/revisions/{number}": {
            "parameters": [ID, NUMBER],
            "get": {"summary": "One revision with its content",
                    "responses": {"200": json_response({"$ref": REF + "Revision"}),
                                  **error_responses(401, 404)}},
        },
        STATEMENT_ITEM + "/submit": {
            "parameters": [ID],
            "post": {"summary": "Submit for review",
                     "responses": {"200": STATEMENT_OK, **error_responses(401, 403, 404, 409)}},
        },
        STATEMENT_ITEM + "/approvals": {
            "parameters": [ID],
            "post": {
                "summary": "Approve or request changes for the caller's organization",
                "requestBody": _body({
                    "type": "object", "required": ["decision", "revision"],
                    "properties": {"decision": {"type": "string",
                                                "enum": ["approve", "request_changes"]},
                                   "revision": {"type": "integer"}, "comment": TEXT,
                                   "bundle_hash": {"type": "string", "description": (
                                       "the bundle the head reviewed; a bundle that is no "
                                       "longer current is a 409 saying what changed")}},
                }),
                "responses": {"201": json_response({"$ref": REF + "Statement"}, "Recorded"),
                              **error_responses(400, 401, 403, 404, 409)},
            },
        },
        STATEMENT_ITEM + "/comments": {
            "parameters": [ID],
            "get": {"summary": "Comments", "responses": {"200": json_response({
                "type": "object", "required": ["comments"],
                "properties": {"comments": {"type": "array", "items": {"$ref": REF + "Comment"}}},
            }), **error_responses(401, 404)}},
            "post": {
                "summary": "Comment, optionally on a body paragraph or as a reply",
                "requestBody": _body({
                    "type": "object", "required": ["body"],
                    "properties": {"body": REQUIRED_TEXT, "paragraph": {"type": "integer"},
                                   "parent": {"type": "integer"}},
                }),
                "responses": {"201": json_response({"$ref": REF + "Comment"}, "Created"),
                              **error_responses(400, 401, 403, 404)},
            },
        },
    },
    {"Statement": STATEMENT, "Quote": QUOTE, "ContactEntry": CONTACT,
     "ApprovalRow": APPROVAL_ROW, "Revision": REVISION, "Comment": COMMENT},
)
