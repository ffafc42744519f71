"""Creating statements and saving revisions: immutability, merging, conflicts, restore."""

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.content import content_hash
from pressroom.domain.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from pressroom.models import PendingRevision, Revision, RevisionKind, Status
from pressroom.queries import statements as statement_queries
from pressroom.services import statements
from tests.conftest import statement_data


def test_create_makes_revision_one_with_creator_org_as_lead(mission, create_statement):
    statement = create_statement(author=mission["po_pace"], organizations=["odihr", "pace"])
    revision = statement.current_revision
    assert revision.number == 1 and revision.parent_id is None
    assert [o.slug for o in statement.organizations] == ["pace", "odihr"]
    assert revision.content["organizations"] == ["pace", "odihr"]
    assert revision.content_hash == content_hash(revision.content)
    assert statement.status == Status.draft
    assert statement.target_languages == ["fr", "ru"]
    # No public name before publication: a draft's working title never reaches a URL.
    assert statement.slug is None


def test_create_refused_for_admin(mission):
    with pytest.raises(PermissionDenied):
        statements.create_statement(mission["admin"], statement_data())


def test_invalid_content_names_fields(mission):
    data = statement_data(
        title="",
        further_info_url="javascript:alert(1)",
        contacts=[{"organization": "pace", "name": "X", "phone": "0662", "email": "bad"}],
    )
    with pytest.raises(ValidationFailed) as info:
        statements.create_statement(mission["po_odihr"], data)
    assert set(info.value.details) == {
        "title",
        "further_info_url",
        "contacts.0.phone",
        "contacts.0.email",
    }


def test_unknown_language_refused(mission):
    with pytest.raises(ValidationFailed):
        statements.create_statement(
            mission["po_odihr"], statement_data(), target_languages=["xx-nonsense"]
        )


def test_save_appends_and_never_overwrites(mission, dummy_statement):
    first = dummy_statement.current_revision
    result = statements.save(dummy_statement, mission["po_pace"], 1, {"title": "New title"})
    assert result.revision.number == 2 and result.revision.parent_id == first.id
    assert not result.merged
    db.session.refresh(first)
    assert first.content["title"] == "Kazakh elections: progress and problems"
    assert dummy_statement.current_revision.content["title"] == "New title"


def test_save_without_change_creates_nothing(mission, dummy_statement):
    result = statements.save(
        dummy_statement,
        mission["po_pace"],
        1,
        {"title": dummy_statement.current_revision.content["title"]},
    )
    assert result.revision is None and not result.conflict
    assert dummy_statement.current_revision.number == 1


def test_concurrent_saves_on_different_paragraphs_merge(mission, dummy_statement):
    statements.save(
        dummy_statement,
        mission["po_odihr"],
        1,
        {
            "body": "Voting was calm and orderly.\n\nThe count was assessed negatively.\n\n"
            "Nine seats appointed."
        },
    )
    result = statements.save(
        dummy_statement,
        mission["po_pace"],
        1,
        {
            "body": "Voting was calm.\n\nThe count was assessed negatively.\n\n"
            "Nine of 107 seats were appointed."
        },
    )
    assert result.merged and result.merged_with.number == 2
    assert result.revision.kind == RevisionKind.merge and result.revision.number == 3
    assert result.revision.content["body"] == (
        "Voting was calm and orderly.\n\nThe count was assessed negatively.\n\n"
        "Nine of 107 seats were appointed."
    )
    assert result.merged_with.author.label == "Officer odihr (ODIHR)"


def test_overlapping_saves_conflict_and_keep_both_texts(mission, dummy_statement):
    statements.save(dummy_statement, mission["po_odihr"], 1, {"title": "Theirs"})
    result = statements.save(dummy_statement, mission["po_pace"], 1, {"title": "Mine"})
    assert result.conflict and result.revision is None
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.mine, conflict.theirs) == ("title", "Mine", "Theirs")
    assert dummy_statement.current_revision.content["title"] == "Theirs"
    pending = db.session.scalar(sa.select(PendingRevision))
    assert pending.content["title"] == "Mine" and pending.user_id == mission["po_pace"].id
    # an unrelated save keeps it; resolving on the current revision saves and clears it
    statements.save(dummy_statement, mission["po_pace"], 2, {"lead": "Another lead."})
    assert statement_queries.pending_for(dummy_statement, mission["po_pace"]) is not None
    resolved = statements.save(
        dummy_statement, mission["po_pace"], 3, {"title": "Mine"}, resolving=True
    )
    assert resolved.revision.number == 4
    assert statement_queries.pending_for(dummy_statement, mission["po_pace"]) is None


def test_save_with_languages_changes_both_in_one_call(mission, dummy_statement):
    result = statements.save(
        dummy_statement,
        mission["po_pace"],
        1,
        {"title": "New title"},
        target_languages=["de", "fr"],
    )
    assert result.revision.number == 2 and result.languages_changed
    assert dummy_statement.target_languages == ["de", "fr"]


