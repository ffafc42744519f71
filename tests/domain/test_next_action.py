"""The dashboard's next action per statement, for every state and viewer that matters."""

from __future__ import annotations

import pytest

from pressroom.domain.next_action import Decided, NextAction, Situation, Step, next_action
from pressroom.domain.translation import TranslationStatus as T
from pressroom.domain.workflow import Status

A, C, N = Decided.approved, Decided.changes_requested, Decided.open  # N: no decision
DONE = {"ru": T.complete, "fr": T.complete}


def situation(
    status: Status = Status.in_review,
    decisions: tuple[Decided, Decided, Decided] = (N, N, N),
    translations: dict[str, T] | None = None,
    own: str = "pace",
    may_edit: bool = True,
    may_approve: bool = False,
    has_conflict: bool = False,
) -> Situation:
    return Situation(
        status=status,
        decisions=tuple(zip(("osce-pa", "odihr", "pace"), decisions, strict=True)),
        translations=DONE if translations is None else translations,
        own_organization=own,
        may_edit=may_edit,
        may_approve=may_approve,
        has_conflict=has_conflict,
    )


HEAD = {"may_approve": True}
READER = {"may_edit": False}

CASES = [
    # (what, situation, expected)
    ("draft: an editor submits", situation(Status.draft), NextAction(Step.submit)),
    ("draft: a non-editor looks", situation(Status.draft, **READER), NextAction(Step.view_draft)),
    (
        "a conflict comes before anything else",
        situation(Status.in_review, has_conflict=True, **HEAD),
        NextAction(Step.resolve_conflict),
    ),
    (
        "a conflict in a draft",
        situation(Status.draft, has_conflict=True),
        NextAction(Step.resolve_conflict),
    ),
    (
        "changes requested: editors address them",
        situation(decisions=(A, C, N), **HEAD),
        NextAction(Step.address_changes, ("odihr",)),
    ),
    (
        "a missing translation before approving (an approval would be dismissed by it)",
        situation(translations={"ru": T.missing, "fr": T.complete}, **HEAD),
        NextAction(Step.translate_into, ("ru",)),
    ),
    (
        "an unfinished translation",
        situation(translations={"ru": T.complete, "fr": T.in_progress}),
        NextAction(Step.translate_into, ("fr",)),
    ),
    (
        "an outdated translation is updated",
        situation(translations={"ru": T.outdated, "fr": T.complete}),
        NextAction(Step.update_translation, ("ru",)),
    ),
    (
        "a head whose organization has not decided approves",
        situation(decisions=(A, N, N), **HEAD),
        NextAction(Step.approve, ("pace",)),
    ),
    (
        "a head whose organization approved waits for the others",
        situation(decisions=(A, N, A), **HEAD),
        NextAction(Step.wait_for_approval, ("odihr",), primary=False),
    ),
    (
        "a press officer waits for every organization that has not approved",
        situation(decisions=(A, N, N)),
        NextAction(Step.wait_for_approval, ("odihr", "pace"), primary=False),
    ),
    (
        "approved and translated: ready to publish",
        situation(Status.approved, (A, A, A)),
        NextAction(Step.publish),
    ),
    (
        "approved but a translation went outdated",
        situation(Status.approved, (A, A, A), {"ru": T.outdated}),
        NextAction(Step.update_translation, ("ru",)),
    ),
    (
        "approved: a non-editor waits for publication",
        situation(Status.approved, (A, A, A), **READER),
        NextAction(Step.wait_for_publication, primary=False),
    ),
    (
        "scheduled",
        situation(Status.scheduled, (A, A, A)),
        NextAction(Step.scheduled, primary=False),
    ),
    (
        "published",
        situation(Status.published, (A, A, A)),
        NextAction(Step.published, primary=False),
    ),
    ("withdrawn", situation(Status.withdrawn), NextAction(Step.withdrawn, primary=False)),
    (
        "published with a stale conflict: nothing to resolve any more",
        situation(Status.published, has_conflict=True),
        NextAction(Step.published, primary=False),
    ),
    (
        "no target languages: straight to the decision",
        situation(translations={}, **HEAD),
        NextAction(Step.approve, ("pace",)),
    ),
]


@pytest.mark.parametrize(("what", "given", "expected"), CASES, ids=[c[0] for c in CASES])
def test_next_action(what: str, given: Situation, expected: NextAction) -> None:
    assert next_action(given) == expected
