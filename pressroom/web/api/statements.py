"""Statement calls of the API: list, create, read, save (with merge), history, submit,
approvals, comments."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.typing import ResponseReturnValue

from pressroom import queries
from pressroom.domain.content import SOURCE_FIELDS
from pressroom.domain.permissions import Permission
from pressroom.live import threads as live_threads
from pressroom.live.versions import saved_elsewhere
from pressroom.models import Decision, Revision, Statement
from pressroom.queries import comments as comment_queries
from pressroom.queries import statements as statement_queries
from pressroom.queries.overview import MatrixRow, Overview, overviews
from pressroom.services import approvals, comments, statements
from pressroom.web.api import bp, require_token, schemas
from pressroom.web.api.payload import conflict_response, load
from pressroom.web.authz import get_statement, require


def revision_summary(revision: Revision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "kind": revision.kind.value,
        "author": revision.author.display_name,
        "organization": revision.organization.slug if revision.organization else None,
        "created_at": revision.created_at.isoformat(),
        "content_hash": revision.content_hash,
    }


def approvals_matrix(rows_in: list[MatrixRow]) -> list[dict[str, Any]]:
    rows = []
    for row in rows_in:
        latest = row.latest
        rows.append(
            {
                "organization": row.organization.slug,
                "decision": latest.decision.value if latest else None,
                "by": latest.user.display_name if latest else None,
                "at": latest.created_at.isoformat() if latest else None,
                "revision": latest.revision.number if latest else None,
                "bundle_hash": latest.bundle_hash if latest else None,
                "comment": latest.comment if latest else None,
                "current": row.current,
                "counts": row.approved,
            }
        )
    return rows


def statement_document(statement: Statement, view: Overview | None = None) -> dict[str, Any]:
    """`view`: the statement's overview when a list loaded them all at once."""
    revision = statement.current_revision
    assert revision is not None
    content = revision.content
    view = view or overviews([statement])[statement.id]
    bundle_hash = view.bundle_hash
    return {
        "id": statement.id,
        "slug": statement.slug,
        "status": statement.status.value,
        "revision": revision.number,
        "content_hash": revision.content_hash,
        "bundle_hash": bundle_hash,
        "version": statement.version,
        "correction_note": statement.correction_note if statement.version > 1 else None,
        "source_language": statement.source_language,
        "target_languages": statement.target_languages,
        **{
            name: content.get(name, [] if SOURCE_FIELDS[name][0] != "text" else "")
            for name in SOURCE_FIELDS
        },
        "approvals": approvals_matrix(view.matrix),
        "translations": view.translations,
        "url": url_for("api.get_statement_document", statement_id=statement.id),
    }


def _changes(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in SOURCE_FIELDS if name in data}


@bp.get("/statements")
def list_statements() -> ResponseReturnValue:
    user = require_token()
    found = queries.statements_for(user)
    views = overviews(found)
    return {"statements": [statement_document(s, views[s.id]) for s in found]}


@bp.post("/statements")
def create_statement() -> ResponseReturnValue:
    require_token()
    user = require(Permission.create_statement)
    data = load(schemas.StatementCreateRequest)
    statement = statements.create_statement(
        user,
        _changes(data),
        source_language=data.get("source_language") or "en",
        target_languages=data.get("target_languages") or [],
        timezone=data.get("timezone") or "UTC",
    )
    return statement_document(statement), 201


@bp.get("/statements/<int:statement_id>")
def get_statement_document(statement_id: int) -> ResponseReturnValue:
    require_token()
    return statement_document(get_statement(statement_id))


@bp.put("/statements/<int:statement_id>")
def save_statement(statement_id: int) -> ResponseReturnValue:
    user = require_token()
    statement = get_statement(statement_id, Permission.edit_statement)
    data = load(schemas.StatementSaveRequest)
    base = data["base_revision"]
    # Unknown fields are the service's to refuse (400 naming them).
    changes = {name: value for name, value in data.items() if name != "base_revision"}
    result = statements.save(statement, user, base, changes)
    if result.conflict:
        current = statement.current_revision
        return conflict_response(current.number if current else None, result.conflicts)
    if result.revision is not None:
        saved_elsewhere(statement.id)
    document = statement_document(statement)
    document["merged"] = result.merged
    document["merged_with"] = revision_summary(result.merged_with) if result.merged_with else None
    document["saved"] = result.revision is not None
    return document


@bp.get("/statements/<int:statement_id>/revisions")
def list_revisions(statement_id: int) -> ResponseReturnValue:
    require_token()
    statement = get_statement(statement_id)
    return {"revisions": [revision_summary(r) for r in queries.revisions_of(statement)]}


@bp.get("/statements/<int:statement_id>/revisions/<int:number>")
def get_revision(statement_id: int, number: int) -> ResponseReturnValue:
    require_token()
    revision = statement_queries.get_revision(get_statement(statement_id), number)
    return {**revision_summary(revision), "content": revision.content}


@bp.post("/statements/<int:statement_id>/submit")
def submit_statement(statement_id: int) -> ResponseReturnValue:
    user = require_token()
    statement = get_statement(statement_id, Permission.submit)
    approvals.submit(statement, user)
    return statement_document(statement)


@bp.post("/statements/<int:statement_id>/approvals")
def decide(statement_id: int) -> ResponseReturnValue:
    user = require_token()
    statement = get_statement(statement_id, Permission.approve)
    data = load(schemas.ApprovalRequest)
    approval = approvals.decide(
        statement,
        user,
        data["decision"],
        data["revision"],
        data.get("comment") or "",
        bundle_hash=data.get("bundle_hash"),
    )
    if approval.decision == Decision.request_changes:
        live_threads.changed(statement.id, "", f"changes-{approval.id}")
    return statement_document(statement), 201


@bp.get("/statements/<int:statement_id>/comments")
def list_comments(statement_id: int) -> ResponseReturnValue:
    require_token()
    statement = get_statement(statement_id)
    return {"comments": [comment_document(c) for c in comment_queries.comments_for(statement)]}


@bp.post("/statements/<int:statement_id>/comments")
def add_comment(statement_id: int) -> ResponseReturnValue:
    user = require_token()
    statement = get_statement(statement_id, Permission.comment)
    data = load(schemas.CommentRequest)
    parent_id = data.get("parent")
    comment = comments.add_comment(
        statement,
        user,
        data["body"],
        paragraph=data.get("paragraph"),
        parent=comments.get_comment(statement, parent_id) if parent_id else None,
    )
    live_threads.changed(statement.id, comment.lang or "", str(comment.parent_id or comment.id))
    return comment_document(comment), 201


def comment_document(comment: Any) -> dict[str, Any]:
    return {
        "id": comment.id,
        "body": comment.body,
        "paragraph": comment.paragraph,
        "parent": comment.parent_id,
        "author": comment.author.display_name,
        "organization": comment.author.organization.slug if comment.author.organization else None,
        "created_at": comment.created_at.isoformat(),
        "resolved": comment.resolved_at is not None,
        "kind": comment.kind,
        "field": comment.field,
        "lang": comment.lang,
        "quote": comment.quote,
    }
