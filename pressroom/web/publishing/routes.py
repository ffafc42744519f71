"""Publishing pages for participants: readiness, publish now or under embargo, cancel a
schedule, correct, withdraw."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateTimeLocalField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from pressroom import clock, zones
from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.errors import DomainError
from pressroom.domain.permissions import Permission
from pressroom.i18n import current_language, format_in_zone, ui_language_name
from pressroom.models import ArtifactKind, BundleFile, Statement
from pressroom.queries import bundles as bundle_queries
from pressroom.queries import releases
from pressroom.services import bundles, publishing
from pressroom.web.authz import get_statement, signed_in
from pressroom.web.publishing import bp


class PublishForm(FlaskForm):
    embargo_until = DateTimeLocalField(
        _l("Embargo until (leave empty to publish now)"),
        validators=[Optional()],
        format="%Y-%m-%dT%H:%M",
    )
    timezone = StringField(
        _l("Time zone of the embargo: its city"),
        validators=[DataRequired(), Length(max=120)],
        render_kw={"list": "zones", "autocomplete": "off"},
    )
    submit = SubmitField(_l("Publish"))


class CorrectForm(FlaskForm):
    note = TextAreaField(
        _l("Correction note (shown on the release)"), validators=[DataRequired(), Length(max=2000)]
    )
    submit = SubmitField(_l("Start a corrected version"))


class WithdrawForm(FlaskForm):
    notice = TextAreaField(
        _l("Withdrawal notice (shown on the release page)"),
        validators=[DataRequired(), Length(max=2000)],
    )
    submit = SubmitField(_l("Withdraw the release"))


class CancelForm(FlaskForm):
    submit = SubmitField(_l("Cancel the scheduled publication"))


def default_zone(statement: Statement) -> str:
    """The dateline city's zone when it is known (Astana -> Asia/Almaty), else the
    statement's own."""
    content = statement.current_revision.content if statement.current_revision else {}
    return zones.zone_for_city(str(content.get("dateline_city") or "")) or statement.timezone


def _render(statement: Statement, status: int = 200, **forms: FlaskForm) -> tuple[str, int]:
    forms.setdefault(
        "publish_form",
        PublishForm(
            prefix="pub", timezone=zones.zone_label(default_zone(statement), current_language())
        ),
    )
    forms.setdefault("correct_form", CorrectForm(prefix="cor"))
    forms.setdefault("withdraw_form", WithdrawForm(prefix="wd"))
    forms.setdefault("cancel_form", CancelForm(prefix="can"))
    return render_template(
        "publishing/index.html",
        statement=statement,
        problems=publishing.readiness_problems(statement)
        if statement.status in ("draft", "in_review", "approved")
        else [],
        releases=releases.releases_of(statement),
        now=clock.now(),
        verdict=releases.verdict,
        zone_options=zones.zone_options(current_language()),
        **forms,
    ), status


@bp.get("/<int:statement_id>/publish")
@login_required
def index(statement_id: int) -> tuple[str, int]:
    return _render(get_statement(statement_id))


def _embargo(statement: Statement, form: PublishForm) -> tuple[dt.datetime | None, str] | None:
    """The embargo the form asks for (None: now) and its zone, or None after putting the
    form's errors on it."""
    if not form.validate_on_submit():
        return None
    if not form.embargo_until.data:
        return None, statement.timezone
    name = zones.find_zone(form.timezone.data or "", current_language())
    if name is None:
        form.timezone.errors = [
            _("Choose a city from the list (or type one, e.g. Astana or Vienna).")
        ]
        return None
    return form.embargo_until.data.replace(tzinfo=ZoneInfo(name)), name


@dataclass(frozen=True)
class Edition:
    """One language of what is about to be published, with its PDF when it is ready."""

    name: str
    pdf: BundleFile | None


