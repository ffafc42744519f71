"""Submitting for review and the heads' review page: approve or request changes.

The page shows exactly the text a decision binds to (the current revision, whose number
travels in the form), what changed since the viewer's organization last approved, and
the approvals matrix. The services decide and refuse; this module only parses and renders.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import HiddenInput

from pressroom.domain import limits, workflow
from pressroom.domain.diff import elide_unchanged
from pressroom.domain.errors import StaleBundle, StaleRevision, ValidationFailed
from pressroom.domain.permissions import Permission, can_act_on_statement, can_approve_for
from pressroom.domain.review import side_by_side, with_context
from pressroom.i18n import current_language, ui_language_name
from pressroom.live import threads as live_threads
from pressroom.models import (
    ArtifactKind,
    BundleFile,
    BundleRecord,
    Decision,
    Organization,
    Revision,
    Statement,
)
from pressroom.queries import approvals as approval_queries
from pressroom.queries import bundles as bundle_queries
from pressroom.queries import media as media_queries
from pressroom.queries import statements as statement_queries
from pressroom.queries.overview import MatrixRow
from pressroom.rendering.markdown import render_markdown
from pressroom.services import approvals, bundles
from pressroom.web.authz import get_statement, signed_in
from pressroom.web.files import send_stored
from pressroom.web.presenters import field_diffs, field_label
from pressroom.web.review import bp


class DecisionForm(FlaskForm):
    # Which text the head saw: a save in between makes the decision stale (409).
    decision = HiddenField(validators=[AnyOf([d.value for d in Decision])])
    revision = IntegerField(
        widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)]
    )
    # Which bundle (every language) the head saw: any change since makes it stale (409).
    bundle_hash = HiddenField(validators=[Optional(), Regexp(r"^[0-9a-f]{64}$")])
    comment = TextAreaField(
        _l("Which changes do you request?"), validators=[Length(max=limits.DECISION_NOTE)]
    )


@dataclass(frozen=True)
class MatrixLine:
    row: MatrixRow
    lead: bool
    dismissed_by: str | None  # what changed since the decision, in words


def body_html(body: str) -> Markup:
    return render_markdown(body)


def _org_names(statement: Statement) -> dict[str, str]:
    return {o.slug: o.short_name(current_language()) for o in statement.organizations}


def _matrix_lines(statement: Statement, current: BundleRecord | None) -> list[MatrixLine]:
    lines = []
    current_hash = current.hash if current else bundles.current_hash(statement)
    for position, row in enumerate(approval_queries.matrix(statement, current_hash)):
        dismissed_by = None
        if row.latest is not None and not row.current:
            old = bundle_queries.get(statement, row.latest.bundle_hash)
            changes = bundles.describe(old, current) if current is not None else []
            dismissed_by = approvals.describe_changes(changes)
        lines.append(MatrixLine(row, position == 0, dismissed_by))
    return lines


def _decision_forms(
    revision: Revision, bundle_hash: str, posted: DecisionForm | None
) -> dict[str, DecisionForm]:
    """Fresh forms for the revision shown; a posted request keeps its text and errors."""
    approve = DecisionForm(
        formdata=None,
        decision=Decision.approve.value,
        revision=revision.number,
        bundle_hash=bundle_hash,
    )
    changes = DecisionForm(
        formdata=None,
        decision=Decision.request_changes.value,
        revision=revision.number,
        bundle_hash=bundle_hash,
    )
    if posted is not None and posted.decision.data == Decision.request_changes.value:
        changes.comment.data = posted.comment.data
        changes.comment.errors = list(posted.comment.errors)
    return {"approve_form": approve, "changes_form": changes}


@dataclass(frozen=True)
class LanguageTab:
    lang: str
    name: str
    source: bool
    preview: BundleFile | None  # the PDF exactly as it will be published


def _tabs(statement: Statement, bundle: BundleRecord | None) -> list[LanguageTab]:
    langs = [statement.source_language, *statement.target_languages]
    return [
        LanguageTab(
            lang,
            ui_language_name(lang),
            lang == statement.source_language,
            bundles.file_of(bundle, lang, ArtifactKind.pdf) if bundle else None,
        )
        for lang in langs
    ]


def _translation_content(bundle: BundleRecord | None, lang: str) -> dict[str, Any] | None:
    revision_id = (bundle.translation_revision_ids or {}).get(lang) if bundle else None
    revision = statement_queries.translation_revision_by_id(revision_id) if revision_id else None
    return revision.content if revision else None


def _language_view(
    statement: Statement,
    revision: Revision,
    lang: str,
    bundle: BundleRecord | None,
    decided: BundleRecord | None,
) -> dict[str, Any]:
    """The target-language tab: the source beside the translation, and the paragraphs
    that changed since the organization's last decision (with their neighbours)."""
    translation = _translation_content(bundle, lang)
    rows = side_by_side(
        revision.content, translation, _translation_content(decided, lang) if decided else None
    )
    return {"rows": rows, "changes": with_context(rows), "translated": translation is not None}


