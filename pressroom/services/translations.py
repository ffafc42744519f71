"""Statement translations (the languages issue builds them out)."""

from __future__ import annotations

from pressroom.models import Statement


def status_by_language(statement: Statement) -> dict[str, str]:
    """Per target language: missing / in_progress / complete / outdated."""
    return {lang: "missing" for lang in statement.target_languages}