@bp.post("/<int:statement_id>/publish/confirm")
@login_required
def confirm(statement_id: int) -> tuple[str, int]:
    """The step before publishing: it names the title, every language, the PDFs and when
    (now, or the embargo in its zone), and sends the same fields on to `publish`. Nothing
    is written here. Browsers with JavaScript show it in a dialog (static/confirm.js)."""
    statement = get_statement(statement_id, Permission.publish)
    form = PublishForm(prefix="pub")
    parsed = _embargo(statement, form)
    if parsed is None:
        return _render(statement, 400, publish_form=form)
    embargo, zone = parsed
    try:  # the same embargo rule as publishing, before anyone confirms an impossible time
        publishing.check_embargo(embargo, clock.now())
    except DomainError as exc:
        form.embargo_until.errors = [exc.message]
        return _render(statement, exc.status, publish_form=form)
    if publishing.readiness_problems(statement):
        return _render(statement, 409, publish_form=form)
    if not workflow.allowed(statement.status, workflow.Action.publish):
        # Already published (or not approved): no "Yes, publish now" that can only fail.
        flash(_("This statement cannot be published in its present state."), "error")
        return _render(statement, 409, publish_form=form)
    bundle = bundle_queries.get(statement, bundles.current_hash(statement))
    langs = [statement.source_language, *statement.target_languages]
    return render_template(
        "publishing/confirm.html",
        statement=statement,
        form=form,
        when=format_in_zone(embargo, zone) if embargo else None,
        editions=[
            Edition(
                ui_language_name(lang),
                bundles.file_of(bundle, lang, ArtifactKind.pdf) if bundle else None,
            )
            for lang in langs
        ],
        languages=", ".join(ui_language_name(lang) for lang in langs),
    ), 200


@bp.post("/<int:statement_id>/publish")
@login_required
def publish(statement_id: int) -> Response | tuple[str, int]:
    statement = get_statement(statement_id, Permission.publish)
    form = PublishForm(prefix="pub")
    parsed = _embargo(statement, form)
    if parsed is None:
        return _render(statement, 400, publish_form=form)
    embargo = parsed[0]
    try:
        # The service holds the one embargo rule (future, within five years) for the form
        # and the API alike.
        release = publishing.publish(statement, signed_in(), embargo_until=embargo)
    except DomainError as exc:
        db.session.rollback()
        if isinstance(exc.details, dict) and "embargo_until" in exc.details:
            form.embargo_until.errors = [exc.message]
        else:
            form.submit.errors = [exc.message]
        return _render(statement, exc.status, publish_form=form)
    if embargo:
        flash(
            _(
                "Scheduled: version %(v)d becomes public on %(when)s.",
                v=release.version,
                when=format_in_zone(embargo, statement.timezone),
            ),
            "success",
        )
    else:
        flash(_("Published: version %(v)d is public.", v=release.version), "success")
    return redirect(url_for("publishing.index", statement_id=statement.id))


@bp.post("/<int:statement_id>/publish/cancel")
@login_required
def cancel(statement_id: int) -> Response:
    statement = get_statement(statement_id, Permission.publish)
    if CancelForm(prefix="can").validate_on_submit():
        publishing.cancel_schedule(statement, signed_in())
        flash(_("The scheduled publication was cancelled."), "success")
    return redirect(url_for("publishing.index", statement_id=statement.id))


@bp.post("/<int:statement_id>/correct")
@login_required
def correct(statement_id: int) -> Response | tuple[str, int]:
    statement = get_statement(statement_id, Permission.correct)
    form = CorrectForm(prefix="cor")
    if not form.validate_on_submit():
        return _render(statement, 400, correct_form=form)
    try:
        publishing.correct(statement, signed_in(), form.note.data or "")
    except DomainError as exc:
        db.session.rollback()
        form.note.errors = [exc.message]  # the note stays in the form
        return _render(statement, exc.status, correct_form=form)
    flash(
        _(
            "Version %(v)d started as a draft: edit it, then it needs approval again.",
            v=statement.version,
        ),
        "success",
    )
    return redirect(url_for("statements.edit", statement_id=statement.id))


@bp.post("/<int:statement_id>/withdraw")
@login_required
def withdraw(statement_id: int) -> Response | tuple[str, int]:
    statement = get_statement(statement_id, Permission.withdraw)
    form = WithdrawForm(prefix="wd")
    if not form.validate_on_submit():
        return _render(statement, 400, withdraw_form=form)
    try:
        publishing.withdraw(statement, signed_in(), form.notice.data or "")
    except DomainError as exc:
        db.session.rollback()
        form.notice.errors = [exc.message]  # the notice stays in the form
        return _render(statement, exc.status, withdraw_form=form)
    flash(_("The release was withdrawn."), "success")
    return redirect(url_for("publishing.index", statement_id=statement.id))


bp.add_app_template_global(format_in_zone, "local_time")
