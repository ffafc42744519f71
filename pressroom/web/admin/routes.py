"""Site administration: organizations, users, press contacts. Press officers and heads
manage their own organization's contacts here too."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from pressroom import queries
from pressroom.db import db
from pressroom.domain.errors import PermissionDenied, ValidationFailed
from pressroom.domain.logos import MAX_UPLOAD
from pressroom.domain.permissions import Permission, Role, can_manage_contacts_of
from pressroom.models import Contact, Organization, User
from pressroom.services import accounts, organizations, password_links
from pressroom.web.admin import bp
from pressroom.web.authz import actor, get_or_404, requires, signed_in
from pressroom.web.common import show_error

ROLE_CHOICES = [
    (Role.press_officer.value, _l("Press officer")),
    (Role.head_of_delegation.value, _l("Head of delegation")),
    (Role.admin.value, _l("Admin")),
]


class OrganizationForm(FlaskForm):
    slug = StringField(
        _l("Slug (leave empty: made from the name)"), validators=[Optional(), Length(max=40)]
    )
    name = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("Short name"), validators=[Optional(), Length(max=60)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Create organization"))


class IdentityForm(FlaskForm):
    slug = StringField(_l("Slug"), validators=[DataRequired(), Length(max=40)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Save slug and website"))


class NameForm(FlaskForm):
    lang = StringField(_l("Language code"), validators=[DataRequired(), Length(max=16)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("Short name"), validators=[Optional(), Length(max=60)])
    letterhead = TextAreaField(_l("Letterhead lines"), validators=[Optional()])
    submit = SubmitField(_l("Save name"))


class LogoForm(FlaskForm):
    lang = StringField(_l("Language code"), validators=[DataRequired(), Length(max=16)])
    file = FileField(_l("Logo (SVG, PNG, JPEG, GIF or WebP, at most 512 KB)"))
    remove = BooleanField(_l("Remove the logo of this language"))
    submit = SubmitField(_l("Save logo"))


class UserForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    organization = SelectField(_l("Organization"), choices=[])
    submit = SubmitField(_l("Invite user"))


class UserEditForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    organization = SelectField(_l("Organization"), choices=[])
    active = BooleanField(_l("Active (may sign in)"))
    submit = SubmitField(_l("Save user"))


class PasswordLinkForm(FlaskForm):
    submit = SubmitField(_l("Send a link to choose a password"))


class ContactForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    phone = StringField(_l("Phone (international)"), validators=[DataRequired(), Length(max=40)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Add contact"))


class DeactivateForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


def _org_choices() -> list[tuple[str, str]]:
    return [("", _("— none (admins) —"))] + [(o.slug, o.name()) for o in queries.organizations()]


def _org_from_choice(slug: str | None) -> Organization | None:
    return accounts.find_organization(slug) if slug else None


@bp.route("/organizations", methods=["GET", "POST"])
@login_required
@requires(Permission.manage_organizations)
def organizations_page() -> str | Response:
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            org = organizations.create_organization(
                slug=form.slug.data or "",
                name=form.name.data or "",
                short_name=form.short_name.data or "",
                website=form.website.data or "",
                actor=actor(),
            )
        except ValidationFailed as exc:
            show_error(form, exc, "slug")
        else:
            flash(_("Organization %(name)s created.", name=org.name()), "success")
            return redirect(url_for("admin.organization", org_id=org.id))
    return render_template(
        "admin/organizations.html", form=form, organizations=queries.organizations()
    )


@bp.route("/organizations/<int:org_id>", methods=["GET", "POST"])
@login_required
@requires(Permission.manage_organizations)
def organization(org_id: int) -> tuple[str, int] | Response:
    org = get_or_404(Organization, org_id)
    form = NameForm()
    if form.validate_on_submit():
        try:
            organizations.set_name(
                org,
                lang=form.lang.data or "",
                name=form.name.data or "",
                short_name=form.short_name.data or "",
                letterhead=form.letterhead.data or "",
                actor=actor(),
            )
        except ValidationFailed as exc:
            show_error(form, exc, "lang")
        else:
            flash(_("Name saved."), "success")
            return redirect(url_for("admin.organization", org_id=org.id))
    return _organization_page(org, form=form)


def _organization_page(org: Organization, status: int = 200, **forms: FlaskForm) -> tuple[str, int]:
    forms.setdefault("form", NameForm(formdata=None))
    forms.setdefault("logo_form", LogoForm(formdata=None, prefix="logo"))
    forms.setdefault("identity_form", IdentityForm(formdata=None, prefix="id", obj=org))
    return render_template(
        "admin/organization.html",
        org=org,
        logo_url=organizations.logo_url,
        slug_in_use=organizations.slug_in_use(org),
        **forms,
    ), status


@bp.post("/organizations/<int:org_id>/identity")
@login_required
@requires(Permission.manage_organizations)
def organization_identity(org_id: int) -> Response | tuple[str, int]:
    """Change the slug (until the organization is first used) and the website."""
    org = get_or_404(Organization, org_id)
    form = IdentityForm(prefix="id")
    if form.validate_on_submit():
        try:
            organizations.update_identity(
                org, slug=form.slug.data or "", website=form.website.data or "", actor=actor()
            )
        except ValidationFailed as exc:
            db.session.rollback()
            show_error(form, exc, "slug")
        else:
            flash(_("Slug and website saved."), "success")
            return redirect(url_for("admin.organization", org_id=org.id))
    return _organization_page(org, 400, identity_form=form)


@bp.post("/organizations/<int:org_id>/logo")
@login_required
@requires(Permission.manage_organizations)
def organization_logo(org_id: int) -> tuple[str, int] | Response:
    """Upload (the file itself, never a URL) or remove an organization's logo."""
    org = get_or_404(Organization, org_id)
    logo_form = LogoForm(prefix="logo")
    if logo_form.validate_on_submit():
        lang = logo_form.lang.data or ""
        upload = logo_form.file.data
        try:
            if logo_form.remove.data:
                organizations.remove_logo(org, lang=lang, actor=actor())
            else:
                data = upload.read(MAX_UPLOAD + 1) if upload else b""
                organizations.set_logo(org, lang=lang, data=data, actor=actor())
        except ValidationFailed as exc:
            show_error(logo_form, exc, "file")
        else:
            flash(_("Logo saved."), "success")
            return redirect(url_for("admin.organization", org_id=org.id))
    return _organization_page(org, logo_form=logo_form)


