"""Media attached to a statement: who may, what is stored, and that they belong to the
approved bundle (changes dismiss approvals; publication freezes them)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from pressroom.db import db
from pressroom.domain.errors import InvalidTransition, PermissionDenied, ValidationFailed
from pressroom.models import AuditEvent, MediaFile, ReleaseMedium, Status
from pressroom.queries import bundles as bundle_queries
from pressroom.queries import media as media_queries
from pressroom.services import approvals, bundles, media, publishing, storage
from tests.helpers import media_samples as samples
from tests.services.test_publishing import approve_all

PHOTO_WORDS = {
    "caption": "Voters queue in Astana",
    "credit": "OSCE/ODIHR",
    "alt": "A line of voters outside a school",
    "licence": "CC BY 4.0",
}


def add_photo(statement, user, data=None, name="voters.jpg", **words):  # type: ignore[no-untyped-def]
    return media.attach(
        statement, user, "photo", data or samples.jpeg(gps=True), name, {**PHOTO_WORDS, **words}
    )


def test_press_officer_attaches_a_photo_stored_content_addressed(mission, dummy_statement):
    item = add_photo(dummy_statement, mission["po_odihr"])
    stored = db.session.get(MediaFile, item.sha256)
    assert stored is not None and stored.kind == "photo" and stored.ext == "jpg"
    data = storage.read_bytes(item.sha256, "jpg")
    import hashlib

    assert hashlib.sha256(data).hexdigest() == item.sha256 and len(data) == stored.size
    assert not Image.open(io.BytesIO(data)).getexif()  # GPS gone
    assert item.filename == "voters.jpg" and item.alt == PHOTO_WORDS["alt"]
    assert db.session.query(AuditEvent).filter_by(action="statement.media_add").count() == 1


def test_database_storage_backend_too(app, mission, dummy_statement):
    app.config["STORAGE"] = "database"
    try:
        item = add_photo(dummy_statement, mission["po_odihr"])
        assert storage.size(item.sha256, "jpg") == item.file.size
    finally:
        app.config["STORAGE"] = "local"


@pytest.mark.parametrize("who", ["po_outsider", "admin"])
def test_outsiders_may_not(mission, dummy_statement, who):
    with pytest.raises(PermissionDenied):
        add_photo(dummy_statement, mission[who])


def test_every_error_at_once_and_nothing_stored(mission, dummy_statement):
    with pytest.raises(ValidationFailed) as info:
        media.attach(
            dummy_statement,
            mission["po_odihr"],
            "photo",
            samples.SVG_WITH_SCRIPT,
            "x.svg",
            {"caption": "Chart", "credit": "", "alt": "", "licence": ""},
        )
    assert set(info.value.details) == {"file", "credit", "alt", "licence"}
    assert media_queries.of_statement(dummy_statement.id) == []


def test_same_file_twice_refused(mission, dummy_statement):
    add_photo(dummy_statement, mission["po_odihr"])
    with pytest.raises(ValidationFailed, match="attached already"):
        add_photo(dummy_statement, mission["po_pace"])


def test_document_attached(mission, dummy_statement):
    item = media.attach(
        dummy_statement,
        mission["head_pace"],
        "document",
        samples.pdf(),
        "Preliminary statement.pdf",
        {"caption": "Preliminary statement"},
    )
    assert item.file.kind == "document" and item.file.pages == 2
    assert item.filename == "Preliminary-statement.pdf"


def test_bundle_hash_follows_media_and_approvals_are_dismissed(mission, create_statement):
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    approved_hash = bundles.current_hash(statement)
    item = add_photo(statement, mission["po_osce-pa"])
    assert statement.status == Status.in_review
    assert bundles.current_hash(statement) != approved_hash
    assert not approvals.everyone_approved(statement)
    dismissed = db.session.query(AuditEvent).filter_by(action="statement.approvals_dismissed").one()
    assert dismissed.details["changes"] == ["photos"]
    changes = bundles.describe(
        bundle_queries.get(statement, approved_hash), bundles.record(statement)
    )
    assert approvals.describe_changes(changes) == "the photos"
    # Approve again, then edit the caption: dismissed again, "the photos" again.
    approve_all(statement, mission)
    media.update(statement, mission["po_odihr"], item.id, {**PHOTO_WORDS, "caption": "New"})
    assert statement.status == Status.in_review
    # Saving the same words changes nothing.
    before = bundles.current_hash(statement)
    media.update(statement, mission["po_odihr"], item.id, {**PHOTO_WORDS, "caption": "New"})
    assert bundles.current_hash(statement) == before
    media.remove(statement, mission["po_odihr"], item.id)
    assert bundles.current_hash(statement) == approved_hash  # back to the text alone


def test_move_within_photos(mission, dummy_statement):
    first = add_photo(dummy_statement, mission["po_odihr"])
    doc = media.attach(
        dummy_statement,
        mission["po_odihr"],
        "document",
        samples.pdf(),
        "a.pdf",
        {"caption": "Statement"},
    )
    second = add_photo(dummy_statement, mission["po_odihr"], samples.png(), "chart.png")
    assert [m.id for m in media_queries.of_statement(dummy_statement.id)] == [
        first.id,
        second.id,
        doc.id,
    ]
    before = bundles.current_hash(dummy_statement)
    media.move(dummy_statement, mission["po_odihr"], second.id, -1)
    assert [m.id for m in media_queries.of_statement(dummy_statement.id)] == [
        second.id,
        first.id,
        doc.id,
    ]
    assert bundles.current_hash(dummy_statement) != before
    media.move(dummy_statement, mission["po_odihr"], second.id, -1)  # first already: nothing
    media.move(dummy_statement, mission["po_odihr"], doc.id, 1)  # last document: nothing
    assert [m.id for m in media_queries.of_statement(dummy_statement.id)] == [
        second.id,
        first.id,
        doc.id,
    ]


def test_published_statement_media_frozen_and_locked(mission, create_statement):
    statement = create_statement(targets=[])
    add_photo(statement, mission["po_odihr"])
    approve_all(statement, mission)
    release = publishing.publish(statement, mission["po_odihr"])
    frozen = db.session.query(ReleaseMedium).filter_by(release_id=release.id).all()
    assert [(m.caption, m.alt, m.credit, m.licence) for m in frozen] == [
        tuple(PHOTO_WORDS[k] for k in ("caption", "alt", "credit", "licence"))
    ]
    with pytest.raises(InvalidTransition):
        add_photo(statement, mission["po_odihr"], samples.png(), "other.png")
