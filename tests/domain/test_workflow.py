"""Every (state, action, role) with its expected outcome."""

import pytest

from pressroom.domain.errors import InvalidTransition
from pressroom.domain.permissions import Permission, Role, has_permission
from pressroom.domain.workflow import Action, Status, after_decision, allowed, transition
from tests.domain.test_permissions import FakeUser

S, A = Status, Action
# (state, action) -> resulting state; absent = refused.
ALLOWED = {
    (S.draft, A.edit): S.draft,
    (S.in_review, A.edit): S.in_review,
    (S.approved, A.edit): S.in_review,
    (S.draft, A.submit): S.in_review,
    (S.in_review, A.decide): S.in_review,
    (S.approved, A.decide): S.approved,
    (S.approved, A.publish): S.published,
    (S.approved, A.schedule): S.scheduled,
    (S.scheduled, A.cancel_schedule): S.approved,
    (S.published, A.correct): S.draft,
    (S.scheduled, A.correct): S.draft,
    (S.published, A.withdraw): S.withdrawn,
    (S.scheduled, A.withdraw): S.withdrawn,
}
# Which permission each action needs.
NEEDS = {
    A.edit: Permission.edit_statement,
    A.submit: Permission.submit,
    A.decide: Permission.approve,
    A.publish: Permission.publish,
    A.schedule: Permission.publish,
    A.cancel_schedule: Permission.publish,
    A.correct: Permission.correct,
    A.withdraw: Permission.withdraw,
}
# Who may take each action, written out (not derived from the permission table).
EDITORS = {Role.press_officer, Role.head_of_delegation}
MAY = {
    A.edit: EDITORS,
    A.submit: EDITORS,
    A.decide: {Role.head_of_delegation},
    A.publish: EDITORS,
    A.schedule: EDITORS,
    A.cancel_schedule: EDITORS,
    A.correct: EDITORS,
    A.withdraw: {Role.head_of_delegation},
}
CASES = [(s, a, r) for s in Status for a in Action for r in Role]


@pytest.mark.parametrize(
    ("state", "action", "role"), CASES, ids=[f"{s}-{a}-{r}" for s, a, r in CASES]
)
def test_state_action_role(state: Status, action: Action, role: Role) -> None:
    user = FakeUser(role, None if role == Role.admin else 1)
    # The role dimension: the permission the services check first.
    assert has_permission(user, NEEDS[action]) == (role in MAY[action])
    # The state dimension: the transition table, or a refusal naming both.
    expected = ALLOWED.get((state, action))
    assert allowed(state, action) == (expected is not None)
    if expected is None:
        with pytest.raises(InvalidTransition):
            transition(state, action)
    else:
        assert transition(state, action) is expected


def test_only_heads_decide_and_withdraw() -> None:
    for action in (A.decide, A.withdraw):
        assert [r for r in Role if has_permission(FakeUser(r, 1), NEEDS[action])] == [
            Role.head_of_delegation
        ]


@pytest.mark.parametrize(
    ("state", "everyone", "expected"),
    [
        (S.in_review, True, S.approved),
        (S.in_review, False, S.in_review),
        (S.approved, False, S.in_review),
        (S.approved, True, S.approved),
    ],
)
def test_after_decision(state: Status, everyone: bool, expected: Status) -> None:
    assert after_decision(state, everyone) is expected


@pytest.mark.parametrize("state", [S.draft, S.published, S.scheduled, S.withdrawn])
def test_after_decision_outside_review_refused(state: Status) -> None:
    with pytest.raises(InvalidTransition):
        after_decision(state, True)


def test_refusal_message_names_state_and_action() -> None:
    with pytest.raises(InvalidTransition) as info:
        transition(S.published, A.edit)
    assert "published" in info.value.message and "edited" in info.value.message
