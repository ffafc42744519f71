"""Publishing: readiness, rendering once, embargo by the clock, corrections, withdrawal."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from pressroom.db import db
from pressroom.domain.errors import InvalidTransition, PermissionDenied, ValidationFailed
from pressroom.models import ArtifactKind, Status
from pressroom.queries import approvals as approval_queries
from pressroom.queries import releases
from pressroom.services import approvals, bundles, publishing, statements, storage

HEADS = ("head_odihr", "head_osce-pa", "head_pace")


def approve_all(statement, mission):  # type: ignore[no-untyped-def]
    if statement.status == Status.draft:
        approvals.submit(statement, mission["po_odihr"])
    for head in HEADS:
        approvals.decide(statement, mission[head], "approve", statement.current_revision.number)
    assert statement.status == Status.approved
    db.session.commit()  # the bundle's pages and PDFs render after the commit


@pytest.fixture
def approved(mission, create_statement):  # type: ignore[no-untyped-def]
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    return statement


@pytest.fixture
def at(app):  # type: ignore[no-untyped-def]
    """Set the app's clock: at(datetime) until the test ends."""

    def set_clock(moment: dt.datetime) -> None:
        app.config["CLOCK"] = lambda: moment

    yield set_clock
    app.config.pop("CLOCK", None)


def pdf_text(release, lang="en"):  # type: ignore[no-untyped-def]
    artifact = releases.artifact(release, lang, ArtifactKind.pdf)
    return PdfReader(io.BytesIO(storage.path_for(artifact.sha256, "pdf").read_bytes()))


def test_refused_until_everyone_approved(mission, create_statement):
    statement = create_statement(targets=[])
    approvals.submit(statement, mission["po_odihr"])
    approvals.decide(statement, mission["head_odihr"], "approve", 1)
    with pytest.raises(InvalidTransition):
        publishing.publish(statement, mission["po_odihr"])
    statement.status = Status.approved  # even if the state said so, the matrix decides
    with pytest.raises(InvalidTransition) as info:
        publishing.publish(statement, mission["po_odihr"])
    assert "OSCE-PA" in info.value.message and "PACE" in info.value.message


def test_missing_translation_listed(mission, create_statement):
    statement = create_statement(targets=["ru"])
    approve_all(statement, mission)
    problems = publishing.readiness_problems(statement)
    assert problems == ["The ru translation is missing."]


def test_publish_renders_every_language_once_with_the_content(mission, approved):
    release = publishing.publish(approved, mission["po_pace"])
    assert approved.status == Status.published and release.version == 1
    assert {(a.lang, a.kind.value) for a in release.artifacts} == {("en", "html"), ("en", "pdf")}
    for artifact in release.artifacts:
        data = storage.path_for(artifact.sha256, artifact.kind.value).read_bytes()
        assert len(data) == artifact.size
    reader = pdf_text(release)
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        "PRESS RELEASE",
        "Kazakh elections: progress and problems",
        "ASTANA, 19 August 2007",
        "Building a democracy is a long and hard task.",
        "Bas Klein",
        "+33 6 62 26 54 89",
        "bas.klein@coe.int",
        release.bundle_hash[:12],
    ):
        assert expected in text, expected
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Kazakh elections: progress and problems"


def test_publish_refused_for_outsider_and_admin(mission, approved):
    for who in ("po_outsider", "admin"):
        with pytest.raises(PermissionDenied):
            publishing.publish(approved, mission[who])


def test_embargo_hides_until_the_clock_passes(mission, approved, at):
    now = dt.datetime(2007, 8, 19, 6, 0, tzinfo=dt.UTC)
    at(now)
    with pytest.raises(ValidationFailed):
        publishing.publish(approved, mission["po_odihr"], embargo_until=dt.datetime(2007, 8, 19))  # noqa: DTZ001 - naive on purpose
    release = publishing.publish(
        approved, mission["po_odihr"], embargo_until=now + dt.timedelta(hours=4)
    )
    assert approved.status == Status.scheduled
    assert releases.public_release(approved.slug) is None
    assert releases.verify_hash(release.bundle_hash[:12]).verdict == releases.Verdict.unknown
    at(now + dt.timedelta(hours=4, seconds=1))
    assert releases.public_release(approved.slug).id == release.id


