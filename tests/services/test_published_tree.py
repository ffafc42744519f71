"""The published tree (services/published_tree.py): public PDFs, and only those, under their
content address; embargoed, cancelled and withdrawn files never in it; written atomically;
announcements on Redis after the commit; the keeper wakes at an embargo lift."""

import datetime as dt
import threading
import time
import uuid

import pytest
import redis

from pressroom.db import db
from pressroom.models import ArtifactKind
from pressroom.queries import releases
from pressroom.services import published_tree, publishing, storage
from tests.services.test_publishing import approve_all

NOW = dt.datetime(2007, 8, 19, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def tree(app, tmp_path):  # type: ignore[no-untyped-def]
    app.config["PUBLISHED_TREE"] = str(tmp_path / "tree")
    yield tmp_path / "tree"
    app.config["PUBLISHED_TREE"] = ""


@pytest.fixture
def at(app):  # type: ignore[no-untyped-def]
    def set_clock(moment: dt.datetime) -> None:
        app.config["CLOCK"] = lambda: moment

    yield set_clock
    app.config.pop("CLOCK", None)


@pytest.fixture
def approved(mission, create_statement):  # type: ignore[no-untyped-def]
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    return statement


def pdf_of(release) -> str:  # type: ignore[no-untyped-def]
    return releases.artifact(release, "en", ArtifactKind.pdf).sha256


def files(tree) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.name for p in (tree / "files").iterdir()}


def test_public_pdf_written_whole_under_its_hash(mission, approved, tree):
    release = publishing.publish(approved, mission["po_odihr"])
    db.session.commit()
    sha = pdf_of(release)
    result = published_tree.reconcile()
    assert (result.added, result.removed, result.failed) == (1, 0, 0)
    assert files(tree) == {f"{sha}.pdf"}  # PDFs only: pages stay with the app
    path = published_tree.file_path(tree, sha)
    assert path.read_bytes() == storage.read_bytes(sha, "pdf")
    assert path.stat().st_mode & 0o777 == 0o644
    again = published_tree.reconcile()  # idempotent
    assert (again.added, again.removed) == (0, 0)


def test_embargoed_file_enters_at_the_lift_and_not_before(mission, approved, tree, at):
    at(NOW)
    release = publishing.publish(
        approved, mission["po_odihr"], embargo_until=NOW + dt.timedelta(hours=1)
    )
    db.session.commit()
    sha = pdf_of(release)
    published_tree.reconcile()
    published_tree.sync_statement(approved.id)
    assert files(tree) == set()
    assert releases.next_public_at() == NOW + dt.timedelta(hours=1)
    at(NOW + dt.timedelta(hours=1))
    published_tree.sync_statement(approved.id)
    assert files(tree) == {f"{sha}.pdf"}
    assert releases.next_public_at() is None


def test_withdrawn_file_leaves_the_tree(mission, approved, tree):
    release = publishing.publish(approved, mission["po_odihr"])
    db.session.commit()
    sha = pdf_of(release)
    published_tree.sync_statement(approved.id)
    assert files(tree) == {f"{sha}.pdf"}
    publishing.withdraw(approved, mission["head_odihr"], "Issued in error.")
    db.session.commit()
    result = published_tree.sync_statement(approved.id)
    assert result.removed == 1 and files(tree) == set()
    published_tree.reconcile()
    assert files(tree) == set()


def test_withdrawn_under_embargo_never_enters(mission, approved, tree, at):
    at(NOW)
    publishing.publish(approved, mission["po_odihr"], embargo_until=NOW + dt.timedelta(hours=1))
    publishing.withdraw(approved, mission["head_odihr"], "Cancelled.")
    db.session.commit()
    at(NOW + dt.timedelta(hours=2))
    published_tree.reconcile()
    assert files(tree) == set()


def test_reconcile_removes_what_is_not_served_and_half_written_files(mission, approved, tree):
    release = publishing.publish(approved, mission["po_odihr"])
    db.session.commit()
    published_tree.reconcile()
    stale = published_tree.file_path(tree, "ab" * 32)
    stale.write_bytes(b"%PDF- withdrawn while the keeper was down")
    (tree / "files" / ".tmp-x1y2").write_bytes(b"%PDF- half")
    result = published_tree.reconcile()
    assert result.removed == 1
    assert files(tree) == {f"{pdf_of(release)}.pdf"}


