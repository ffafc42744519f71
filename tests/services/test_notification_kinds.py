"""Who is told what (issue #14 point 5): per kind, the right people get an inbox entry
with a link to the exact place, others do not, and the actor never does."""

from __future__ import annotations

import datetime as dt

from pressroom.db import db
from pressroom.domain.notifications import Kind
from pressroom.queries import notifications as inbox_queries
from pressroom.services import approvals, comments, lifting, publishing, statements
from tests.services.test_lifting import T0, clock  # noqa: F401  (fixture)
from tests.services.test_publishing import approve_all
from tests.services.test_translations import RU, edit_source, translate

PEOPLE = ("po_odihr", "head_odihr", "po_osce-pa", "head_osce-pa", "po_pace", "head_pace")
EVERYONE = (*PEOPLE, "po_outsider", "head_outsider", "admin")


def told(mission, kind: Kind) -> set[str]:  # type: ignore[no-untyped-def]
    """Who has a notification of `kind` in their inbox."""
    return {
        name for name in EVERYONE if any(n.kind == kind for n in inbox_queries.inbox(mission[name]))
    }


def latest(user, kind: Kind):  # type: ignore[no-untyped-def]
    return next(n for n in inbox_queries.inbox(user) if n.kind == kind)


def test_review_requested_reaches_the_heads_but_not_the_submitter(mission, create_statement):
    statement = create_statement(author=mission["po_odihr"], targets=[])
    approvals.submit(statement, mission["head_odihr"])
    assert told(mission, Kind.review_requested) == {"head_osce-pa", "head_pace"}
    note = latest(mission["head_pace"], Kind.review_requested)
    assert note.link == f"/statements/{statement.id}/review"
    assert note.actor_id == mission["head_odihr"].id and note.read_at is None
    assert note.data["title"] == "Kazakh elections: progress and problems"


def test_changes_requested_reaches_every_other_participant(mission, create_statement):
    statement = create_statement(targets=[])
    approvals.submit(statement, mission["po_odihr"])
    approvals.decide(statement, mission["head_pace"], "request_changes", 1, "Shorter, please.")
    assert told(mission, Kind.changes_requested) == set(PEOPLE) - {"head_pace"}
    note = latest(mission["po_odihr"], Kind.changes_requested)
    assert note.link == f"/statements/{statement.id}" and note.data["comment"] == "Shorter, please."


def test_approval_dismissed_names_the_change_and_reaches_only_the_heads_who_approved(
    mission, create_statement
):
    statement = create_statement(targets=["ru"])
    approvals.submit(statement, mission["po_odihr"])
    approvals.decide(statement, mission["head_odihr"], "approve", 1)
    approvals.decide(statement, mission["head_pace"], "approve", 1)
    edit_source(statement, mission["head_odihr"], title="A new title")
    # head_odihr made the change: their organization's approval went too, but they know
    assert told(mission, Kind.approval_dismissed) == {"head_pace"}
    note = latest(mission["head_pace"], Kind.approval_dismissed)
    assert note.data["changes"] == [{"code": "source", "old": 1, "new": 2}]
    assert note.link == f"/statements/{statement.id}/review"
    approvals.decide(statement, mission["head_pace"], "approve", 2)
    translate(statement, mission["po_odihr"], title=RU["title"])
    dismissed = latest(mission["head_pace"], Kind.approval_dismissed)
    assert dismissed.id != note.id
    assert dismissed.data["changes"] == [
        {"code": "translation", "lang": "ru", "old": None, "new": 1}
    ]
    assert dismissed.lang == "ru"
    assert dismissed.link == f"/statements/{statement.id}/review?lang=ru"  # the language tab


def test_ready_to_publish_reaches_heads_and_the_lead_press_officers(mission, create_statement):
    statement = create_statement(targets=[])
    approve_all(statement, mission)  # head_pace approves last
    assert told(mission, Kind.ready_to_publish) == {"head_odihr", "head_osce-pa", "po_odihr"}
    note = latest(mission["po_odihr"], Kind.ready_to_publish)
    assert note.link == f"/statements/{statement.id}/publish"


