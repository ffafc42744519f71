"""Who may join a live document: members of the statement's participating organizations
(admins never see drafts); who may also change it: those allowed to edit (source) or to
translate (a translation), while the statement's state allows edits."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.errors import NotFound
from pressroom.domain.permissions import Permission, can_act_on_statement, can_view_statement
from pressroom.live.store import DocumentKey
from pressroom.models import Statement, User
from pressroom.queries.translations import target_language


@dataclass(frozen=True)
class Access:
    key: DocumentKey
    user_id: int
    may_write: bool


def check(user: User | None, statement_id: int, lang: str = "") -> Access:
    """The caller's access to the document, or NotFound (its existence does not leak)."""
    statement = db.session.get(Statement, statement_id)
    if statement is None or user is None or not can_view_statement(user, statement):
        raise NotFound(_("No such statement."))
    if lang:
        lang = target_language(statement, lang)
    permission = Permission.translate if lang else Permission.edit_statement
    may_write = can_act_on_statement(user, statement, permission) and workflow.is_editable(
        statement.status
    )
    return Access(DocumentKey(statement.id, lang), user.id, may_write)
