"""Embargoed access (issue #16, point 3): accreditation lists, invitations with their access
log, and the journalist's personal link. Rules and state changes live in services/embargo.

Everything a link serves is private to its holder: `Cache-Control: private, no-store`,
`X-Robots-Tag: noindex`, no referrer (the token is in the path), and nothing of it is
listed anywhere. A token no invitation has is a plain 404, whoever asks."""

from __future__ import annotations

import contextlib

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse
from wtforms import EmailField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from pressroom import clock
from pressroom.domain.errors import DomainError, PermissionDenied, ValidationFailed
from pressroom.domain.permissions import Permission, can_manage_accreditations_of
from pressroom.i18n import current_language, language_name, ui_languages
from pressroom.models import (
    AccessKind,
    Accreditation,
    ArtifactKind,
    EmbargoInvitation,
    Organization,
)
from pressroom.queries import releases
from pressroom.services import embargo, storage
from pressroom.web.authz import actor, get_or_404, get_statement, signed_in
from pressroom.web.common import show_error
from pressroom.web.embargoed import bp

PRIVATE = "private, no-store"
PAGE_CSP = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def _private(response: BaseResponse) -> BaseResponse:
    response.headers["Cache-Control"] = PRIVATE
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# --- accreditation lists ------------------------------------------------------------------


class AccreditationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Length(max=254)])
    outlet = StringField(_l("Outlet"), validators=[Length(max=200)])
    language = SelectField(_l("Language (optional)"), choices=[])
    submit = SubmitField(_l("Add journalist"))


class RemoveForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


def _language_choices() -> list[tuple[str, str]]:
    return [("", _("— any —"))] + [(code, language_name(code)) for code in ui_languages()]


def _organization(org_id: int) -> Organization:
    org = get_or_404(Organization, org_id)
    if not can_manage_accreditations_of(actor(), org.id):
        raise PermissionDenied(
            _("You may manage only your own organization's accredited journalists.")
        )
    return org


@bp.route("/organizations/<int:org_id>/accreditations", methods=["GET", "POST"])
@login_required
def accreditations(org_id: int) -> str | BaseResponse | tuple[str, int]:
    org = _organization(org_id)
    form = AccreditationForm()
    form.language.choices = _language_choices()
    if form.validate_on_submit():
        try:
            embargo.add_accreditation(
                org,
                name=form.name.data or "",
                email=form.email.data or "",
                outlet=form.outlet.data or "",
                language=form.language.data or "",
                actor=signed_in(),
            )
        except ValidationFailed as exc:
            show_error(form, exc, "name")
        else:
            flash(_("Journalist added to the accreditation list."), "success")
            return redirect(url_for("embargoed.accreditations", org_id=org.id))
    status = 400 if form.errors else 200
    return render_template(
        "embargoed/accreditations.html",
        org=org,
        form=form,
        remove=RemoveForm(),
        journalists=embargo.accreditations(org),
    ), status


@bp.route("/accreditations/<int:accreditation_id>/remove", methods=["POST"])
@login_required
def remove_accreditation(accreditation_id: int) -> BaseResponse:
    row = get_or_404(Accreditation, accreditation_id)
    org_id = row.organization_id
    if not can_manage_accreditations_of(actor(), org_id):
        raise PermissionDenied(
            _("You may manage only your own organization's accredited journalists.")
        )
    if RemoveForm().validate_on_submit():
        embargo.remove_accreditation(row, signed_in())
        flash(_("Journalist removed from the accreditation list."), "success")
    return redirect(url_for("embargoed.accreditations", org_id=org_id))


# --- invitations (the statement's press officers) -----------------------------------------