def test_translation_needed_for_each_new_language(mission, create_statement):
    statement = create_statement(author=mission["po_odihr"], targets=["ru"])
    assert told(mission, Kind.translation_needed) == {"po_osce-pa", "po_pace"}
    result = statements.save(statement, mission["po_pace"], 1, {}, target_languages=["ru", "fr"])
    assert result.languages_changed
    kinds = [(n.kind, n.lang) for n in inbox_queries.inbox(mission["po_odihr"])]
    assert kinds == [(Kind.translation_needed, "fr")]  # only the added language
    note = latest(mission["po_odihr"], Kind.translation_needed)
    assert note.link == f"/statements/{statement.id}/translations/fr"
    assert not any(
        n.kind == Kind.translation_needed
        for n in inbox_queries.inbox(mission["po_pace"])
        if n.lang == "fr"
    )


def test_translation_outdated_once_when_the_source_changes(mission, create_statement):
    statement = create_statement(targets=["ru", "fr"])
    translate(statement, mission["po_pace"], **RU)  # fr is never started: nothing to outdate
    # nothing translatable changed
    edit_source(statement, mission["po_odihr"], further_info_url="https://osce.org/x")
    assert told(mission, Kind.translation_outdated) == set()
    edit_source(statement, mission["po_odihr"], body="Voting was calm.\n\nA new paragraph.")
    assert told(mission, Kind.translation_outdated) == {"po_osce-pa", "po_pace"}
    note = latest(mission["po_pace"], Kind.translation_outdated)
    assert (note.lang, note.data["revision"]) == ("ru", 3)
    assert note.link == f"/statements/{statement.id}/translations/ru"
    edit_source(statement, mission["po_odihr"], title="Again")  # outdated already: no repeat
    assert [n.kind for n in inbox_queries.inbox(mission["po_pace"])].count(
        Kind.translation_outdated
    ) == 1


def test_mentions_and_replies(mission, create_statement):
    statement = create_statement(targets=[])
    root = comments.add_comment(
        statement, mission["po_odihr"], "@Head pace, the quote? Also @officer outsider."
    )
    assert told(mission, Kind.mentioned) == {"head_pace"}  # outsiders take no part
    note = latest(mission["head_pace"], Kind.mentioned)
    assert note.link == f"/statements/{statement.id}#comment-{root.id}"
    assert note.comment_id == root.id and "the quote?" in note.data["excerpt"]
    first = comments.add_comment(statement, mission["head_pace"], "Fine.", parent=root)
    assert told(mission, Kind.reply) == {"po_odihr"}
    assert latest(mission["po_odihr"], Kind.reply).link.endswith(f"#comment-{first.id}")
    # a reply that mentions an earlier author: one notification for them, as a mention
    comments.add_comment(statement, mission["po_osce-pa"], "@po, agreed.", parent=first)
    kinds = [n.kind for n in inbox_queries.inbox(mission["po_odihr"])]
    assert sorted(kinds) == sorted([Kind.reply, Kind.mentioned])
    assert told(mission, Kind.reply) == {"po_odihr", "head_pace"}


def test_a_mention_of_oneself_tells_nobody(mission, create_statement):
    statement = create_statement(targets=[])
    comments.add_comment(statement, mission["po_odihr"], "Note to self, @Officer odihr.")
    assert told(mission, Kind.mentioned) == set()


def test_published_now_and_scheduled_then_lifted(
    mission,
    create_statement,
    clock,  # noqa: F811 (fixture)
):
    now = create_statement(targets=[])
    approve_all(now, mission)
    publishing.publish(now, mission["po_odihr"])
    db.session.commit()
    assert told(mission, Kind.published) == set(PEOPLE) - {"po_odihr"}
    note = latest(mission["head_pace"], Kind.published)
    assert note.link == f"/en/releases/{now.slug}" and note.data["scheduled"] is False
    assert told(mission, Kind.embargo_lifted) == set()  # it was public at once

    later = create_statement(targets=[], title="Embargoed")
    approve_all(later, mission)
    embargo = T0 + dt.timedelta(hours=6)
    publishing.publish(later, mission["po_pace"], embargo_until=embargo)
    db.session.commit()
    scheduled = latest(mission["po_odihr"], Kind.published)
    assert scheduled.data["scheduled"] is True
    assert scheduled.link == f"/statements/{later.id}/publish"  # not public yet
    clock.set(embargo + dt.timedelta(seconds=1))
    lifting.sweep()
    assert told(mission, Kind.embargo_lifted) == set(PEOPLE)  # the clock acted: everyone
    lifted = latest(mission["po_pace"], Kind.embargo_lifted)
    assert lifted.link == f"/en/releases/{later.slug}" and lifted.actor_id is None