def _render(
    statement: Statement, posted: DecisionForm | None = None, lang: str | None = None
) -> str:
    user = signed_in()
    revision = statement.current_revision
    assert revision is not None
    own_org: Organization | None = user.organization
    # GET: never recorded here
    bundle = bundle_queries.get(statement, bundles.current_hash(statement))
    lines = _matrix_lines(statement, bundle)
    own = next(
        (line.row for line in lines if own_org and line.row.organization.id == own_org.id), None
    )
    tabs = _tabs(statement, bundle)
    tab = next((t for t in tabs if t.lang == lang), tabs[0])
    last = approval_queries.last_decision(statement, own_org.id) if own_org else None
    decided = bundle_queries.get(statement, last.bundle_hash) if last and last.bundle_hash else None
    since = (
        statement_queries.revision_by_id(decided.source_revision_id)
        if decided
        else (last.revision if last else None)
    )
    diffs = []
    if since is not None and since.id != revision.id:
        # On a phone the changes come first: long unchanged stretches are cut to "…".
        diffs = [
            replace(d, ops=elide_unchanged(d.ops))
            for d in field_diffs(
                since.content, revision.content, _org_names(statement), by_paragraph=False
            )
        ]
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
        last_decision=last,
        since=since,
        diffs=diffs,
        tabs=tabs,
        tab=tab,
        language=None
        if tab.source
        else _language_view(statement, revision, tab.lang, bundle, decided),
        bundle=bundle,
        history=statement_queries.decisions_of(statement),
        media_items=media_queries.of_statement(statement.id),
        may_decide=may_decide,
        decision_open=decision_open,
        # Approving twice says nothing new; after requesting changes, a new text is needed.
        may_approve=decision_open and not (own and (own.approved or own.changes_requested)),
        may_submit=can_act_on_statement(user, statement, Permission.submit)
        and workflow.allowed(statement.status, workflow.Action.submit),
        covered=", ".join(t.name for t in tabs),
        field_label=field_label,
        **_decision_forms(revision, bundle.hash if bundle else "", posted),
    )


@bp.post("/<int:statement_id>/submit")
@login_required
def submit(statement_id: int) -> Response:
    statement = get_statement(statement_id, Permission.submit)
    approvals.submit(statement, signed_in())
    assert statement.current_revision is not None  # revision 1 exists from creation on
    flash(
        _(
            "Revision %(n)d was submitted for review. The heads of delegation of every "
            "participating organization are asked to approve it.",
            n=statement.current_revision.number,
        ),
        "success",
    )
    return redirect(url_for("review.show", statement_id=statement.id))


@bp.get("/<int:statement_id>/review")
@login_required
def show(statement_id: int) -> str:
    return _render(get_statement(statement_id), lang=request.args.get("lang"))


@bp.get("/<int:statement_id>/bundles/<bundle_hash>/<lang>.pdf")
@login_required
def bundle_pdf(statement_id: int, bundle_hash: str, lang: str) -> Response:
    """A bundle's PDF before publication, for the participants who review it."""
    statement = get_statement(statement_id)
    bundle = bundle_queries.get(statement, bundle_hash) if len(bundle_hash) == 64 else None
    found = bundles.file_of(bundle, lang, ArtifactKind.pdf) if bundle else None
    if found is None:
        abort(404)
    return send_stored(
        found.sha256,
        ArtifactKind.pdf,
        cache_control="private, no-cache",
        download_name=f"preview-{bundle_hash[:12]}-{lang}.pdf",
    )


@bp.post("/<int:statement_id>/approvals")
@login_required
def decide(statement_id: int) -> str | Response | tuple[str, int]:
    statement = get_statement(statement_id, Permission.approve)
    form = DecisionForm()
    if not form.validate_on_submit():
        if form.decision.errors or form.revision.errors:
            abort(
                400, _("The decision form was incomplete. Reload the review page and decide again.")
            )
        return _render(statement, form)
    comment = (form.comment.data or "") if form.decision.data == Decision.request_changes else ""
    decision, revision = form.decision.data, form.revision.data
    assert decision is not None  # validated: AnyOf
    assert revision is not None  # validated: InputRequired
    try:
        approval = approvals.decide(
            statement,
            signed_in(),
            decision,
            revision,
            comment,
            bundle_hash=form.bundle_hash.data or None,
        )
    except ValidationFailed as exc:
        form.comment.errors = [*form.comment.errors, exc.message]
        return _render(statement, form)
    except (StaleRevision, StaleBundle) as exc:
        return render_template(
            "review/stale.html",
            statement=statement,
            message=exc.message,
            seen=form.revision.data,
            current=statement.current_revision,
            comment=comment,
        ), 409
    if approval.decision == Decision.request_changes:
        live_threads.changed(statement.id, "", f"changes-{approval.id}")
    if approval.decision == Decision.approve:
        message = _(
            "You approved revision %(n)d for %(org)s, in every language: %(langs)s.",
            n=approval.revision.number,
            org=approval.organization.short_name(current_language()),
            langs=", ".join(t.name for t in _tabs(statement, None)),
        )
    else:
        message = _(
            "You requested changes to revision %(n)d for %(org)s. The editors have been told.",
            n=approval.revision.number,
            org=approval.organization.short_name(current_language()),
        )
    flash(message, "success")
    # An anchor of its own, or the browser keeps the form's "#decide" past the redirect.
    return redirect(url_for("review.show", statement_id=statement.id, _anchor="main"))
