"""Signing in and out, changing one's password and interface language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from pressroom.domain.errors import ValidationFailed
from pressroom.domain.notifications import Kind, wants_email
from pressroom.i18n import LANGUAGE_NAMES
from pressroom.models import User
from pressroom.queries import accounts as account_queries
from pressroom.services import accounts, audit, notifications, password_links, sessions, signin
from pressroom.services.notification_texts import KIND_LABELS
from pressroom.web.auth import bp
from pressroom.web.common import current_client


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    submit = SubmitField(_l("Sign in"))


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=accounts.MIN_PASSWORD)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Send me a link"))


class NewPasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=accounts.MIN_PASSWORD)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Set password"))


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Interface language"), choices=list(LANGUAGE_NAMES.items()))
    submit = SubmitField(_l("Save"))


class EmailChoicesForm(FlaskForm):
    """A checkbox per notification kind: ticked ones arrive by e-mail."""

    kinds = SelectMultipleField(
        _l("Send me an e-mail when"),
        choices=[(kind.value, label) for kind, label in KIND_LABELS.items()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,  # unknown names are ignored by the service
    )
    submit = SubmitField(_l("Save e-mail choices"))


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths: a login link must not bounce users elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("dashboard.index")


def _sign_in(user: User) -> None:
    sessions.start(user, current_client())
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                form.email.data or "", form.password.data or "", current_client()
            )
        except signin.Throttled as exc:
            form.password.errors = [exc.message]
            return render_template("auth/login.html", form=form), 429
        if user is not None:
            _sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = [_("Wrong e-mail or password.")]
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    user = current_user._get_current_object()
    # Every session of the user ends, not only this browser's: a copied cookie, or a
    # browser left signed in elsewhere, is signed out too.
    ended = sessions.end_all(user)
    audit.record("logout", actor=user, sessions_ended=ended)
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> str | tuple[str, int]:
    """The same answer whether or not the address has an account (no enumeration)."""
    form = ForgotForm()
    sent = False
    if form.validate_on_submit():
        try:
            password_links.request_reset(form.email.data or "", current_client())
        except signin.Throttled as exc:
            form.email.errors = [exc.message]
            return render_template("auth/forgot.html", form=form, sent=False), 429
        sent = True
    return render_template("auth/forgot.html", form=form, sent=sent), 400 if form.errors else 200


@bp.route("/password/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    """Set one's password from an invitation or recovery link (single use, expiring)."""
    form = NewPasswordForm()
    try:
        user = password_links.user_for_token(token)
    except password_links.InvalidLink as exc:
        return render_template("auth/reset.html", form=None, invalid=exc.message), 400
    if form.validate_on_submit():
        try:
            password_links.set_password(token, form.new_password.data or "")
        except ValidationFailed as exc:
            form.new_password.errors = [exc.message]
        else:
            if current_user.is_authenticated:
                logout_user()
            flash(_("Your password is set. Sign in with it."), "success")
            return redirect(url_for("auth.login"))
    status = 400 if form.errors else 200
    return render_template("auth/reset.html", form=form, invalid="", user=user), status


@bp.post("/language")
def set_language() -> Response:
    """The language menu: remembered in the session, and as the preference of a signed-in
    user so that e-mails and the next visit use it too."""
    lang = request.form.get("lang", "")
    if lang in LANGUAGE_NAMES:
        session["locale"] = lang
        if current_user.is_authenticated:
            accounts.set_locale(current_user._get_current_object(), lang)
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> str | Response | tuple[str, int]:
    user = current_user._get_current_object()
    form = PasswordForm(prefix="pw")
    language = LanguageForm(prefix="lang", locale=user.locale or "en")
    choices = EmailChoicesForm(
        prefix="mail",
        kinds=[k.value for k in Kind if wants_email(user.email_notifications, k)],
    )
    status = 200
    if form.submit.data and form.validate_on_submit():
        try:
            accounts.change_password(
                user,
                form.current_password.data or "",
                form.new_password.data or "",
                current_client(),
            )
        except signin.Throttled as exc:
            form.current_password.errors, status = [exc.message], 429
        except ValidationFailed as exc:
            form.current_password.errors = [exc.message]
        else:
            _sign_in(user)  # every session ended with the old password; this one goes on
            flash(
                _("Your password has been changed. Every other session has been ended."), "success"
            )
            return redirect(url_for("auth.account"))
    elif language.submit.data and language.validate_on_submit():
        accounts.set_locale(user, language.locale.data or "")
        flash(_("Interface language saved."), "success")
        return redirect(url_for("auth.account"))
    elif choices.submit.data and choices.validate_on_submit():
        notifications.set_email_choices(user, set(choices.kinds.data or []))
        flash(_("Your e-mail choices are saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        form=form,
        language=language,
        choices=choices,
        sessions=account_queries.sessions_of(user),
    ), status


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int) -> Response:
    """End one of one's own sessions (e.g. a browser left signed in elsewhere); the form
    carries a CSRF token, checked by CSRFProtect like every form."""
    user = current_user._get_current_object()
    sessions.end(user, session_id)
    if session_id == user.session_id:
        logout_user()
        flash(_("You are signed out."), "info")
        return redirect(url_for("auth.login"))
    flash(_("The session has been ended."), "success")
    return redirect(url_for("auth.account"))
