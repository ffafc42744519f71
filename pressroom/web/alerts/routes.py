"""E-mail alerts: the journalist's subscribe form, the confirmation page (double opt-in),
one-click unsubscribe (RFC 8058), and the admin's pages to find, export and delete a
subscriber's data. The rules are in services/alerts.py."""

from __future__ import annotations

import json

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse
from wtforms import (
    EmailField,
    RadioField,
    SearchField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from pressroom.domain.errors import ValidationFailed
from pressroom.domain.permissions import Permission
from pressroom.extensions import csrf
from pressroom.i18n import language_name
from pressroom.models import Subscriber
from pressroom.queries import directory, newsroom
from pressroom.services import alerts, signin
from pressroom.web.alerts import bp
from pressroom.web.authz import get_or_404, requires, signed_in
from pressroom.web.common import current_client


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: FlaskForm) -> None:
        """Choices are checked by the service, with a message next to the field."""


class SubscribeForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    scope = RadioField(
        _l("Releases"),
        default="all",
        choices=[
            ("all", _l("Every organization's releases")),
            ("chosen", _l("Only the releases of these organizations:")),
        ],
    )
    organizations = Checkboxes(_l("Organizations"), choices=[])
    languages = Checkboxes(_l("Languages"), choices=[])
    submit = SubmitField(_l("Subscribe"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm my subscription"))


class UnsubscribeForm(FlaskForm):
    submit = SubmitField(_l("Unsubscribe"))


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a search changes nothing

    q = SearchField(_l("Address contains"), validators=[Length(max=254)])


class SubscriberActionForm(FlaskForm):
    submit = SubmitField()


def _check_lang(lang: str) -> None:
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)


def _language_choices(lang: str) -> list[tuple[str, str]]:
    codes = list(current_app.config["LANGUAGES"])
    codes += [c for c in newsroom.available_languages(newsroom.archive_stamp()) if c not in codes]
    return [(code, language_name(code)) for code in codes]


@bp.route("/<lang>/alerts", methods=["GET", "POST"])
def subscribe(lang: str) -> str | tuple[str, int]:
    """The subscribe form: the same answer whether or not the address is known."""
    _check_lang(lang)
    form = SubscribeForm()
    organizations = directory.organizations(contacts=False)
    form.organizations.choices = [(o.slug, o.short_name(lang)) for o in organizations]
    form.languages.choices = _language_choices(lang)
    if request.method == "GET":
        form.languages.data = [lang]
        if (slug := request.args.get("organization", "")) in {o.slug for o in organizations}:
            form.scope.data, form.organizations.data = "chosen", [slug]
    sent = False
    status = 200
    if form.validate_on_submit():
        try:
            preferences = alerts.check_preferences(
                form.email.data or "",
                all_organizations=form.scope.data != "chosen",
                organizations=form.organizations.data or [],
                languages=form.languages.data or [],
            )
            alerts.request_subscription(preferences, current_client(), lang)
        except signin.Throttled as exc:
            form.email.errors = [exc.message]
            status = 429
        except ValidationFailed as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            name = next(
                (f for f in ("email", "organizations", "languages") if f in details),
                "languages" if "lang" in details else "email",
            )
            form[name].errors = [exc.message]
        else:
            sent = True
    elif request.method == "POST":
        status = 400
    if form.errors and status == 200:
        status = 400
    return render_template(
        "alerts/subscribe.html",
        form=form,
        lang=lang,
        sent=sent,
        hours=current_app.config["ALERTS_CONFIRM_HOURS"],
    ), status


@bp.route("/<lang>/alerts/confirm/<token>", methods=["GET", "POST"])
def confirm(lang: str, token: str) -> str | tuple[str, int] | Response:
    """GET shows what is being confirmed and a button (a mail scanner that follows the link
    subscribes nobody); POST stores the subscription."""
    _check_lang(lang)
    try:
        preferences = alerts.preferences_for_token(token)
    except alerts.InvalidLink as exc:
        return render_template("alerts/invalid.html", lang=lang, message=exc.message), 400
    form = ConfirmForm()
    if form.validate_on_submit():
        alerts.confirm(token)
        return render_template(
            "alerts/confirmed.html",
            lang=lang,
            preferences=preferences,
            organizations=_organization_names(preferences, lang),
        )
    return render_template(
        "alerts/confirm.html",
        lang=lang,
        form=form,
        preferences=preferences,
        organizations=_organization_names(preferences, lang),
    )


def _organization_names(preferences: alerts.Preferences, lang: str) -> list[str]:
    wanted = set(preferences.organization_ids)
    return [o.short_name(lang) for o in directory.organizations(contacts=False) if o.id in wanted]


@bp.route("/<lang>/alerts/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no token
def unsubscribe(lang: str, token: str) -> str | tuple[str, int]:
    """GET asks (and writes nothing); POST unsubscribes, without login or CSRF token: the
    signed link is the credential."""
    _check_lang(lang)
    try:
        subscriber = alerts.subscriber_for_unsubscribe(token)
    except alerts.InvalidLink as exc:
        return render_template("alerts/invalid.html", lang=lang, message=exc.message), 400
    if request.method == "POST":
        alerts.unsubscribe(token)
        return render_template("alerts/unsubscribed.html", lang=lang)
    if subscriber is None:
        return render_template("alerts/unsubscribed.html", lang=lang)
    return render_template(
        "alerts/unsubscribe.html", lang=lang, form=UnsubscribeForm(), email=subscriber.email
    )


# --- administration -----------------------------------------------------------------------


@bp.get("/admin/subscribers")
@login_required
@requires(Permission.manage_subscribers)
def admin_subscribers() -> str | tuple[str, int]:
    form = SearchForm(request.args)
    found = alerts.search(form.q.data or "") if form.validate() else []
    return render_template(
        "alerts/admin_list.html", form=form, subscribers=found
    ), 200 if not form.errors else 400


@bp.get("/admin/subscribers/<int:subscriber_id>")
@login_required
@requires(Permission.manage_subscribers)
def admin_subscriber(subscriber_id: int) -> str:
    subscriber = get_or_404(Subscriber, subscriber_id)
    return render_template(
        "alerts/admin_subscriber.html", subscriber=subscriber, form=SubscriberActionForm()
    )


@bp.post("/admin/subscribers/<int:subscriber_id>/export")
@login_required
@requires(Permission.manage_subscribers)
def admin_export(subscriber_id: int) -> BaseResponse:
    """Everything stored about the subscriber, as a JSON file (a POST: it is audited)."""
    subscriber = get_or_404(Subscriber, subscriber_id)
    if not SubscriberActionForm().validate_on_submit():
        return redirect(url_for("alerts.admin_subscriber", subscriber_id=subscriber.id))
    data = alerts.export(subscriber, signed_in())
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="subscriber-{subscriber.id}.json"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/admin/subscribers/<int:subscriber_id>/delete")
@login_required
@requires(Permission.manage_subscribers)
def admin_delete(subscriber_id: int) -> BaseResponse:
    subscriber = get_or_404(Subscriber, subscriber_id)
    if SubscriberActionForm().validate_on_submit():
        alerts.delete(subscriber, signed_in())
        flash(_("The subscriber's data has been deleted."), "success")
        return redirect(url_for("alerts.admin_subscribers"))
    return redirect(url_for("alerts.admin_subscriber", subscriber_id=subscriber.id))