def test_save_with_languages_only(mission, dummy_statement):
    result = statements.save(dummy_statement, mission["po_pace"], 1, {}, target_languages=["ru"])
    assert result.revision is None and result.languages_changed
    assert dummy_statement.target_languages == ["ru"]


def test_conflicting_save_leaves_the_languages_alone(mission, dummy_statement):
    statements.save(dummy_statement, mission["po_odihr"], 1, {"title": "Theirs"})
    result = statements.save(
        dummy_statement, mission["po_pace"], 1, {"title": "Mine"}, target_languages=["de"]
    )
    assert result.conflict and not result.languages_changed
    assert dummy_statement.target_languages == ["fr", "ru"]


def test_resolve_conflict_applies_the_choices_and_clears_the_pending_version(
    mission, dummy_statement
):
    statements.save(dummy_statement, mission["po_odihr"], 1, {"title": "Theirs"})
    statements.save(dummy_statement, mission["po_pace"], 1, {"title": "Mine"})
    with pytest.raises(ValidationFailed) as refused:
        statements.resolve_conflict(dummy_statement, mission["po_pace"], 2, {"title": "both"}, {})
    assert set(refused.value.details) == {"title"}
    result = statements.resolve_conflict(
        dummy_statement, mission["po_pace"], 2, {"title": "edit"}, {"title": "Both, typed"}
    )
    assert result.revision.content["title"] == "Both, typed"
    assert statement_queries.pending_for(dummy_statement, mission["po_pace"]) is None


def test_resolve_conflict_without_a_pending_version_is_not_found(mission, dummy_statement):
    with pytest.raises(NotFound):
        statements.resolve_conflict(dummy_statement, mission["po_pace"], 1, {}, {})


def test_restore_appends_old_content(mission, dummy_statement):
    statements.save(dummy_statement, mission["po_odihr"], 1, {"title": "Changed"})
    result = statements.restore(dummy_statement, mission["po_odihr"], 1)
    assert result.revision.number == 3 and result.revision.kind == RevisionKind.restore
    assert result.revision.content_hash == db.session.scalar(
        sa.select(Revision.content_hash).where(
            Revision.number == 1, Revision.statement_id == dummy_statement.id
        )
    )


def test_outsider_and_admin_cannot_save(mission, dummy_statement):
    for who in ("po_outsider", "admin"):
        with pytest.raises(PermissionDenied):
            statements.save(dummy_statement, mission[who], 1, {"title": "x"})


def test_cannot_remove_own_organization(mission, dummy_statement):
    with pytest.raises(ValidationFailed):
        statements.save(dummy_statement, mission["po_pace"], 1, {"organizations": ["odihr"]})


def test_organization_change_updates_participants(mission, dummy_statement):
    statements.save(dummy_statement, mission["po_odihr"], 1, {"organizations": ["odihr", "pace"]})
    assert [o.slug for o in dummy_statement.organizations] == ["odihr", "pace"]


def test_published_statement_cannot_be_edited(mission, dummy_statement):
    dummy_statement.status = Status.published
    with pytest.raises(InvalidTransition):
        statements.save(dummy_statement, mission["po_odihr"], 1, {"title": "x"})


def test_unknown_field_refused(mission, dummy_statement):
    with pytest.raises(ValidationFailed):
        statements.save(dummy_statement, mission["po_odihr"], 1, {"status": "published"})


def test_only_the_lead_changes_who_takes_part(mission, dummy_statement):
    # odihr leads; pace may neither drop osce-pa nor add outsider nor take the lead
    for organizations in (
        ["odihr", "pace"],
        ["odihr", "osce-pa", "pace", "outsider"],
        ["pace", "odihr", "osce-pa"],
    ):
        with pytest.raises(PermissionDenied):
            statements.save(
                dummy_statement, mission["po_pace"], 1, {"organizations": organizations}
            )
    # reordering the others is not a change of who takes part
    statements.save(
        dummy_statement, mission["po_pace"], 1, {"organizations": ["odihr", "pace", "osce-pa"]}
    )
    # the lead itself may drop an organization, but not hand over the lead
    statements.save(dummy_statement, mission["po_odihr"], 2, {"organizations": ["odihr", "pace"]})
    with pytest.raises(PermissionDenied):
        statements.save(
            dummy_statement, mission["po_odihr"], 3, {"organizations": ["pace", "odihr"]}
        )


def test_restore_cannot_change_participants_for_a_non_lead(mission, dummy_statement):
    statements.save(dummy_statement, mission["po_odihr"], 1, {"organizations": ["odihr", "pace"]})
    with pytest.raises(PermissionDenied):
        statements.restore(dummy_statement, mission["po_pace"], 1)
    assert statements.restore(dummy_statement, mission["po_odihr"], 1).revision.number == 3
