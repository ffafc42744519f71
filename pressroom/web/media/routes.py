"""Photos and documents of a statement (its press officers attach them; they are part of
the bundle the heads approve), and their public side: content-addressed files of public
releases and the media kit. Parsing and rendering only: services.media decides."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf

from pressroom.domain.errors import ValidationFailed
from pressroom.domain.media import LIMITS, MAX_DOCUMENT_BYTES, MAX_PHOTO_BYTES, MediaKind
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.models import StatementMedium
from pressroom.queries import media as queries
from pressroom.services import media
from pressroom.web.authz import actor, get_statement, signed_in
from pressroom.web.files import send_stored
from pressroom.web.media import bp

# The request may be a little larger than the largest file: the form's own message about
# a file too large is the one seen, with the typed caption kept.
MAX_REQUEST = max(MAX_PHOTO_BYTES, MAX_DOCUMENT_BYTES) + 1024 * 1024
LICENCES = ("CC BY 4.0", "CC BY-SA 4.0", "CC0 1.0", _l("Free for editorial use with credit"))


class DetailsForm(FlaskForm):
    caption = TextAreaField(_l("Caption (the title, for a document)"))
    credit = StringField(_l("Credit"))
    alt = TextAreaField(_l("Alt text: what the photo shows, for readers who cannot see it"))
    licence = StringField(_l("Licence"))


class UploadForm(DetailsForm):
    kind = RadioField(
        _l("What are you adding?"),
        default=MediaKind.photo.value,
        choices=[
            (MediaKind.photo.value, _l("A photo (JPEG, PNG or WebP)")),
            (MediaKind.document.value, _l("A document (PDF)")),
        ],
        validators=[AnyOf([k.value for k in MediaKind])],
    )
    file = FileField(_l("File"))


def _details(form: DetailsForm) -> dict[str, str]:
    return {
        name: getattr(form, name).data or "" for name in ("caption", "credit", "alt", "licence")
    }


def _show_errors(form: FlaskForm, exc: ValidationFailed) -> None:
    """Each message under its field; what was typed stays in the form."""
    details = exc.details if isinstance(exc.details, dict) else {}
    placed = False
    for name, message in details.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, str(message)]
            placed = True
    if not placed:
        form.form_errors.append(exc.message)


def _page(
    statement_id: int,
    upload: UploadForm | None = None,
    edit: tuple[int, DetailsForm] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    statement = get_statement(statement_id)
    user = actor()
    items = queries.of_statement(statement.id)
    forms = {}
    for item in items:
        if edit is not None and edit[0] == item.id:
            forms[item.id] = edit[1]
        else:
            forms[item.id] = DetailsForm(formdata=None, prefix=f"m{item.id}", obj=item)
    from pressroom.domain import workflow

    may_manage = can_act_on_statement(
        user, statement, Permission.manage_media
    ) and workflow.allowed(statement.status, workflow.Action.edit)
    return render_template(
        "media/index.html",
        statement=statement,
        items=items,
        forms=forms,
        upload=upload or UploadForm(formdata=None),
        may_manage=may_manage,
        limits=LIMITS,
        licences=[str(x) for x in LICENCES],
        max_photo=MAX_PHOTO_BYTES,
        max_document=MAX_DOCUMENT_BYTES,
    ), status


def allow_large_upload() -> None:
    """Media uploads may be larger than any other request (MAX_CONTENT_LENGTH); set before
    anything reads the form (CSRF, input guards)."""
    if request.endpoint == "media.upload":
        request.max_content_length = MAX_REQUEST


@bp.record_once
def _first_of_all(state: BlueprintSetupState) -> None:
    # Before CSRF and the input guards, which read the form before any view runs.
    state.app.before_request_funcs.setdefault(None, []).insert(0, allow_large_upload)


@bp.get("/<int:statement_id>/media")
@login_required
def index(statement_id: int) -> tuple[str, int]:
    return _page(statement_id)


@bp.post("/<int:statement_id>/media")
@login_required
def upload(statement_id: int) -> Response | tuple[str, int]:
    """A file from the press officer's computer (never a URL), with its words. The request
    may be MAX_REQUEST long (allow_large_upload)."""
    statement = get_statement(statement_id, Permission.manage_media)
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(statement.id, upload=form, status=400)
    upload_file = form.file.data
    data = upload_file.read(MAX_REQUEST) if upload_file else b""
    filename = (upload_file.filename or "") if upload_file else ""
    try:
        media.attach(statement, signed_in(), form.kind.data, data, filename, _details(form))
    except ValidationFailed as exc:
        _show_errors(form, exc)
        if data and form.file.errors == []:
            form.file.errors = [_("Choose the file again: browsers do not keep it.")]
        return _page(statement.id, upload=form, status=400)
    flash(_("Added. The heads of delegation approve it with the release."), "success")
    return redirect(url_for("media.index", statement_id=statement.id))


@bp.post("/<int:statement_id>/media/<int:medium_id>")
@login_required
def update(statement_id: int, medium_id: int) -> Response | tuple[str, int]:
    statement = get_statement(statement_id, Permission.manage_media)
    form = DetailsForm(prefix=f"m{medium_id}")
    if form.validate_on_submit():
        try:
            media.update(statement, signed_in(), medium_id, _details(form))
        except ValidationFailed as exc:
            _show_errors(form, exc)
        else:
            flash(_("Saved."), "success")
            return redirect(
                url_for("media.index", statement_id=statement.id, _anchor=f"medium-{medium_id}")
            )
    return _page(statement.id, edit=(medium_id, form), status=400)


@bp.post("/<int:statement_id>/media/<int:medium_id>/move")
@login_required
def move(statement_id: int, medium_id: int) -> Response:
    statement = get_statement(statement_id, Permission.manage_media)
    offset = -1 if request.form.get("direction") == "up" else 1
    media.move(statement, signed_in(), medium_id, offset)
    return redirect(
        url_for("media.index", statement_id=statement.id, _anchor=f"medium-{medium_id}")
    )


@bp.get("/<int:statement_id>/media/<int:medium_id>/<any(web, full):variant>")
@login_required
def statement_file(statement_id: int, medium_id: int, variant: str) -> Response:
    """A statement's photo or document before publication, for its participants only."""
    statement = get_statement(statement_id)
    item = next((m for m in queries.of_statement(statement.id) if m.id == medium_id), None)
    if item is None:
        abort(404)
    return _send_medium(item, variant, cache_control="private, no-cache")


# Registered after the others: the route table removes the sample medium last.
@bp.post("/<int:statement_id>/media/<int:medium_id>/remove")
@login_required
def remove(statement_id: int, medium_id: int) -> Response:
    statement = get_statement(statement_id, Permission.manage_media)
    media.remove(statement, signed_in(), medium_id)
    flash(_("Removed."), "success")
    return redirect(url_for("media.index", statement_id=statement.id))


def _send_medium(item: StatementMedium, variant: str, *, cache_control: str) -> Response:
    f = item.file
    sha = f.web_sha256 if variant == "web" and f.web_sha256 else f.sha256
    return send_stored(
        sha,
        f.ext,
        mimetype=f.mimetype,
        cache_control=cache_control,
        download_name=item.filename,
        attachment=variant == "full",
    )
