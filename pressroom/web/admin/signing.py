"""Admin pages of the signing authority (issue #18): the installation root, each
organization's certificates, rotation and revocation. Routes on the admin blueprint;
the CLI (`flask signing …`) does the same through the same services."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from pressroom import clock
from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.domain.permissions import Permission
from pressroom.models import Organization, SigningCertificate
from pressroom.queries import signing as signing_queries
from pressroom.services import signing
from pressroom.web.admin import bp
from pressroom.web.authz import actor, get_or_404, requires


class RotateForm(FlaskForm):
    revoke_previous = BooleanField(
        _l("Also revoke the previous certificate (its signatures then show as revoked)")
    )
    reason = StringField(_l("Reason for revoking it"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Issue a new certificate"))


class RevokeForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
    confirm = BooleanField(
        _l("I understand: every PDF signed with this certificate will show as revoked."),
        validators=[DataRequired(_l("Confirm the revocation."))],
    )
    submit = SubmitField(_l("Revoke"))


def _page(
    status: int = 200,
    rotate: tuple[int, RotateForm] | None = None,
    revoke: tuple[int, RevokeForm] | None = None,
) -> tuple[str, int]:
    """The page; a form that failed stays in its place with what was typed and why."""

    def rotate_form(org: Organization) -> RotateForm:
        if rotate is not None and rotate[0] == org.id:
            return rotate[1]
        return RotateForm(formdata=None, prefix=f"rotate-{org.id}")

    def revoke_form(cert: SigningCertificate) -> RevokeForm:
        if revoke is not None and revoke[0] == cert.id:
            return revoke[1]
        return RevokeForm(formdata=None, prefix=f"revoke-{cert.id}")

    return render_template(
        "admin/signing.html",
        overview=signing_queries.overview(clock.now()),
        crl_url=url_for("public.signing_crl"),
        root_url=url_for("public.signing_root"),
        rotate_form=rotate_form,
        revoke_form=revoke_form,
        open_revoke=revoke[0] if revoke else None,
    ), status


@bp.get("/signing")
@login_required
@requires(Permission.manage_organizations)
def signing_page() -> tuple[str, int]:
    return _page()


@bp.post("/signing/organizations/<int:org_id>/rotate")
@login_required
@requires(Permission.manage_organizations)
def signing_rotate(org_id: int) -> Response | tuple[str, int]:
    """Issue a new certificate (the first, or a rotation), optionally revoking the
    previous ones with a reason."""
    org = get_or_404(Organization, org_id)
    form = RotateForm(prefix=f"rotate-{org.id}")
    if form.validate_on_submit():
        try:
            row = signing.rotate(
                org,
                actor=actor(),
                revoke_previous=bool(form.revoke_previous.data),
                reason=form.reason.data or "",
            )
        except ValidationFailed as exc:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, exc.message]
        else:
            flash(
                _(
                    "New certificate for %(org)s issued (serial %(serial)s).",
                    org=org.short_name(),
                    serial=row.serial,
                ),
                "success",
            )
            return redirect(url_for("admin.signing_page") + f"#signing-{org.slug}")
    return _page(400, rotate=(org.id, form))


@bp.post("/signing/certificates/<int:cert_id>/revoke")
@login_required
@requires(Permission.manage_organizations)
def signing_revoke(cert_id: int) -> Response | tuple[str, int]:
    cert = get_or_404(SigningCertificate, cert_id)
    form = RevokeForm(prefix=f"revoke-{cert.id}")
    if form.validate_on_submit():
        try:
            signing.revoke_certificate(cert, form.reason.data or "", actor=actor())
        except ValidationFailed as exc:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, exc.message]
        else:
            flash(
                _("Certificate %(serial)s revoked; the CRL lists it.", serial=cert.serial),
                "success",
            )
            org = cert.organization
            return redirect(url_for("admin.signing_page") + (f"#signing-{org.slug}" if org else ""))
    return _page(400, revoke=(cert.id, form))
