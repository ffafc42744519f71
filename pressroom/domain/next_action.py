"""What a statement needs next from the person looking at it: the dashboard's one button
per statement ("Approve for PACE", "Translate into Russian", "Waiting for ODIHR's
approval", "Ready to publish", "Resolve the conflict").

Pure: the caller passes the statement's state as plain values; the web layer turns the
answer into words and a link.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pressroom.domain.translation import TranslationStatus
from pressroom.domain.workflow import Status


class Step(enum.StrEnum):
    resolve_conflict = "resolve_conflict"  # the viewer's own save conflicted: choose texts
    submit = "submit"  # a draft: submit it for review
    view_draft = "view_draft"  # a draft the viewer may not submit
    address_changes = "address_changes"  # an organization requested changes (subjects)
    translate_into = "translate_into"  # a target language is missing or unfinished (subject)
    update_translation = "update_translation"  # a translation is outdated (subject)
    approve = "approve"  # the viewer's organization has to decide (subject: own org)
    wait_for_approval = "wait_for_approval"  # other organizations have to decide (subjects)
    publish = "publish"  # approved and translated: ready to publish
    wait_for_publication = "wait_for_publication"  # approved; the viewer may not publish
    scheduled = "scheduled"  # published under embargo, public later
    published = "published"  # public
    withdrawn = "withdrawn"  # withdrawn


class Decided(enum.StrEnum):
    """An organization's decision on the current bundle (older ones do not count)."""

    approved = "approved"
    changes_requested = "changes_requested"
    open = "open"  # no decision on the current bundle


@dataclass(frozen=True)
class Situation:
    status: Status
    decisions: Sequence[tuple[str, Decided]]  # organization key -> decision, lead first
    translations: Mapping[str, TranslationStatus]  # target language -> state, in order
    own_organization: str | None  # the viewer's organization key
    may_edit: bool  # the viewer may edit, translate, submit and publish
    may_approve: bool  # the viewer decides for own_organization
    has_conflict: bool  # the viewer has a pending (conflicting) version


@dataclass(frozen=True)
class NextAction:
    step: Step
    subjects: tuple[str, ...] = ()  # organizations or languages the step is about
    primary: bool = True  # something for the viewer to do (not waiting or done)


_DONE = {
    Status.scheduled: Step.scheduled,
    Status.published: Step.published,
    Status.withdrawn: Step.withdrawn,
}


def _unfinished_translation(situation: Situation) -> NextAction | None:
    for lang, state in situation.translations.items():
        if state == TranslationStatus.outdated:
            return NextAction(Step.update_translation, (lang,))
        if state != TranslationStatus.complete:
            return NextAction(Step.translate_into, (lang,))
    return None


def next_action(situation: Situation) -> NextAction:
    """The one next step, in the order the workflow needs them: the viewer's conflict,
    submitting, requested changes, translations (an approval given before a translation
    is saved would be dismissed by it), the viewer's own decision, then waiting."""
    status = situation.status
    if status in _DONE:
        return NextAction(_DONE[status], primary=False)
    if situation.has_conflict and situation.may_edit:
        return NextAction(Step.resolve_conflict)
    if status == Status.draft:
        return NextAction(Step.submit) if situation.may_edit else NextAction(Step.view_draft)
    requested = tuple(
        org for org, decided in situation.decisions if decided == Decided.changes_requested
    )
    if requested and status == Status.in_review:
        return NextAction(Step.address_changes, requested, primary=situation.may_edit)
    translation = _unfinished_translation(situation)
    if translation is not None and situation.may_edit:
        return translation
    if status == Status.approved:
        if situation.may_edit and translation is None:
            return NextAction(Step.publish)
        return NextAction(Step.wait_for_publication, primary=False)
    own = dict(situation.decisions).get(situation.own_organization or "")
    if situation.may_approve and own == Decided.open:
        return NextAction(Step.approve, (situation.own_organization or "",))
    waiting = tuple(org for org, decided in situation.decisions if decided != Decided.approved)
    return NextAction(Step.wait_for_approval, waiting, primary=False)