def test_cancel_schedule_before_the_embargo(mission, approved, at):
    now = dt.datetime(2007, 8, 19, 6, 0, tzinfo=dt.UTC)
    at(now)
    publishing.publish(approved, mission["po_odihr"], embargo_until=now + dt.timedelta(hours=1))
    for who in ("po_pace", "head_osce-pa", "admin"):  # only the lead organization cancels
        with pytest.raises(PermissionDenied):
            publishing.cancel_schedule(approved, mission[who])
    publishing.cancel_schedule(approved, mission["head_odihr"])
    assert approved.status == Status.approved
    at(now + dt.timedelta(hours=2))
    assert releases.public_release(approved.slug) is None


def test_correction_supersedes_and_needs_new_approvals(mission, approved):
    first = publishing.publish(approved, mission["po_odihr"])
    with pytest.raises(ValidationFailed):
        publishing.correct(approved, mission["po_odihr"], "  ")
    publishing.correct(approved, mission["po_odihr"], "Corrected the number of seats.")
    assert approved.status == Status.draft and approved.version == 2
    assert not any(
        row.approved for row in approval_queries.matrix(approved, bundles.current_hash(approved))
    )
    statements.save(
        approved,
        mission["po_odihr"],
        approved.current_revision.number,
        {"title": "Kazakh elections: progress and problems (corrected)"},
    )
    approve_all(approved, mission)
    second = publishing.publish(approved, mission["po_odihr"])
    assert second.version == 2 and releases.public_release(approved.slug).id == second.id
    assert releases.verdict(first) == releases.Verdict.superseded
    assert releases.public_release(approved.slug, 1).id == first.id
    text = " ".join(p.extract_text() for p in pdf_text(second).pages)
    assert "Corrected the number of seats." in text


def test_only_lead_head_withdraws(mission, approved):
    publishing.publish(approved, mission["po_odihr"])
    for who in ("po_odihr", "head_pace"):
        with pytest.raises(PermissionDenied):
            publishing.withdraw(approved, mission[who], "Issued in error.")
    release = publishing.withdraw(approved, mission["head_odihr"], "Issued in error.")
    assert approved.status == Status.withdrawn
    assert releases.verdict(release) == releases.Verdict.withdrawn


def test_verify_by_file_hash_and_short_hash(mission, approved):
    release = publishing.publish(approved, mission["po_odihr"])
    pdf = releases.artifact(release, "en", ArtifactKind.pdf)
    assert releases.verify_hash(pdf.sha256).verdict == releases.Verdict.genuine
    short = releases.verify_hash(release.bundle_hash[:12])
    # A short code names the release but proves nothing about a file it has not seen.
    assert short.verdict == releases.Verdict.short_hash and short.release.id == release.id
    assert short.state == releases.Verdict.genuine
    assert releases.verify_hash("0" * 64).verdict == releases.Verdict.unknown
    assert releases.verify_hash("not hex").verdict == releases.Verdict.unknown


def test_correcting_under_embargo_asks_to_cancel_first(mission, approved, at):
    now = dt.datetime(2007, 8, 19, 6, 0, tzinfo=dt.UTC)
    at(now)
    publishing.publish(approved, mission["po_odihr"], embargo_until=now + dt.timedelta(hours=1))
    with pytest.raises(InvalidTransition) as info:
        publishing.correct(approved, mission["po_odihr"], "Fix a number.")
    assert "cancel the schedule" in info.value.message
    assert approved.status == Status.scheduled and approved.version == 1
    at(now + dt.timedelta(hours=2))  # public now: correcting is allowed
    publishing.correct(approved, mission["po_odihr"], "Fix a number.")
    assert approved.status == Status.draft and approved.version == 2


def test_publishing_twice_is_refused(mission, approved):
    publishing.publish(approved, mission["po_odihr"])
    with pytest.raises(InvalidTransition):
        publishing.publish(approved, mission["po_pace"])
