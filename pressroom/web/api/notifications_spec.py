"""OpenAPI operations of the notification calls (schemas in `schemas.py`)."""

from __future__ import annotations

from pressroom.web.api import schemas as s
from pressroom.web.api.openapi import error_responses, json_body, json_response, register

register(
    {
        "/api/v1/notifications": {
            "get": {
                "summary": "The caller's notifications, newest first (50 a page)",
                "parameters": [
                    {
                        "name": "before",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer"},
                        "description": "only notifications with a smaller id (older ones)",
                    }
                ],
                "responses": {
                    "200": json_response(s.NotificationListSchema),
                    **error_responses(400, 401),
                },
            }
        },
        "/api/v1/notifications/read": {
            "post": {
                "summary": 'Mark the caller\'s notifications as read: {"ids": [...]} or '
                '{"all": true}; ids of others change nothing',
                "requestBody": json_body(s.NotificationReadRequest),
                "responses": {
                    "200": json_response(s.NotificationReadSchema),
                    **error_responses(400, 401),
                },
            }
        },
    }
)
