"""Statement states and transitions (design.md, "Statement states"). Pure: the services
ask `transition(status, action)` before they change anything."""

from __future__ import annotations

import enum

from pressroom.domain.errors import InvalidTransition
from pressroom.domain.messages import msg


class Status(enum.StrEnum):
    draft = "draft"
    in_review = "in_review"
    approved = "approved"
    scheduled = "scheduled"
    published = "published"
    withdrawn = "withdrawn"


class Action(enum.StrEnum):
    edit = "edit"  # save a new revision (also restore, merge, organization changes)
    submit = "submit"  # ask the heads to review
    decide = "decide"  # approve or request changes (whether it completes: `after_decision`)
    publish = "publish"  # now
    schedule = "schedule"  # publish with an embargo in the future
    cancel_schedule = "cancel_schedule"
    correct = "correct"  # start version N+1 from a published release
    withdraw = "withdraw"


_EDITABLE = {Status.draft, Status.in_review, Status.approved}

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.draft, Action.edit): Status.draft,
    # Editing under review keeps it there: older approvals simply stop counting.
    (Status.in_review, Action.edit): Status.in_review,
    # An approved text that changes needs approval again.
    (Status.approved, Action.edit): Status.in_review,
    (Status.draft, Action.submit): Status.in_review,
    (Status.in_review, Action.decide): Status.in_review,
    (Status.approved, Action.decide): Status.approved,
    (Status.approved, Action.publish): Status.published,
    (Status.approved, Action.schedule): Status.scheduled,
    (Status.scheduled, Action.cancel_schedule): Status.approved,
    (Status.published, Action.correct): Status.draft,
    (Status.scheduled, Action.correct): Status.draft,
    (Status.published, Action.withdraw): Status.withdrawn,
    (Status.scheduled, Action.withdraw): Status.withdrawn,
}


def transition(status: Status | str, action: Action | str) -> Status:
    """The state after `action`, or InvalidTransition naming what is not allowed."""
    status, action = Status(status), Action(action)
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(
            msg(
                "A statement that is %(state)s cannot be %(action)s.",
                state=_STATES[status],
                action=_VERBS[action],
            ),
            details={"status": status.value, "action": action.value},
        ) from None


def allowed(status: Status | str, action: Action | str) -> bool:
    return (Status(status), Action(action)) in TRANSITIONS


def after_decision(status: Status | str, everyone_approved: bool) -> Status:
    """After any decision or edit under review: approved iff every organization approved
    the current hash; otherwise (back) in review."""
    status = Status(status)
    if status not in (Status.in_review, Status.approved):
        raise InvalidTransition(
            msg("A statement that is %(state)s cannot be reviewed.", state=_STATES[status])
        )
    return Status.approved if everyone_approved else Status.in_review


def is_editable(status: Status | str) -> bool:
    return Status(status) in _EDITABLE


# Message parts, translated with the message at the edge ("… cannot be edited").
_VERBS = {
    Action.edit: msg("edited"),
    Action.submit: msg("submitted for review"),
    Action.decide: msg("approved or sent back"),
    Action.publish: msg("published"),
    Action.schedule: msg("scheduled"),
    Action.cancel_schedule: msg("unscheduled"),
    Action.correct: msg("corrected"),
    Action.withdraw: msg("withdrawn"),
}
_STATES = {
    Status.draft: msg("a draft"),
    Status.in_review: msg("in review"),
    Status.approved: msg("approved"),
    Status.scheduled: msg("scheduled"),
    Status.published: msg("published"),
    Status.withdrawn: msg("withdrawn"),
}
