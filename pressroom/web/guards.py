"""Request-level guards: input no view could handle is a 400 before any view sees it.

JSON bodies must be UTF-8, at most JSON_MAX_BYTES long and JSON_MAX_DEPTH deep, with no
lone surrogates ("\\ud800" is valid JSON but no text), NUL characters or NaN/Infinity;
form fields and query parameters must not contain NUL (PostgreSQL refuses it)."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, current_app, request
from flask_babel import gettext as _

from pressroom.domain.errors import ValidationFailed

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_UNSAFE = re.compile(r"[\x00\ud800-\udfff]")


def init_app(app: Flask) -> None:
    app.config.setdefault("JSON_MAX_BYTES", 2 * 1024 * 1024)
    app.config.setdefault("JSON_MAX_DEPTH", 32)
    app.before_request(refuse_bad_input)


def refuse_bad_input() -> None:
    values = [*request.args.items(multi=True)]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [*request.form.items(multi=True)]
    bad = sorted({key for key, value in values if "\x00" in key or "\x00" in value})
    if bad:
        raise ValidationFailed(
            _("NUL characters are not accepted."), details=dict.fromkeys(bad, "NUL character")
        )
    if request.is_json and request.content_length != 0:
        check_json(request.get_data(cache=True))


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def check_json(raw: bytes) -> Any:
    """The parsed document, or ValidationFailed saying what is wrong with it."""
    config = current_app.config
    if len(raw) > config["JSON_MAX_BYTES"]:
        raise ValidationFailed(
            _("The request body is too large (at most %(n)d bytes).", n=config["JSON_MAX_BYTES"])
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed(_("The request body must be UTF-8.")) from None
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    if deepest > config["JSON_MAX_DEPTH"]:
        raise ValidationFailed(
            _(
                "The JSON document is nested too deeply (at most %(n)d levels).",
                n=config["JSON_MAX_DEPTH"],
            )
        )
    try:
        data = json.loads(text, parse_constant=_refuse_constant) if text.strip() else None
    except (ValueError, RecursionError):
        raise ValidationFailed(_("The request body is not valid JSON.")) from None
    if _has_unsafe_text(data):
        raise ValidationFailed(
            _(
                "The JSON document contains characters that are not text "
                "(NUL or a lone surrogate such as \\ud800)."
            )
        )
    return data


def _has_unsafe_text(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_UNSAFE.search(value))
    if isinstance(value, dict):
        return any(_has_unsafe_text(k) or _has_unsafe_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_unsafe_text(v) for v in value)
    return False
