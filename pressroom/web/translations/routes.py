"""Translation pages: the readiness matrix and the side-by-side translation editor.

The editor shows one input per translatable unit ("slot": title, lead, dateline city, each
body paragraph, each quote's function and text) next to its source text. Source slots that
changed since the translation was made are highlighted with a word diff. A conflicting save
comes back with the person's own text in the boxes and, per conflicting slot, both versions
and a choice: keep mine, keep theirs, or edit. Nothing typed is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response

from pressroom.db import db
from pressroom.domain import workflow
from pressroom.domain.content import split_paragraphs
from pressroom.domain.diff import word_diff
from pressroom.domain.errors import DomainError, ValidationFailed
from pressroom.domain.permissions import Permission, can_act_on_statement
from pressroom.domain.slots import SlotConflict, kept_text, slot_conflicts
from pressroom.domain.translation import SourceChanges
from pressroom.domain.transliteration import to_cyrillic, uses_cyrillic
from pressroom.i18n import current_language
from pressroom.live.versions import saved_elsewhere
from pressroom.models import Revision, Statement, Translation, TranslationRevision
from pressroom.queries import approvals as approval_queries
from pressroom.queries import statements as statement_queries
from pressroom.queries import translations as translation_queries
from pressroom.rendering.html import text_direction
from pressroom.services import bundles, translations
from pressroom.services.documents import format_dateline
from pressroom.web.authz import actor, get_statement, signed_in
from pressroom.web.params import parse_int
from pressroom.web.translations import bp

STATUS_LABELS = {
    "missing": _l("Missing"),
    "in_progress": _l("In progress"),
    "complete": _l("Complete"),
    "outdated": _l("Outdated"),
}
Ops = list[tuple[str, str]]


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(str(status), status))


def describe_changes(changes: SourceChanges) -> str:
    """ "Title, paragraph 2, quote of PACE": what changed in the source, in words."""
    names = {"title": _("Title"), "lead": _("Lead"), "dateline_city": _("Dateline city")}
    parts = [names[f] for f in changes.fields if f in names]
    parts += [_("paragraph %(n)d", n=i + 1) for i in changes.paragraphs]
    if "body" in changes.fields and not changes.paragraphs:
        parts.append(_("paragraphs removed"))
    speakers = {
        q["id"]: q.get("speaker") or q.get("organization")
        for q in changes.after.get("quotes") or []
    }
    parts += [_("quote of %(org)s", org=speakers.get(qid, qid)) for qid in changes.quotes]
    if "quotes" in changes.fields and not changes.quotes:
        parts.append(_("quotes removed"))
    return ", ".join(parts)


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    # App-wide, so the statement page can include translations/_matrix.html too.
    return {
        "translation_status_label": status_label,
        "describe_source_changes": describe_changes,
        "translation_time": format_datetime,
    }


# --- the editor's model -------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    key: str  # form field name: "title", "body-2", "quote-pace-text"
    label: str
    source: str
    value: str
    multiline: bool
    change: Ops | None  # word diff of the source since the translation, when it changed
    error: str
    conflict: SlotConflict | None
    choice: str
    suggested: bool = False  # the value is a transliteration suggestion, not saved yet


@dataclass
class Editor:
    """What the form shows: the source revision it is aligned with, and the typed text."""

    source: Revision
    base: int | None
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    message: str = ""
    conflicts: list[SlotConflict] = field(default_factory=list)
    choices: dict[str, str] = field(default_factory=dict)
    theirs: TranslationRevision | None = None
    removed: list[str] = field(default_factory=list)


def _labels(source: dict[str, Any], orgs: dict[str, str]) -> dict[str, str]:
    labels = {"title": _("Title"), "lead": _("Lead"), "dateline_city": _("Dateline city")}
    for i in range(len(split_paragraphs(source.get("body", "")))):
        labels[f"body-{i}"] = _("Paragraph %(n)d", n=i + 1)
    names = {
        "honorific": _l("Honorific of %(speaker)s (%(org)s)"),
        "speaker": _l("Name of %(speaker)s (%(org)s)"),
        "function": _l("Function of %(speaker)s (%(org)s)"),
        "lead_in": _l("Words introducing %(speaker)s (%(org)s)"),
        "text": _l("Quote of %(speaker)s (%(org)s)"),
    }
    for quote in source.get("quotes") or []:
        qid = quote.get("id") or quote["organization"]
        org = orgs.get(quote["organization"], quote["organization"])
        for part, label in names.items():
            labels[f"quote-{qid}-{part}"] = str(label) % {"speaker": quote["speaker"], "org": org}
    for i, contact in enumerate(source.get("contacts") or []):
        labels[f"contact-{i}-name"] = _("Contact: name of %(name)s", name=contact["name"])
        labels[f"contact-{i}-affiliation"] = _(
            "Contact: organization of %(name)s", name=contact["name"]
        )
    labels["body"] = _("Body")
    return labels


def _is_name(key: str) -> bool:
    return key.endswith("-speaker") or (key.startswith("contact-") and key.endswith("-name"))


def slots(
    editor: Editor, statement: Statement, changes: SourceChanges | None, lang: str = ""
) -> list[Slot]:
    """The editor's slots; an empty name slot of a Cyrillic-script language is prefilled
    with a transliteration of the source name for the translator to check."""
    source = editor.source.content
    orgs = {o.slug: o.short_name(current_language()) for o in statement.organizations}
    labels = _labels(source, orgs)
    now = translations.to_slots(source, source)
    before = translations.to_slots(changes.before, changes.before) if changes else {}
    conflicts = {c.key: c for c in editor.conflicts}
    out = []
    for key, text in now.items():
        if key == "lead" and not text and not editor.values.get("lead"):
            continue
        change = None
        if changes and changes.outdated:
            if key.startswith("body-"):
                index = int(key[5:])
                if index in changes.paragraphs:
                    change = word_diff(changes.previous_paragraph(index), text)
            elif before.get(key, "") != text:
                change = word_diff(before.get(key, ""), text)
        value = editor.values.get(key, "")
        suggested = not value and _is_name(key) and uses_cyrillic(lang) and bool(text)
        out.append(
            Slot(
                key,
                labels[key],
                text,
                to_cyrillic(text) if suggested else value,
                key not in ("title", "dateline_city") and not _is_name(key),
                change,
                editor.errors.get(key, ""),
                conflicts.get(key),
                editor.choices.get(key, ""),
                suggested,
            )
        )
    return out


# --- pages --------------------------------------------------------------------------------


def _may_translate(statement: Statement) -> bool:
    return can_act_on_statement(actor(), statement, Permission.translate) and workflow.is_editable(
        statement.status
    )


@bp.get("/<int:statement_id>/translations")
@login_required
def matrix(statement_id: int) -> str:
    statement = get_statement(statement_id)
    return render_template(
        "translations/matrix.html",
        statement=statement,
        translation_rows=translation_queries.readiness(statement),
        may_translate=_may_translate(statement),
    )


@bp.route("/<int:statement_id>/translations/<lang>", methods=["GET", "POST"])
@login_required
def edit(statement_id: int, lang: str) -> str | Response | tuple[str, int]:
    statement = get_statement(statement_id, Permission.translate)
    lang = translation_queries.target_language(statement, lang)
    if request.method == "POST":
        return _save(statement, lang)
    translation = translation_queries.get_translation(statement, lang)
    current = translation.current_revision if translation else None
    source = statement.current_revision
    assert source is not None
    editor = Editor(source, None, translations.to_slots({}, source.content))
    if current is not None:
        made_from = current.source_revision.content
        editor = Editor(
            source,
            current.number,
            translations.to_slots(current.content, source.content, made_from),
            removed=translations.removed_paragraphs(current.content, source.content, made_from),
        )
    return _render(statement, lang, editor, current)


def _posted_editor(statement: Statement) -> tuple[Editor, dict[str, str]]:
    """The form as typed, with conflict choices applied (errors where one is missing)."""
    form = request.form
    source_number = parse_int(form.get("source_revision"))
    if source_number is None:
        abort(400)
    source = statement_queries.get_revision(statement, source_number)
    keys = translations.to_slots({}, source.content)
    editor = Editor(
        source, parse_int(form.get("base_revision")), {key: form.get(key, "") for key in keys}
    )
    overrides: dict[str, str] = {}
    for key in dict.fromkeys(form.getlist("conflict")):
        if key != "body" and key not in keys:
            continue
        conflict = SlotConflict(key, form.get(f"mine-{key}", ""), form.get(f"theirs-{key}", ""))
        choice = form.get(f"choice-{key}", "")
        editor.choices[key] = choice
        try:
            text = kept_text(conflict, choice)
        except ValueError:
            editor.conflicts.append(conflict)
            editor.errors[key] = _("Choose which version to keep.")
            continue
        if text is not None:
            if key == "body":
                overrides["body"] = text
            else:
                editor.values[key] = text
    return editor, overrides


def _current(translation: Translation | None) -> TranslationRevision | None:
    return translation.current_revision if translation else None


def _save(statement: Statement, lang: str) -> str | Response | tuple[str, int]:
    editor, overrides = _posted_editor(statement)
    theirs_number = parse_int(request.form.get("theirs_revision"))
    translation = translation_queries.get_translation(statement, lang)
    if editor.errors:
        editor.message = _("Choose which version to keep for each conflict.")
        if theirs_number is not None:
            editor.theirs = translation_queries.get_translation_revision(translation, theirs_number)
        return _render(statement, lang, editor, _current(translation))
    changes = {**translations.from_slots(editor.values, editor.source.content), **overrides}
    try:
        result = translations.save_translation(
            statement, signed_in(), lang, editor.base, editor.source.number, changes
        )
    except ValidationFailed as exc:
        _show_errors(editor, exc, changes)
        return _render(statement, lang, editor, _current(translation))
    except DomainError as exc:
        # Refused (e.g. published meanwhile): say why and keep what was typed in the form.
        db.session.rollback()
        editor.message = exc.message
        return _render(statement, lang, editor, _current(translation)), exc.status
    if result.conflict:
        editor.values, editor.conflicts = slot_conflicts(
            result.content, result.conflicts, editor.source.content
        )
        editor.theirs = result.current
        editor.base = result.current.number if result.current else None
        editor.message = (
            _(
                "Someone saved this translation meanwhile and some of your changes "
                "overlap theirs. Nothing was overwritten: your text is still in the "
                "form. Choose what to keep, then save again."
            )
            if editor.conflicts
            else _(
                "Someone saved this translation meanwhile; their changes and yours are "
                "combined in the form. Check the text, then save again."
            )
        )
        return _render(statement, lang, editor, result.current), 409
    if result.revision is not None:
        saved_elsewhere(statement.id, result.translation.lang)
    if result.revision is None:
        flash(_("Nothing to save: the stored translation already reads like this."), "info")
    elif result.merged_with is not None:
        flash(
            _(
                "Saved as revision %(n)d, merged with the changes %(name)s saved meanwhile.",
                n=result.revision.number,
                name=result.merged_with.author.display_name,
            ),
            "success",
        )
    else:
        flash(_("Translation saved (revision %(n)d).", n=result.revision.number), "success")
    return redirect(url_for("translations.edit", statement_id=statement.id, lang=lang))


def _show_errors(editor: Editor, exc: ValidationFailed, changes: dict[str, Any]) -> None:
    editor.message = exc.message
    details = exc.details if isinstance(exc.details, dict) else {}
    quotes = changes.get("quotes") or []
    for key, message in details.items():
        parts = str(key).split(".")
        if parts[0] in editor.values:
            editor.errors[parts[0]] = str(message)
        elif parts[0] == "quotes" and len(parts) == 3 and int(parts[1]) < len(quotes):
            qid = quotes[int(parts[1])].get("id") or quotes[int(parts[1])]["organization"]
            if f"quote-{qid}-{parts[2]}" in editor.values:
                editor.errors[f"quote-{qid}-{parts[2]}"] = str(message)
        elif parts[0] == "body" and "body-0" in editor.values:
            editor.errors["body-0"] = str(message)


def _render(
    statement: Statement, lang: str, editor: Editor, current: TranslationRevision | None
) -> str:
    changes = None
    if current is not None:
        changes = translations.source_changes(
            current.source_revision.content,
            editor.source.content,
            current.source_revision.number,
            editor.source.number,
        )
    slot_list = slots(editor, statement, changes, lang)
    city = editor.values.get("dateline_city") or editor.source.content.get("dateline_city", "")
    source_content = editor.source.content
    current_source = statement.current_revision
    assert current_source is not None  # revision 1 exists from creation on
    return render_template(
        "translations/edit.html",
        statement=statement,
        lang=lang,
        editor=editor,
        current=current,
        changes=changes if changes and changes.outdated else None,
        slots={s.key: s for s in slot_list},
        slot_list=slot_list,
        body=[s for s in slot_list if s.key.startswith("body-")],
        quotes=[
            (
                q,
                [
                    s
                    for s in slot_list
                    if s.key.startswith(f"quote-{q.get('id') or q['organization']}-")
                ],
            )
            for q in source_content.get("quotes") or []
        ],
        contact_slots=[s for s in slot_list if s.key.startswith("contact-")],
        whole_body=next((c for c in editor.conflicts if c.key == "body"), None),
        dateline=format_dateline(city, source_content.get("dateline_date", ""), lang),
        editable=workflow.is_editable(statement.status),
        direction=text_direction(lang),
        at_stake=[
            o.short_name(current_language())
            for o in approval_queries.at_stake(statement, bundles.current_hash(statement))
        ],
        status=translations.status_of(
            current.content if current else None,
            current.source_hash if current else None,
            current_source.content,
        ),
    )
