"""Comment and presence services: permissions, anchors, threads, audit, expiry."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.errors import NotFound, PermissionDenied, ValidationFailed
from pressroom.models import AuditEvent, Presence
from pressroom.queries import comments as comment_queries
from pressroom.services import comments, presence


def test_add_comment_anchored_and_audited(mission, dummy_statement):
    comment = comments.add_comment(
        dummy_statement, mission["po_pace"], "  Check this.  ", paragraph=2
    )
    assert comment.body == "Check this." and comment.paragraph == 2
    event = db.session.scalar(sa.select(AuditEvent).order_by(AuditEvent.id.desc()))
    assert event.action == "comment.add" and event.details["comment"] == comment.id
    assert comment_queries.comments_for(dummy_statement) == [comment]


@pytest.mark.parametrize("paragraph", [-1, 3, 99])
def test_paragraph_must_exist_in_the_current_body(mission, dummy_statement, paragraph):
    with pytest.raises(ValidationFailed) as info:
        comments.add_comment(dummy_statement, mission["po_odihr"], "Hm.", paragraph=paragraph)
    assert info.value.details == {"paragraph": "out of range"}


@pytest.mark.parametrize("body", ["", "   ", None])
def test_empty_comment_is_refused(mission, dummy_statement, body):
    with pytest.raises(ValidationFailed) as info:
        comments.add_comment(dummy_statement, mission["po_odihr"], body)
    assert info.value.details == {"body": "required"}


@pytest.mark.parametrize("who", ["po_outsider", "admin"])
def test_only_participants_may_comment(mission, dummy_statement, who):
    with pytest.raises(PermissionDenied):
        comments.add_comment(dummy_statement, mission[who], "Hello.")


def test_replies_join_the_thread_and_take_its_anchor(mission, dummy_statement):
    root = comments.add_comment(dummy_statement, mission["po_odihr"], "Root.", paragraph=1)
    reply = comments.add_comment(dummy_statement, mission["po_pace"], "Reply.", parent=root)
    deeper = comments.add_comment(
        dummy_statement, mission["po_odihr"], "Again.", parent=reply, paragraph=0
    )
    assert reply.parent_id == root.id and deeper.parent_id == root.id
    assert reply.paragraph == deeper.paragraph == 1
    threads = comment_queries.comments_for(dummy_statement)
    assert threads == [root]
    db.session.refresh(root)
    assert [r.body for r in root.replies] == ["Reply.", "Again."]


def test_parent_from_another_statement_is_not_found(mission, create_statement):
    first, second = create_statement(), create_statement(title="Second")
    root = comments.add_comment(first, mission["po_odihr"], "Root.")
    with pytest.raises(NotFound):
        comments.add_comment(second, mission["po_odihr"], "Reply.", parent=root)
    with pytest.raises(NotFound):
        comments.get_comment(second, root.id)


def test_resolve_and_reopen_are_audited_and_idempotent(mission, dummy_statement):
    comment = comments.add_comment(dummy_statement, mission["po_odihr"], "Root.")
    comments.resolve_comment(comment, mission["head_pace"])
    comments.resolve_comment(comment, mission["head_pace"])
    assert comment.resolved_at is not None and comment.resolved_by_id == mission["head_pace"].id
    comments.reopen_comment(comment, mission["po_odihr"])
    comments.reopen_comment(comment, mission["po_odihr"])
    assert comment.resolved_at is None and comment.resolved_by_id is None
    actions = list(
        db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.action.like("comment.%"))
            .order_by(AuditEvent.id)
        )
    )
    assert actions == ["comment.add", "comment.resolve", "comment.reopen"]
    with pytest.raises(PermissionDenied):
        comments.resolve_comment(comment, mission["po_outsider"])


def test_presence_shows_others_not_oneself(app, mission, dummy_statement):
    presence.heartbeat(dummy_statement, mission["po_odihr"])
    presence.heartbeat(dummy_statement, mission["head_pace"])
    presence.heartbeat(dummy_statement, mission["head_pace"])  # upsert, not a second row
    assert presence.present(dummy_statement, mission["po_odihr"]) == [mission["head_pace"]]
    assert presence.present(dummy_statement, mission["head_pace"]) == [mission["po_odihr"]]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Presence)) == 2


def test_presence_forgets_users_after_presence_seconds(app, mission, dummy_statement):
    presence.heartbeat(dummy_statement, mission["po_pace"])
    seconds = app.config["PRESENCE_SECONDS"]
    row = db.session.get(Presence, (dummy_statement.id, mission["po_pace"].id))
    row.seen_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds - 5)
    db.session.flush()
    assert presence.present(dummy_statement, mission["po_odihr"]) == [mission["po_pace"]]
    row.seen_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds + 1)
    db.session.flush()
    assert presence.present(dummy_statement, mission["po_odihr"]) == []
    presence.heartbeat(dummy_statement, mission["po_pace"])
    assert presence.present(dummy_statement, mission["po_odihr"]) == [mission["po_pace"]]


def test_heartbeat_refused_to_non_participants(mission, dummy_statement):
    for who in ("po_outsider", "admin"):
        with pytest.raises(NotFound):
            presence.heartbeat(dummy_statement, mission[who])


def test_presence_lives_in_redis_when_redis_url_is_set(app, mission, dummy_statement, monkeypatch):
    import time
    import uuid

    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError as exc:
        pytest.fail(f"Redis is needed at {url} (.ci/run starts it): {exc}", pytrace=False)
    prefix = f"pressroom-test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setitem(app.config, "REDIS_URL", url)
    monkeypatch.setitem(app.config, "REDIS_PREFIX", prefix)
    presence.heartbeat(dummy_statement, mission["po_odihr"])
    presence.heartbeat(dummy_statement, mission["head_pace"])
    assert presence.present(dummy_statement, mission["po_odihr"]) == [mission["head_pace"]]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Presence)) == 0
    client = redis.Redis.from_url(url)
    key = f"{prefix}:presence:{dummy_statement.id}"
    client.zadd(
        key, {str(mission["head_pace"].id): time.time() - app.config["PRESENCE_SECONDS"] - 1}
    )  # last seen too long ago
    assert presence.present(dummy_statement, mission["po_odihr"]) == []
    client.delete(key)
