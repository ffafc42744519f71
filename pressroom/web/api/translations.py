"""Translation calls of the API: read and save one target language's translation."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from pressroom.domain.content import TRANSLATION_FIELDS
from pressroom.domain.errors import ValidationFailed
from pressroom.domain.permissions import Permission
from pressroom.live.versions import saved_elsewhere
from pressroom.models import Statement
from pressroom.queries import translations as translation_queries
from pressroom.services import translations
from pressroom.web.api import bp, require_token, schemas
from pressroom.web.api.payload import conflict_response, load
from pressroom.web.authz import get_statement

ENDPOINTS = ("api.get_translation", "api.save_translation")


@bp.url_value_preprocessor
def target_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """`lang` here is the language translated into, not the language of the answer's
    messages: renamed before the locale selector (which reads `lang`) can see it."""
    if endpoint in ENDPOINTS and values and "lang" in values:
        values["target"] = values.pop("lang")


def translation_document(statement: Statement, lang: str) -> dict[str, Any]:
    row = translation_queries.language_readiness(statement, lang)
    revision, source, changes = row.revision, statement.current_revision, row.changes
    assert source is not None
    return {
        "lang": row.lang,
        "status": row.status.value,
        "revision": revision.number if revision else None,
        "source_revision": revision.source_revision.number if revision else None,
        "current_source_revision": source.number,
        "author": revision.author.display_name if revision else None,
        "created_at": revision.created_at.isoformat() if revision else None,
        "content_hash": revision.content_hash if revision else None,
        "content": revision.content if revision else None,
        "missing": translations.missing_items(
            revision.content if revision else None, source.content
        ),
        "source_changes": {
            "from_revision": changes.from_revision,
            "to_revision": changes.to_revision,
            "fields": list(changes.fields),
            "paragraphs": [i + 1 for i in changes.paragraphs],
            "quotes": list(changes.quotes),
        }
        if changes
        else None,
        "url": url_for("api.get_translation", statement_id=statement.id, lang=row.lang),
    }


@bp.get("/statements/<int:statement_id>/translations/<lang>")
def get_translation(statement_id: int, target: str) -> ResponseReturnValue:
    require_token()
    statement = get_statement(statement_id)
    return translation_document(statement, translation_queries.target_language(statement, target))


@bp.put("/statements/<int:statement_id>/translations/<lang>")
def save_translation(statement_id: int, target: str) -> ResponseReturnValue:
    user = require_token()
    statement = get_statement(statement_id, Permission.translate)
    lang = translation_queries.target_language(statement, target)
    data = load(schemas.TranslationSaveRequest)
    source_revision = data["source_revision"]
    base = data.get("base_revision")
    unknown = set(data) - set(TRANSLATION_FIELDS) - {"source_revision", "base_revision"}
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s", names=", ".join(sorted(unknown))),
            details=dict.fromkeys(sorted(unknown), "unknown field"),
        )
    changes = {name: data[name] for name in TRANSLATION_FIELDS if name in data}
    result = translations.save_translation(statement, user, lang, base, source_revision, changes)
    if result.conflict:
        return conflict_response(
            result.current.number if result.current else None, result.conflicts
        )
    if result.revision is not None:
        saved_elsewhere(statement.id, result.translation.lang)
    document = translation_document(statement, lang)
    document["saved"] = result.revision is not None
    document["merged"] = result.merged
    document["merged_with"] = (
        {"revision": result.merged_with.number, "author": result.merged_with.author.display_name}
        if result.merged_with
        else None
    )
    return document
