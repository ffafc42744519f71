"""Reading JSON request bodies with clear 400s for malformed or mistyped input: the
request schemas of `schemas.py` check the transport types."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError
from marshmallow.exceptions import MarshmallowError

from pressroom.domain.errors import ValidationFailed


def json_body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationFailed(_("The request body must be a JSON object."))
    return data  # pressroom.web.guards refused malformed, deep and non-text JSON already


def load(schema: type[Schema]) -> dict[str, Any]:
    """The JSON body checked against a request schema (schemas.py): transport types only.
    Every wrong field is named in the 400's details ("required", "expected integer",
    "quotes.0.text": ...); the message speaks of the first one."""
    data = json_body()
    try:
        loaded: dict[str, Any] = schema().load(data)
    except MarshmallowError as exc:
        details = _flatten(exc.messages if isinstance(exc, ValidationError) else str(exc))
        raise ValidationFailed(_message(*next(iter(details.items()))), details=details) from None
    return loaded


def _flatten(messages: Any, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested errors as the API's flat, dotted field names."""
    if isinstance(messages, dict):
        flat: dict[str, str] = {}
        for key, value in messages.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(messages, list):
        first = messages[0] if messages else "invalid"
        if isinstance(first, (dict, list)):
            return _flatten(first, prefix)
        return {prefix or "body": str(first)}
    return {prefix or "body": str(messages)}


def _message(name: str, code: str) -> str:
    if code == "required":
        return str(_("The field %(name)s is required.", name=name))
    if code.startswith("expected "):
        return str(
            _(
                "The field %(name)s must be of type %(type)s.",
                name=name,
                type=code.removeprefix("expected "),
            )
        )
    if code == "out of range":
        return str(_("The field %(name)s is out of range.", name=name))
    return str(_("Unknown fields: %(names)s", names=name))


def conflict_response(current_revision: int | None, conflicts: Any) -> ResponseReturnValue:
    """409 for a save that overlaps a concurrent one: both texts of every conflicting field."""
    from pressroom.web.errors import json_error

    return json_error(
        409,
        "conflict",
        _(
            "Your change overlaps a change saved meanwhile; nothing was overwritten. Resolve "
            "the conflicting fields and save again on the current revision."
        ),
        {
            "current_revision": current_revision,
            "conflicts": [
                {"field": c.field, "base": c.base, "mine": c.mine, "theirs": c.theirs}
                for c in conflicts
            ],
        },
    )