class InviteForm(FlaskForm):
    journalists = SelectMultipleField(
        _l("Accredited journalists"),
        coerce=int,
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    submit = SubmitField(_l("Send personal links"))


class RevokeForm(FlaskForm):
    submit = SubmitField(_l("Revoke the link"))


def _invitations_page(
    statement_id: int, form: InviteForm | None = None, status: int = 200
) -> tuple[str, int]:
    statement = get_statement(statement_id, Permission.invite_embargoed)
    user = actor()
    release = embargo.embargoed_release(statement)
    org = user.organization if user else None
    journalists = embargo.accreditations(org) if org else []
    if form is None:
        form = InviteForm()
    form.journalists.choices = [(j.id, f"{j.name} · {j.outlet} · {j.email}") for j in journalists]
    invitations = embargo.invitations(statement)
    now = clock.now()
    rows = [(i, embargo.status(i, now)) for i in invitations]
    return render_template(
        "embargoed/invitations.html",
        statement=statement,
        release=release,
        form=form,
        rows=rows,
        accesses=embargo.accesses(statement),
        org=org,
        journalists=journalists,
        stamp=embargo.stamp(release, current_language()) if release else "",
    ), status


@bp.get("/statements/<int:statement_id>/embargoed")
@login_required
def invitations(statement_id: int) -> tuple[str, int]:
    return _invitations_page(statement_id)


@bp.post("/statements/<int:statement_id>/embargoed")
@login_required
def invite(statement_id: int) -> BaseResponse | tuple[str, int]:
    statement = get_statement(statement_id, Permission.invite_embargoed)
    form = InviteForm()
    user = signed_in()
    org = user.organization
    form.journalists.choices = [(j.id, j.name) for j in embargo.accreditations(org)] if org else []
    if form.validate_on_submit():
        try:
            made = embargo.invite(statement, user, list(form.journalists.data or []))
        except ValidationFailed as exc:
            form.journalists.errors = [exc.message]
        except DomainError as exc:
            form.submit.errors = [exc.message]
        else:
            flash(
                _("Personal links sent: %(count)d.", count=len(made))
                if made
                else _("Everyone chosen holds a valid link already."),
                "success",
            )
            return redirect(url_for("embargoed.invitations", statement_id=statement.id))
    return _invitations_page(statement.id, form, 400)


def _invitation(statement_id: int, invitation_id: int) -> EmbargoInvitation:
    statement = get_statement(statement_id, Permission.invite_embargoed)
    invitation = get_or_404(EmbargoInvitation, invitation_id)
    if invitation.statement_id != statement.id:
        abort(404)
    return invitation


@bp.get("/statements/<int:statement_id>/embargoed/<int:invitation_id>/revoke")
@login_required
def confirm_revoke(statement_id: int, invitation_id: int) -> str:
    invitation = _invitation(statement_id, invitation_id)
    return render_template(
        "embargoed/revoke.html",
        invitation=invitation,
        statement=get_statement(statement_id),
        form=RevokeForm(),
    )


@bp.post("/statements/<int:statement_id>/embargoed/<int:invitation_id>/revoke")
@login_required
def revoke(statement_id: int, invitation_id: int) -> BaseResponse:
    invitation = _invitation(statement_id, invitation_id)
    if RevokeForm().validate_on_submit():
        embargo.revoke(invitation, signed_in())
        flash(_("The link of %(name)s is revoked.", name=invitation.name), "success")
    return redirect(url_for("embargoed.invitations", statement_id=statement_id))


# --- the journalist's link ----------------------------------------------------------------


def _link(token: str) -> embargo.Link:
    link = embargo.resolve(token)
    if link is None:
        abort(404)
    return link


def _refused(link: embargo.Link, lang: str) -> BaseResponse:
    ui = lang if lang in ui_languages() else None
    with force_locale(ui) if ui else contextlib.nullcontext():
        body = render_template(
            "embargoed/refused.html", state=link.state.value, release=link.release, lang=ui
        )
    return _private(Response(body, status=410, mimetype="text/html"))


def _open(token: str, lang: str, *, pdf: bool) -> embargo.Link | BaseResponse:
    """The link's state: embargoed (go on), or the answer for every other state."""
    link = _link(token)
    if link.state == embargo.LinkState.public:
        assert link.release is not None
        endpoint = "public.release_pdf" if pdf else "public.release_page"
        return redirect(url_for(endpoint, lang=lang, slug=link.release.statement.slug))
    if link.state != embargo.LinkState.embargoed:
        return _refused(link, lang)
    return link


def _default_language(link: embargo.Link) -> str:
    assert link.release is not None
    available = releases.languages(link.release)
    for candidate in (link.invitation.language, link.release.statement.source_language):
        if candidate in available:
            return candidate
    return available[0] if available else link.release.statement.source_language


@bp.get("/embargoed/<token>")
def entry(token: str) -> BaseResponse:
    link = _link(token)
    if link.release is None:
        return _refused(link, link.invitation.language or "en")
    lang = _default_language(link)
    return _private(redirect(url_for("embargoed.page", token=token, lang=lang)))


@bp.get("/embargoed/<token>/<lang>")
def page(token: str, lang: str) -> BaseResponse:
    opened = _open(token, lang, pdf=False)
    if isinstance(opened, BaseResponse):
        return _private(opened)
    release = opened.release
    assert release is not None
    html_artifact = releases.artifact(release, lang, ArtifactKind.html)
    if html_artifact is None:
        abort(404)
    stored = storage.read_bytes(html_artifact.sha256, "html").decode("utf-8")
    copy = embargo.copy_of(opened.invitation, lang)
    context = {
        "release": release,
        "lang": lang,
        "token": token,
        "languages": releases.languages(release),
        "invitation": opened.invitation,
        "stamp": embargo.stamp(release, lang),
        "copy": copy,
        "recipient": embargo.recipient_line(opened.invitation, lang),
    }
    ui = lang if lang in ui_languages() else None
    page_html = stored
    with force_locale(ui) if ui else contextlib.nullcontext():
        for marker, template in (
            ("head", "embargoed/_head.html"),
            ("nav", "embargoed/_nav.html"),
            ("notices", "embargoed/_notice.html"),
        ):
            fragment = render_template(template, **context)
            page_html = page_html.replace(f"<!--pressroom:{marker}-->", fragment, 1)
    # The page's vCard links name the bundle, public only after the embargo: here they go
    # through the link too.
    page_html = page_html.replace(
        f'href="/contacts/{release.bundle_hash}/', f'href="/embargoed/{token}/contacts/'
    )
    embargo.log_access(opened.invitation, AccessKind.page, lang)
    response = Response(page_html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_CSP
    return _private(response)


@bp.get("/embargoed/<token>/<lang>.pdf")
def pdf(token: str, lang: str) -> BaseResponse:
    opened = _open(token, lang, pdf=True)
    if isinstance(opened, BaseResponse):
        return _private(opened)
    release = opened.release
    assert release is not None
    if releases.artifact(release, lang, ArtifactKind.pdf) is None:
        abort(404)
    copy = embargo.copy_of(opened.invitation, lang)
    if copy is None:
        ui = lang if lang in ui_languages() else None
        with force_locale(ui) if ui else contextlib.nullcontext():
            body = render_template("embargoed/preparing.html", lang=ui, token=token, page_lang=lang)
        response = Response(body, status=503, mimetype="text/html")
        response.headers["Retry-After"] = "30"
        return _private(response)
    embargo.log_access(opened.invitation, AccessKind.pdf, lang)
    slug = release.statement.slug or "release"
    # Sent by the app itself, never by an X-Accel-Redirect to nginx's file location (which
    # would drop X-Robots-Tag): a few journalists' copies, not the embargo-minute rush.
    response = Response(
        storage.read_bytes(copy.sha256, ArtifactKind.pdf.value), mimetype="application/pdf"
    )
    response.headers["Content-Disposition"] = (
        f'inline; filename="{slug}-v{release.version}-{lang}-embargoed.pdf"'
    )
    return _private(response)


@bp.get("/embargoed/<token>/contacts/<lang>/<int:index>.vcf")
def vcard(token: str, lang: str, index: int) -> BaseResponse:
    """The contact block's vCards, before the embargo, for the link's holder."""
    from pressroom.web.vcards import vcard_response

    opened = _open(token, lang, pdf=False)
    if isinstance(opened, BaseResponse):
        return _private(opened)
    assert opened.release is not None
    return _private(vcard_response(opened.release, lang, index))