def test_a_file_that_does_not_match_its_name_is_not_written(mission, approved, tree, monkeypatch):
    release = publishing.publish(approved, mission["po_odihr"])
    db.session.commit()
    monkeypatch.setattr(storage, "chunks", lambda sha, kind: iter([b"%PDF- other bytes"]))
    result = published_tree.reconcile()
    assert result.failed == 1 and files(tree) == set()  # nor any temporary file
    assert pdf_of(release)


@pytest.fixture
def redis_app(app):  # type: ignore[no-untyped-def]
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    app.config.update(REDIS_URL=url, REDIS_PREFIX=f"pressroom-test-{uuid.uuid4().hex[:8]}")
    yield app
    app.config.update(REDIS_URL="", REDIS_PREFIX="pressroom")


def test_announced_on_redis_after_the_commit_only(mission, approved, redis_app):
    subscription = redis.Redis.from_url(redis_app.config["REDIS_URL"]).pubsub()
    subscription.subscribe(published_tree.channel())
    assert subscription.get_message(timeout=2)["type"] == "subscribe"
    publishing.publish(approved, mission["po_odihr"])
    assert subscription.get_message(timeout=0.3) is None  # not before the commit
    db.session.commit()
    message = subscription.get_message(timeout=2)
    assert message["data"] == str(approved.id).encode()
    publishing.withdraw(approved, mission["head_odihr"], "Issued in error.")
    db.session.rollback()
    assert subscription.get_message(timeout=0.3) is None  # rolled back: nothing announced
    subscription.close()


def test_keeper_follows_embargo_lifts(mission, approved, create_statement, redis_app, tree, at):
    """The keeper process's loop, in a thread: a reconcile at start writes what is public,
    and an embargo lift is followed on its own (nothing announces it). Announcements are
    followed in the multi-node test (tests/multinode/)."""
    stop = threading.Event()
    app = redis_app

    def keeper() -> None:
        with app.app_context():
            published_tree.run(stop, reconcile_seconds=3600)

    release = publishing.publish(approved, mission["po_odihr"])
    db.session.commit()
    sha = pdf_of(release)
    other = create_statement(targets=[], title="Second round: a calm count")
    approve_all(other, mission)
    start = dt.datetime.now(dt.UTC)
    at(start)  # the clock stands still until the test moves it past the embargo
    lift = start + dt.timedelta(seconds=2)
    scheduled = publishing.publish(other, mission["po_odihr"], embargo_until=lift)
    db.session.commit()
    later = pdf_of(scheduled)

    def until(check, seconds=10.0) -> bool:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if check():
                return True
            time.sleep(0.05)
        return False

    # The tests' database is one connection inside a rolled-back transaction: the keeper
    # thread shares it (SQLite), so the test waits rather than querying meanwhile.
    thread = threading.Thread(target=keeper, daemon=True)
    thread.start()
    try:
        assert until(lambda: published_tree.file_path(tree, sha).exists())
        assert not published_tree.file_path(tree, later).exists()  # still under embargo
        at(lift)  # the keeper wakes at the lift (its full reconcile is an hour away)
        assert until(lambda: published_tree.file_path(tree, later).exists())
    finally:
        stop.set()
        thread.join(timeout=10)


def test_a_file_also_in_a_withdrawn_release_is_not_served(
    mission, approved, create_statement, tree
):
    """Two statements with the same text render the same PDF; withdrawing one of them
    takes the shared file out of the tree (a withdrawal wins)."""
    twin = create_statement(targets=[])
    approve_all(twin, mission)
    first = publishing.publish(approved, mission["po_odihr"])
    second = publishing.publish(twin, mission["po_odihr"])
    db.session.commit()
    assert pdf_of(first) == pdf_of(second)
    published_tree.reconcile()
    assert files(tree) == {f"{pdf_of(first)}.pdf"}
    publishing.withdraw(twin, mission["head_odihr"], "Issued twice.")
    db.session.commit()
    published_tree.sync_statement(twin.id)
    assert files(tree) == set()