@bp.route("/users", methods=["GET", "POST"])
@login_required
@requires(Permission.manage_users)
def users() -> str | Response:
    form = UserForm()
    form.organization.choices = _org_choices()
    if form.validate_on_submit():
        try:
            user = password_links.invite(
                email=form.email.data or "",
                display_name=form.display_name.data or "",
                role=form.role.data,
                organization=_org_from_choice(form.organization.data),
                actor=signed_in(),
            )
        except ValidationFailed as exc:
            show_error(form, exc, "email")
        else:
            flash(
                _(
                    "%(email)s is invited: the e-mail holds a link to choose a password.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("admin.users"))
    return render_template("admin/users.html", form=form, users=queries.users())


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@login_required
@requires(Permission.manage_users)
def user(user_id: int) -> str | Response:
    target = get_or_404(User, user_id)
    form = UserEditForm(
        obj=target,
        organization=target.organization.slug if target.organization else "",
        role=target.role.value,
    )
    form.organization.choices = _org_choices()
    if form.validate_on_submit():
        try:
            accounts.update_user(
                target,
                role=form.role.data,
                organization=_org_from_choice(form.organization.data),
                active=bool(form.active.data),
                display_name=form.display_name.data or "",
                actor=signed_in(),
            )
        except ValidationFailed as exc:
            show_error(form, exc, "role")
        else:
            flash(_("User saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/user.html", form=form, target=target, link_form=PasswordLinkForm(prefix="link")
    )


@bp.post("/users/<int:user_id>/password-link")
@login_required
@requires(Permission.manage_users)
def send_password_link(user_id: int) -> Response:
    """A new invitation (a lost mail, an expired link): the user still chooses the
    password; the admin never knows it."""
    target = get_or_404(User, user_id)
    if PasswordLinkForm(prefix="link").validate_on_submit() and target.active:
        password_links.resend_invitation(target, signed_in())
        flash(
            _("A link to choose a password was sent to %(email)s.", email=target.email), "success"
        )
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/organizations/<int:org_id>/contacts", methods=["GET", "POST"])
@login_required
def contacts(org_id: int) -> str | Response:
    org = get_or_404(Organization, org_id)
    if not can_manage_contacts_of(actor(), org.id):
        raise PermissionDenied(_("You may manage only your own organization's contacts."))
    form = ContactForm()
    if form.validate_on_submit():
        try:
            organizations.create_contact(
                org,
                name=form.name.data or "",
                phone=form.phone.data or "",
                email=form.email.data or "",
                actor=actor(),
            )
        except ValidationFailed as exc:
            show_error(form, exc, "name")
        else:
            flash(_("Contact added."), "success")
            return redirect(url_for("admin.contacts", org_id=org.id))
    return render_template(
        "admin/contacts.html",
        org=org,
        form=form,
        remove=DeactivateForm(),
        contacts=[c for c in org.contacts if c.active],
    )


@bp.route("/contacts/<int:contact_id>/remove", methods=["POST"])
@login_required
def remove_contact(contact_id: int) -> Response:
    contact = get_or_404(Contact, contact_id)
    if not can_manage_contacts_of(actor(), contact.organization_id):
        raise PermissionDenied(_("You may manage only your own organization's contacts."))
    if DeactivateForm().validate_on_submit():
        organizations.deactivate_contact(contact, signed_in())
        flash(_("Contact removed."), "success")
    return redirect(url_for("admin.contacts", org_id=contact.organization_id))
