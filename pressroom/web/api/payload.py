"""Reading JSON request bodies with clear 400s for malformed or mistyped input."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

from pressroom.domain.errors import ValidationFailed

_TYPE_NAMES = {str: "string", int: "integer", bool: "boolean", list: "array", dict: "object"}


def json_body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationFailed(_("The request body must be a JSON object."))
    return data  # pressroom.web.guards refused malformed, deep and non-text JSON already


def conflict_response(current_revision: int | None, conflicts: Any):  # type: ignore[no-untyped-def]
    """409 for a save that overlaps a concurrent one: both texts of every conflicting field."""
    from pressroom.web.errors import json_error

    return json_error(409, "conflict", _(
        "Your change overlaps a change saved meanwhile; nothing was overwritten. Resolve "
        "the conflicting fields and save again on the current revision."), {
            "current_revision": current_revision,
            "conflicts": [{"field": c.field, "base": c.base, "mine": c.mine,
                           "theirs": c.theirs} for c in conflicts],
        })


def field(
    data: dict[str, Any], name: str, kind: type, *, required: bool = True, default: Any = None
) -> Any:
    """data[name] checked against `kind`; missing required fields and wrong types are 400."""
    if name not in data or (data[name] is None and required):
        if required:
            raise ValidationFailed(
                _("The field %(name)s is required.", name=name), details={name: "required"}
            )
        return default
    value = data[name]
    # bool is an int in Python; an API caller sending true for a number made a mistake.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValidationFailed(
            _("The field %(name)s must be of type %(type)s.", name=name,
              type=_TYPE_NAMES.get(kind, kind.__name__)),
            details={name: f"expected {_TYPE_NAMES.get(kind, kind.__name__)}"},
        )
    if kind is int and not -(2**31) < value < 2**31:
        raise ValidationFailed(_("The field %(name)s is out of range.", name=name),
                               details={name: "out of range"})
    return value
