"""Submitting for review and the heads' review page: approve or request changes.

The page shows exactly the text a decision binds to (the current revision, whose number
travels in the form), what changed since the viewer's organization last approved, and
the approvals matrix. The services decide and refuse; this module only parses and renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.diff import changed_fields, word_diff
from pressroom.domain.errors import StaleRevision, ValidationFailed
from pressroom.domain.permissions import Permission, can_act_on_statement, can_approve_for
from pressroom.i18n import current_language
from pressroom.models import Approval, Decision, Organization, Revision, Statement, User
from pressroom.rendering.markdown import render_markdown
from pressroom.services import approvals
from pressroom.web.authz import actor, get_statement
from pressroom.web.statement_forms import field_label

bp = Blueprint("review", __name__, url_prefix="/statements")

COMMENT_LIMIT = 5000



class DecisionForm(FlaskForm):
    # Which text the head saw: a save in between makes the decision stale (409).
    decision = HiddenField(validators=[AnyOf([d.value for d in Decision])])
    revision = IntegerField(widget=HiddenInput(),
                            validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])
    comment = TextAreaField(
        _l("Which changes do you request?"), validators=[Length(max=COMMENT_LIMIT)]
    )


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    ops: list[tuple[str, str]]  # ("equal" | "insert" | "delete", text), see domain.diff


@dataclass(frozen=True)
class MatrixLine:
    row: approvals.MatrixRow
    lead: bool
    dismissed_by: int | None  # the revision whose save stopped the decision counting


def body_html(body: str) -> Markup:
    return render_markdown(body)


def _org_names(statement: Statement) -> dict[str, str]:
    return {o.slug: o.short_name(current_language()) for o in statement.organizations}


def _as_text(name: str, value: Any, orgs: dict[str, str]) -> str:
    """A field as plain text, so lists (organizations, quotes, contacts) diff word by word."""
    def org(item: dict[str, str]) -> str:
        slug = item.get("organization", "")
        return orgs.get(slug, slug)

    if name == "organizations":
        return ", ".join(orgs.get(slug, slug) for slug in value or [])
    if name == "quotes":
        return "\n\n".join(
            f"{q.get('speaker', '')}, {q.get('function', '')} ({org(q)}): {q.get('text', '')}"
            for q in value or []
        )
    if name == "contacts":
        return "\n".join(
            f"{c.get('name', '')} ({org(c)}), {c.get('phone', '')}, {c.get('email', '')}"
            for c in value or []
        )
    return "" if value is None else str(value)


def field_diffs(old: Revision, new: Revision, orgs: dict[str, str]) -> list[FieldDiff]:
    return [
        FieldDiff(name, field_label(name), word_diff(
            _as_text(name, old.content.get(name), orgs), _as_text(name, new.content.get(name), orgs)
        ))
        for name in changed_fields(old.content, new.content)
    ]


def _matrix_lines(statement: Statement) -> list[MatrixLine]:
    history = db.session.execute(
        sa.select(Revision.number, Revision.content_hash)
        .where(Revision.statement_id == statement.id).order_by(Revision.number)
    ).all()
    current = statement.current_revision.number if statement.current_revision else 0
    lines = []
    for position, row in enumerate(approvals.matrix(statement)):
        dismissed_by = None
        if row.latest is not None and not row.current:
            given = row.latest.revision.number
            dismissed_by = next(
                (n for n, h in history if n > given and h != row.latest.content_hash), current
            )
        lines.append(MatrixLine(row, position == 0, dismissed_by))
    return lines


def _history(statement: Statement) -> list[Approval]:
    return list(db.session.scalars(
        sa.select(Approval).where(Approval.statement_id == statement.id)
        .order_by(Approval.id.desc())
    ))


def _decision_forms(revision: Revision, posted: DecisionForm | None) -> dict[str, DecisionForm]:
    """Fresh forms for the revision shown; a posted request keeps its text and errors."""
    approve = DecisionForm(formdata=None, decision=Decision.approve.value, revision=revision.number)
    changes = DecisionForm(formdata=None, decision=Decision.request_changes.value,
                           revision=revision.number)
    if posted is not None and posted.decision.data == Decision.request_changes.value:
        changes.comment.data = posted.comment.data
        changes.comment.errors = list(posted.comment.errors)
    return {"approve_form": approve, "changes_form": changes}


def _render(statement: Statement, posted: DecisionForm | None = None) -> str:
    user: User = actor()  # type: ignore[assignment]  # login_required
    revision = statement.current_revision
    assert revision is not None
    own_org: Organization | None = user.organization
    lines = _matrix_lines(statement)
    own = next((line.row for line in lines if own_org and line.row.organization.id == own_org.id),
               None)
    last_approved = approvals.last_approved_revision(statement, own_org.id) if own_org else None
    diffs = []
    if last_approved is not None and last_approved.id != revision.id:
        diffs = field_diffs(last_approved, revision, _org_names(statement))
    may_decide = own_org is not None and can_approve_for(user, statement, own_org.id)
    decision_open = may_decide and workflow.allowed(statement.status, workflow.Action.decide)
    return render_template(
        "review/show.html",
        statement=statement,
        revision=revision,
        content=revision.content,
        body_html=body_html(revision.content.get("body", "")),
        org_names=_org_names(statement),
        lines=lines,
        own=own,
        own_org=own_org,
        last_approved=last_approved,
        diffs=diffs,
        history=_history(statement),
        may_decide=may_decide,
        decision_open=decision_open,
        # Approving twice says nothing new; after requesting changes, a new text is needed.
        may_approve=decision_open and not (own and (own.approved or own.changes_requested)),
        may_submit=can_act_on_statement(user, statement, Permission.submit)
        and workflow.allowed(statement.status, workflow.Action.submit),
        **_decision_forms(revision, posted),
    )


@bp.post("/<int:statement_id>/submit")
@login_required
def submit(statement_id: int) -> Response:
    statement = get_statement(statement_id, Permission.submit)
    approvals.submit(statement, actor())  # type: ignore[arg-type]
    flash(_("Revision %(n)d was submitted for review. The heads of delegation of every "
            "participating organization are asked to approve it.",
            n=statement.current_revision.number), "success")
    return redirect(url_for("review.show", statement_id=statement.id))


@bp.get("/<int:statement_id>/review")
@login_required
def show(statement_id: int) -> str:
    return _render(get_statement(statement_id))


@bp.post("/<int:statement_id>/approvals")
@login_required
def decide(statement_id: int) -> str | Response | tuple[str, int]:
    statement = get_statement(statement_id, Permission.approve)
    form = DecisionForm()
    if not form.validate_on_submit():
        if form.decision.errors or form.revision.errors:
            abort(400, _("The decision form was incomplete. Reload the review page and decide "
                         "again."))
        return _render(statement, form)
    comment = (form.comment.data or "") if form.decision.data == Decision.request_changes else ""
    try:
        approval = approvals.decide(
            statement, actor(), form.decision.data, form.revision.data,  # type: ignore[arg-type]
            comment,
        )
    except ValidationFailed as exc:
        form.comment.errors = [*form.comment.errors, exc.message]
        return _render(statement, form)
    except StaleRevision as exc:
        return render_template(
            "review/stale.html", statement=statement, message=exc.message,
            seen=form.revision.data, current=statement.current_revision, comment=comment,
        ), 409
    if approval.decision == Decision.approve:
        message = _("You approved revision %(n)d for %(org)s.", n=approval.revision.number,
                    org=approval.organization.short_name(current_language()))
    else:
        message = _("You requested changes to revision %(n)d for %(org)s. The editors "
                    "have been told.", n=approval.revision.number,
                    org=approval.organization.short_name(current_language()))
    flash(message, "success")
    # An anchor of its own, or the browser keeps the form's "#decide" past the redirect.
    return redirect(url_for("review.show", statement_id=statement.id, _anchor="main"))

