"""OpenAPI operations of the statement calls (schemas in `schemas.py`)."""

from __future__ import annotations

from pressroom.web.api import schemas as s
from pressroom.web.api.openapi import error_responses, json_body, json_response, register

ID = {"name": "statement_id", "in": "path", "required": True, "schema": {"type": "integer"}}
NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
STATEMENT_OK = json_response(s.StatementSchema)
ITEM = "/api/v1/statements/{statement_id}"

register(
    {
        "/api/v1/statements": {
            "get": {
                "summary": "Statements in which the caller's organization takes part",
                "responses": {"200": json_response(s.StatementListSchema), **error_responses(401)},
            },
            "post": {
                "summary": "Create a statement (the caller's organization leads)",
                "requestBody": json_body(s.StatementCreateRequest),
                "responses": {
                    "201": json_response(s.StatementSchema, "Created"),
                    **error_responses(400, 401, 403),
                },
            },
        },
        ITEM: {
            "parameters": [ID],
            "get": {
                "summary": "One statement with approvals and translation status",
                "responses": {"200": STATEMENT_OK, **error_responses(401, 404)},
            },
            "put": {
                "summary": "Save from base_revision; merged three-way if others saved meanwhile",
                "requestBody": json_body(s.StatementSaveRequest),
                "responses": {"200": STATEMENT_OK, **error_responses(400, 401, 403, 404, 409)},
            },
        },
        ITEM + "/revisions": {
            "parameters": [ID],
            "get": {
                "summary": "History",
                "responses": {
                    "200": json_response(s.RevisionListSchema),
                    **error_responses(401, 404),
                },
            },
        },
        ITEM + "/revisions/{number}": {
            "parameters": [ID, NUMBER],
            "get": {
                "summary": "One revision with its content",
                "responses": {"200": json_response(s.RevisionSchema), **error_responses(401, 404)},
            },
        },
        ITEM + "/submit": {
            "parameters": [ID],
            "post": {
                "summary": "Submit for review",
                "responses": {"200": STATEMENT_OK, **error_responses(401, 403, 404, 409)},
            },
        },
        ITEM + "/approvals": {
            "parameters": [ID],
            "post": {
                "summary": "Approve or request changes for the caller's organization",
                "requestBody": json_body(s.ApprovalRequest),
                "responses": {
                    "201": json_response(s.StatementSchema, "Recorded"),
                    **error_responses(400, 401, 403, 404, 409),
                },
            },
        },
        ITEM + "/comments": {
            "parameters": [ID],
            "get": {
                "summary": "Comments",
                "responses": {
                    "200": json_response(s.CommentListSchema),
                    **error_responses(401, 404),
                },
            },
            "post": {
                "summary": "Comment, optionally on a body paragraph or as a reply",
                "requestBody": json_body(s.CommentRequest),
                "responses": {
                    "201": json_response(s.CommentSchema, "Created"),
                    **error_responses(400, 401, 403, 404),
                },
            },
        },
    }
)
