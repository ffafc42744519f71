"""OpenAPI description of the publishing and public release calls."""

from __future__ import annotations

from pressroom.web.api.openapi import error_responses, json_response, register

REF = "#/components/schemas/"
TEXT = {"type": "string"}
FILE = {"type": "object", "required": ["url", "sha256", "size"],
        "properties": {"url": TEXT, "sha256": TEXT, "size": {"type": "integer"}}}
RELEASE = {
    "type": "object",
    "required": ["slug", "version", "state", "public_at", "source_hash", "languages"],
    "properties": {
        "slug": TEXT, "version": {"type": "integer"},
        "state": {"type": "string", "enum": ["genuine", "superseded", "withdrawn"]},
        "release_date": {"type": "string", "format": "date",
                         "description": "the release's date (its dateline's), on every surface"},
        "public_at": {"type": "string", "format": "date-time"},
        "timezone": {"type": "string", "description": "IANA zone its times are shown in"},
        "title": TEXT, "source_hash": TEXT, "bundle_hash": TEXT, "short_hash": TEXT,
        "organizations": {"type": "array", "items": TEXT},
        "correction_note": {"type": ["string", "null"]},
        "withdrawal_notice": {"type": ["string", "null"]},
        "versions": {"type": "array", "items": {"type": "integer"}},
        "status": TEXT,
        "languages": {"type": "array", "items": {
            "type": "object", "required": ["lang", "url", "pdf_url", "files"],
            "properties": {"lang": TEXT, "title": TEXT, "url": TEXT, "pdf_url": TEXT,
                           "version_url": TEXT,
                           "files": {"type": "object", "properties": {"html": FILE,
                                                                       "pdf": FILE}}}}},
    },
}
VERIFICATION = {
    "type": "object", "required": ["verdict"],
    "properties": {"verdict": {"type": "string", "enum": ["genuine", "superseded", "withdrawn",
                                                          "unknown", "short_hash"],
                               "description": "short_hash: the value names a public release "
                                              "(see state) but proves nothing about a file"},
                   "state": {"type": "string", "enum": ["genuine", "superseded", "withdrawn"]},
                   "release": {"$ref": REF + "Release"},
                   "approvals": {"type": "array", "items": TEXT},
                   "lang": TEXT, "kind": TEXT,
                   "signatures": {"type": "array", "items": {"$ref": REF + "Signature"}}},
}
SIGNATURE = {
    "type": "object", "required": ["state", "signer", "intact", "trusted", "revoked"],
    "properties": {
        "state": {"type": "string",
                  "enum": ["ok", "altered", "revoked", "untrusted", "invalid"],
                  "description": "altered: the file changed after this signature"},
        "signer": TEXT, "organization": {"type": ["string", "null"]}, "reason": TEXT,
        "signed_at": {"type": ["string", "null"], "format": "date-time"},
        "timestamped_at": {"type": ["string", "null"], "format": "date-time"},
        "intact": {"type": "boolean"}, "valid": {"type": "boolean"},
        "trusted": {"type": "boolean"}, "revoked": {"type": "boolean"},
    },
}

NAMED = {"type": "object", "properties": {"name": TEXT, "rel": TEXT, "literal": TEXT,
                                          "uri": TEXT, "contactinfo": {"type": "array"}}}
NINJS = {
    "type": "object", "required": ["uri"],
    "description": "IPTC ninjs 2.1 (the standard's schema is the reference; this lists the "
                   "fields pressroom fills)",
    "properties": {
        "uri": TEXT, "version": TEXT, "standard": {"type": "object"},
        "type": {"type": "string", "enum": ["text"]}, "profile": TEXT,
        "pubstatus": {"type": "string", "enum": ["usable", "canceled"]},
        "language": TEXT, "slugline": TEXT, "located": TEXT, "by": TEXT,
        "firstcreated": {"type": "string", "format": "date-time"},
        "versioncreated": {"type": "string", "format": "date-time"},
        "embargoed": {"type": "string", "format": "date-time"},
        "headlines": {"type": "array", "items": {"type": "object"}},
        "descriptions": {"type": "array", "items": {"type": "object"}},
        "bodies": {"type": "array", "items": {"type": "object"}},
        "organisations": {"type": "array", "items": NAMED},
        "people": {"type": "array", "items": NAMED},
        "renditions": {"type": "array", "items": {
            "type": "object", "required": ["name"],
            "properties": {"name": TEXT, "href": TEXT, "contenttype": TEXT,
                           "sizeinbytes": {"type": "number"}, "title": TEXT,
                           "format": TEXT}}},
        "altids": {"type": "array", "items": {"type": "object"}},
        "trustindicators": {"type": "array", "items": {"type": "object"}},
    },
}

