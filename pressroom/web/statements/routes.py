"""Statement pages: create, edit (with merge/conflict handling), history, preview, comments,
presence. Routes parse the form, call a service and render; the services decide."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response

from pressroom import queries, zones
from pressroom.domain import workflow
from pressroom.domain.content import split_paragraphs
from pressroom.domain.diff import changed_fields
from pressroom.domain.errors import NotFound, ValidationFailed
from pressroom.domain.languages import UI_LANGUAGES
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.i18n import current_language, status_label
from pressroom.live.versions import saved_elsewhere
from pressroom.models import PendingRevision, Revision, Statement, User
from pressroom.queries import approvals as approval_queries
from pressroom.queries import comments as comment_queries
from pressroom.queries import statements as statement_queries
from pressroom.queries.conflicts import conflict_of
from pressroom.rendering.html import render_release_html
from pressroom.services import bundles, documents, presence, publishing, statements
from pressroom.web import presenters
from pressroom.web.authz import actor, get_statement, requires
from pressroom.web.common import RELEASE_CSP
from pressroom.web.params import parse_int
from pressroom.web.statements import bp, form_content, forms

KIND_LABELS = {
    "edit": _l("edit"),
    "merge": _l("merge"),
    "restore": _l("restore"),
    "correction": _l("correction"),
}

Page = str | tuple[str, int] | Response


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {
        "format_datetime": format_datetime,
        "field_label": presenters.field_label,
        "kind_label": lambda kind: str(KIND_LABELS.get(str(kind), kind)),
        "display_phone": presenters.display_phone,
    }


def _user() -> User:
    user = actor()
    assert user is not None  # every route here is login_required
    return user


def _org_names() -> dict[str, str]:
    return {o.slug: o.short_name(current_language()) for o in queries.organizations()}


def _editable(statement: Statement) -> bool:
    return workflow.is_editable(statement.status) and can_act_on_statement(
        _user(), statement, Permission.edit_statement
    )


def _locked(statement: Statement) -> Response | None:
    """Refuse (with a message, not an error page) edits the workflow does not allow."""
    if workflow.is_editable(statement.status):
        return None
    flash(
        _(
            "This statement is %(status)s and can no longer be edited.",
            status=status_label(statement.status),
        ),
        "error",
    )
    return redirect(url_for(".edit", statement_id=statement.id))


def _form_context() -> dict[str, Any]:
    orgs = queries.organizations()
    return {
        "orgs": orgs,
        "directory": queries.active_contacts([o.id for o in orgs]),
        "languages": UI_LANGUAGES,
        "blank_row": forms.Row({}),
        "zone_options": zones.zone_options(current_language()),
    }


# --- create and edit ----------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@login_required
@requires(Permission.create_statement)
def new() -> Page:
    user = _user()
    if user.organization is None:
        abort(403)
    context = _form_context()
    lead = user.organization.slug
    if request.method == "GET":
        return render_template(
            "statements/new.html", form=forms.blank_form(lead).with_blank_rows(), **context
        )
    form = forms.from_request(request.form, lead)
    typed_zone = request.form.get("timezone", "").strip()[:120]
    context.update(timezone_value=typed_zone)
    if not forms.apply_row_action(form, request.form.get("row_action", "")):
        content, quote_sources, contact_sources = form_content.to_content(
            form, context["directory"], None
        )
        # The statement's zone: the city picked, else the dateline city's, else UTC.
        zone = (
            zones.find_zone(typed_zone, current_language())
            if typed_zone
            else (zones.zone_for_city(str(content.get("dateline_city") or "")) or "UTC")
        )
        if zone is None:
            context.update(
                timezone_error=_(
                    "Choose a city from the list (or type one, e.g. Astana or Vienna)."
                )
            )
            return render_template(
                "statements/new.html", form=form.with_blank_rows(), **context
            ), 400
        try:
            source, targets = form.checked_languages(with_source=True)
            statement = statements.create_statement(
                user, content, source_language=source, target_languages=targets, timezone=zone
            )
        except ValidationFailed as exc:
            form_content.show_errors(form, exc, quote_sources, contact_sources)
        else:
            flash(_("Statement created as revision 1."), "success")
            return redirect(url_for(".edit", statement_id=statement.id))
    return render_template("statements/new.html", form=form.with_blank_rows(), **context)


def render_editor(
    statement: Statement,
    form: forms.StatementForm | None = None,
    *,
    draft: Any = None,
    status: int = 200,
    unsaved: bool = False,
) -> tuple[str, int]:
    """The editor page: the form, the pending-version banner, presence and comments."""
    user = _user()
    current = statement.current_revision
    assert current is not None
    context = _form_context()
    if form is None:
        form = form_content.from_content(
            current.content,
            context["directory"],
            base_revision=current.number,
            target_languages=statement.target_languages,
        )
    paragraphs = split_paragraphs(current.content.get("body", ""))
    return render_template(
        "statements/edit.html",
        statement=statement,
        current=current,
        form=form.with_blank_rows(),
        editable=_editable(statement),
        pending=statement_queries.pending_for(statement, user),
        present=presence.present(statement, user),
        # A head's request for changes first (stable: otherwise oldest first).
        threads=sorted(
            comment_queries.comments_for(statement), key=lambda c: c.kind != "changes_requested"
        ),
        paragraphs=paragraphs,
        draft=draft,
        names=_org_names(),
        unsaved=unsaved,
        at_stake=[
            o.short_name(current_language())
            for o in approval_queries.at_stake(statement, bundles.current_hash(statement))
        ],
        **context,
    ), status


@bp.route("/<int:statement_id>", methods=["GET", "POST"])
@login_required
def edit(statement_id: int) -> Page:
    if request.method == "GET":
        # Reads don't write: the editor's script records presence with its first heartbeat.
        return render_editor(get_statement(statement_id))
    statement = get_statement(statement_id, Permission.edit_statement)
    if not workflow.is_editable(statement.status):
        # Published (or scheduled) meanwhile: refuse, but show what was typed, so that it
        # can be copied into the correction.
        assert statement.current_revision is not None  # revision 1 exists from creation on
        lead = (statement.current_revision.content.get("organizations") or [""])[0]
        return render_editor(
            statement, forms.from_request(request.form, lead), unsaved=True, status=409
        )
    return _save(statement)


def _save(statement: Statement) -> Page:
    user = _user()
    assert statement.current_revision is not None
    lead = (statement.current_revision.content.get("organizations") or [""])[0]
    form = forms.from_request(request.form, lead)
    if form.base_revision is None:
        abort(400, _("The form does not say which revision it was based on."))
    if forms.apply_row_action(form, request.form.get("row_action", "")):
        return render_editor(statement, form)
    base = statement_queries.get_revision(statement, form.base_revision)
    context = _form_context()
    content, quote_sources, contact_sources = form_content.to_content(
        form, context["directory"], base.content
    )
    try:
        _source, targets = form.checked_languages(with_source=False)
        result = statements.save(statement, user, base.number, content, target_languages=targets)
    except ValidationFailed as exc:
        form_content.show_errors(form, exc, quote_sources, contact_sources)
        return render_editor(statement, form)
    if result.conflict:
        assert result.pending is not None
        if set(targets) - {statement.source_language} != set(statement.target_languages):
            flash(
                _("Target languages not saved: resolve the conflict, then choose them again."),
                "warning",
            )
        return conflict_page(statement, result.pending, statement.current_revision, status=409)
    if result.languages_changed:
        flash(_("Target languages saved."), "success")
    if result.revision is not None:
        saved_elsewhere(statement.id)
        if result.merged_with is not None:
            flash(
                _("Merged with changes by %(name)s.", name=result.merged_with.author.label), "info"
            )
        flash(_("Saved as revision %(n)d.", n=result.revision.number), "success")
    elif not result.languages_changed:
        flash(_("Nothing changed."), "info")
    return redirect(url_for(".edit", statement_id=statement.id))


# --- conflicts --------------------------------------------------------------------------


def conflict_page(
    statement: Statement,
    pending: PendingRevision,
    theirs: Revision | None,
    *,
    status: int,
    chosen: dict[str, str] | None = None,
    edited: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> tuple[str, int]:
    """Both versions of each conflicting field side by side, with the choices."""
    assert theirs is not None
    conflict = conflict_of(statement, pending, theirs)
    return render_template(
        "statements/conflict.html",
        statement=statement,
        pending=pending,
        base=conflict.base,
        theirs=theirs,
        views=presenters.conflict_views(conflict.result.conflicts, _org_names()),
        authors=conflict.authors,
        merged_mine=conflict.merged_mine,
        merged_theirs=conflict.merged_theirs,
        chosen=chosen or {},
        edited=edited or {},
        errors=errors or {},
    ), status


@bp.route("/<int:statement_id>/resolve", methods=["GET", "POST"])
@login_required
def resolve(statement_id: int) -> Page:
    statement = get_statement(statement_id, Permission.edit_statement)
    user = _user()
    pending = statement_queries.pending_for(statement, user)
    if pending is None:
        flash(_("You have no unsaved conflicting version."), "info")
        return redirect(url_for(".edit", statement_id=statement.id))
    if request.method == "GET":
        return conflict_page(statement, pending, statement.current_revision, status=200)
    if locked := _locked(statement):
        return locked
    theirs_number = parse_int(request.form.get("theirs_revision", ""))
    if theirs_number is None:
        abort(400, _("The form does not say which revision it was resolved against."))
    theirs = statement_queries.get_revision(statement, theirs_number)
    fields = [c.field for c in conflict_of(statement, pending, theirs).result.conflicts]
    chosen = {name: request.form.get(f"choice-{name}", "") for name in fields}
    edited = {name: request.form.get(f"edited-{name}", "") for name in fields}
    page = {"chosen": chosen, "edited": edited}
    try:
        saved = statements.resolve_conflict(statement, user, theirs.number, chosen, edited)
    except ValidationFailed as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        errors = {str(key).split(".")[0]: str(message) for key, message in details.items()}
        errors = errors or dict.fromkeys(fields, exc.message)
        return conflict_page(statement, pending, theirs, status=400, **page, errors=errors)
    if saved.conflict:
        assert saved.pending is not None
        flash(_("Someone saved again meanwhile; please resolve once more."), "warning")
        return conflict_page(statement, saved.pending, statement.current_revision, status=409)
    if saved.revision is None:
        flash(_("Nothing changed: the stored text is kept."), "info")
    else:
        saved_elsewhere(statement.id)
        if saved.merged_with is not None:
            flash(
                _("Merged with changes by %(name)s.", name=saved.merged_with.author.label), "info"
            )
        flash(_("Saved as revision %(n)d.", n=saved.revision.number), "success")
    return redirect(url_for(".edit", statement_id=statement.id))


@bp.route("/<int:statement_id>/pending/discard", methods=["POST"])
@login_required
def discard_pending(statement_id: int) -> Response:
    statement = get_statement(statement_id, Permission.edit_statement)
    statements.discard_pending(statement, _user())
    flash(_("Your unsaved conflicting version was discarded."), "info")
    return redirect(url_for(".edit", statement_id=statement.id))


# --- history ------------------------------------------------------------------------------


@bp.route("/<int:statement_id>/history")
@login_required
def history(statement_id: int) -> str:
    statement = get_statement(statement_id)
    revisions = queries.revisions_of(statement, newest_first=True)
    by_id = {r.id: r for r in revisions}
    rows = [
        (r, changed_fields(by_id[r.parent_id].content, r.content) if r.parent_id in by_id else None)
        for r in revisions
    ]
    return render_template(
        "statements/history.html", statement=statement, rows=rows, editable=_editable(statement)
    )


@bp.route("/<int:statement_id>/diff")
@login_required
def diff(statement_id: int) -> str:
    statement = get_statement(statement_id)
    assert statement.current_revision is not None
    newer = statement_queries.get_revision(
        statement, parse_int(request.args.get("to")) or statement.current_revision.number
    )
    older_number = parse_int(request.args.get("from"))
    if older_number is None:
        older_number = newer.parent.number if newer.parent else newer.number
    older = statement_queries.get_revision(statement, older_number)
    return render_template(
        "statements/diff.html",
        statement=statement,
        older=older,
        newer=newer,
        numbers=[r.number for r in queries.revisions_of(statement, newest_first=True)],
        diffs=presenters.field_diffs(older.content, newer.content, _org_names()),
    )


@bp.route("/<int:statement_id>/revisions/<int:number>/restore", methods=["POST"])
@login_required
def restore(statement_id: int, number: int) -> Response:
    statement = get_statement(statement_id, Permission.edit_statement)
    if locked := _locked(statement):
        return locked
    result = statements.restore(statement, _user(), number)
    if result.revision is None:
        flash(
            _("Revision %(n)d is the same as the current text; nothing was restored.", n=number),
            "info",
        )
    else:
        saved_elsewhere(statement.id)
        flash(
            _(
                "Revision %(old)d restored as revision %(new)d.",
                old=number,
                new=result.revision.number,
            ),
            "success",
        )
    return redirect(url_for(".history", statement_id=statement.id))


# --- presence and preview ---------------------------------------------------------------


@bp.route("/<int:statement_id>/presence", methods=["POST"], endpoint="presence")
@login_required
def presence_heartbeat(statement_id: int) -> Response:
    statement = get_statement(statement_id)
    user = _user()
    presence.heartbeat(statement, user)
    lang = current_language()
    return jsonify(
        present=[
            {
                "name": u.display_name,
                "organization": u.organization.short_name(lang) if u.organization else "",
            }
            for u in presence.present(statement, user)
        ]
    )


@bp.route("/<int:statement_id>/preview")
@login_required
def preview(statement_id: int) -> Response:
    statement = get_statement(statement_id)
    lang = request.args.get("lang", statement.source_language)
    if lang not in (statement.source_language, *statement.target_languages):
        raise NotFound(_("This statement has no language %(lang)s.", lang=lang))
    translation = (
        publishing.translation_content(statement, lang)
        if lang != statement.source_language
        else None
    )
    doc = documents.release_document(statement, lang, translation=translation, preview=True)
    response = Response(render_release_html(doc), mimetype="text/html")
    # The release template carries its page-footer rule inline (its text is translated).
    response.headers["Content-Security-Policy"] = RELEASE_CSP
    return response
