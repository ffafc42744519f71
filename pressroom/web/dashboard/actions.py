"""The dashboard's next action as words and a link (pressroom.domain.next_action decides
which step it is)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from pressroom.domain.next_action import NextAction, Step
from pressroom.i18n import current_language, ui_language_name
from pressroom.models import Statement


@dataclass(frozen=True)
class ActionLink:
    label: str
    url: str
    primary: bool  # something the viewer does (a button), not a state to wait for


def _names(statement: Statement, slugs: tuple[str, ...]) -> str:
    names = {o.slug: o.short_name(current_language()) for o in statement.organizations}
    return ", ".join(names.get(slug, slug) for slug in slugs)


def action_link(statement: Statement, action: NextAction) -> ActionLink:
    sid = statement.id
    subject = action.subjects[0] if action.subjects else ""
    review = url_for("review.show", statement_id=sid)
    publishing = url_for("publishing.index", statement_id=sid)
    edit = url_for("statements.edit", statement_id=sid)
    match action.step:
        case Step.resolve_conflict:
            label, url = _("Resolve the conflict"), url_for("statements.resolve", statement_id=sid)
        case Step.submit:
            label, url = _("Submit for review"), review
        case Step.view_draft:
            label, url = _("Open the draft"), edit
        case Step.address_changes:
            label = _(
                "Address the changes %(orgs)s requested", orgs=_names(statement, action.subjects)
            )
            url = edit
        case Step.translate_into:
            label = _("Translate into %(lang)s", lang=ui_language_name(subject))
            url = url_for("translations.edit", statement_id=sid, lang=subject)
        case Step.update_translation:
            label = _("Update the %(lang)s translation", lang=ui_language_name(subject))
            url = url_for("translations.edit", statement_id=sid, lang=subject)
        case Step.approve:
            label = _("Approve for %(org)s", org=_names(statement, action.subjects))
            url = review + "#decide"
        case Step.wait_for_approval:
            label = _(
                "Waiting for the approval of %(orgs)s", orgs=_names(statement, action.subjects)
            )
            url = review
        case Step.publish:
            label, url = _("Ready to publish"), publishing
        case Step.wait_for_publication:
            label, url = _("Approved: waiting for publication"), publishing
        case Step.scheduled:
            label, url = _("Scheduled: see the embargo"), publishing
        case Step.published:
            label, url = _("Published: see the releases"), publishing
        case Step.withdrawn:
            label, url = _("Withdrawn"), publishing
    return ActionLink(label, url, action.primary)


def action_links(
    statements: list[Statement], actions: dict[int, NextAction]
) -> dict[int, ActionLink]:
    return {s.id: action_link(s, actions[s.id]) for s in statements if s.id in actions}