ID = {"name": "statement_id", "in": "path", "required": True, "schema": {"type": "integer"}}
LIFECYCLE = {
    "type": "object", "required": ["id", "status", "version"],
    "properties": {"id": {"type": "integer"}, "status": TEXT, "version": {"type": "integer"},
                   "revision": {"type": "integer"}, "correction_note": TEXT,
                   "public": {"type": "boolean"}, "withdrawal_notice": TEXT},
}

register(
    {
        "/api/v1/statements/{statement_id}/publish": {
            "parameters": [ID],
            "post": {
                "summary": "Publish now, or schedule with embargo_until (ISO 8601 with offset)",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"embargo_until": {"type": "string", "format": "date-time"}},
                }}}},
                "responses": {"201": json_response({"$ref": REF + "Release"}, "Published"),
                              **error_responses(400, 401, 403, 404, 409)},
            },
        },
        "/api/v1/statements/{statement_id}/publish/cancel": {
            "parameters": [ID],
            "post": {"summary": "Cancel a scheduled publication (lead organization only); the "
                                "version can be published again",
                     "responses": {"200": json_response(LIFECYCLE), **error_responses(
                         401, 403, 404, 409)}},
        },
        "/api/v1/statements/{statement_id}/correct": {
            "parameters": [ID],
            "post": {"summary": "Start version N+1 as a draft; the note is part of the "
                                "approved bundle",
                     "requestBody": {"required": True, "content": {"application/json": {
                         "schema": {"type": "object", "required": ["note"],
                                    "properties": {"note": TEXT}}}}},
                     "responses": {"201": json_response(LIFECYCLE, "Started"),
                                   **error_responses(400, 401, 403, 404, 409)}},
        },
        "/api/v1/statements/{statement_id}/withdraw": {
            "parameters": [ID],
            "post": {"summary": "Withdraw (lead organization's head): public versions keep "
                                "their page with the notice; a scheduled one never goes public",
                     "requestBody": {"required": True, "content": {"application/json": {
                         "schema": {"type": "object", "required": ["notice"],
                                    "properties": {"notice": TEXT}}}}},
                     "responses": {"200": json_response(LIFECYCLE), **error_responses(
                         400, 401, 403, 404, 409)}},
        },
        "/api/v1/releases/{slug}": {
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": TEXT}],
            "get": {"summary": "A public release: languages, file URLs, sizes and SHA-256",
                    "security": [],
                    "responses": {"200": json_response({"$ref": REF + "Release"}),
                                  **error_responses(404)}},
        },
        "/api/v1/verify": {
            "post": {"summary": "Is this PDF genuine? Its SHA-256 among published files, and "
                                "each signature checked against the installation root",
                     "security": [],
                     # The PDF's bytes as the body (any Content-Type is read as bytes).
                     "requestBody": {"required": True, "content": {"application/octet-stream": {
                         "schema": {"type": "string", "format": "binary"}}}},
                     "responses": {"200": json_response({"$ref": REF + "Verification"}),
                                   **error_responses(400)}},
        },
        "/api/v1/releases/{slug}/ninjs/{lang}": {
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": TEXT},
                           {"name": "lang", "in": "path", "required": True, "schema": TEXT,
                            "description": "a language of the release (e.g. en, ru, kk)"}],
            "get": {"summary": "A public release in one language as IPTC ninjs 2.1 (News in "
                               "JSON), for newsroom systems",
                    "description": "Valid against http://www.iptc.org/std/ninjs/"
                                   "ninjs-schema_2.1.json. pubstatus is usable, or canceled "
                                   "once withdrawn; press contacts and speakers are people "
                                   "(rel presscontact / speaker); renditions: page and pdf. "
                                   "A language the release lacks: 404 whose details list "
                                   "its languages.",
                    "security": [],
                    "responses": {"200": json_response({"$ref": REF + "Ninjs"}),
                                  **error_responses(404)}},
        },
        "/api/v1/verify/{value}": {
            "parameters": [{"name": "value", "in": "path", "required": True, "schema": TEXT,
                            "description": "SHA-256 of a file, or the short hash on the PDF"}],
            "get": {"summary": "Is this a genuine release?", "security": [],
                    "responses": {"200": json_response({"$ref": REF + "Verification"})}},
        },
    },
    {"Release": RELEASE, "Verification": VERIFICATION, "Signature": SIGNATURE,
     "Ninjs": NINJS},
)
