"""What goes out is exactly what every organization approved, in every language, and the
release lifecycle has no holes (issue: approval bundle)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.errors import InvalidTransition, PermissionDenied, StaleBundle
from pressroom.models import ArtifactKind, AuditEvent, RenderStatus, Status
from pressroom.queries import approvals as approval_queries
from pressroom.queries import bundles as bundle_queries
from pressroom.queries import newsroom, releases
from pressroom.queries import translations as translation_queries
from pressroom.services import approvals, bundles, notifications, publishing, statements
from tests.services.test_publishing import HEADS, approve_all
from tests.services.test_translations import RU

NOW = dt.datetime(2007, 8, 19, 6, 0, tzinfo=dt.UTC)
FR = {
    "title": "Élections au Kazakhstan",
    "lead": "Des progrès, mais des normes non respectées.",
    "body": "Le vote était calme.\n\nLe dépouillement a été jugé négatif.\n\nNeuf sièges nommés.",
    "dateline_city": "Astana",
    "quotes": [
        {
            "organization": "pace",
            "function": "Chef",
            "text": "Construire une démocratie est une tâche longue.",
        }
    ],
}


@pytest.fixture
def at(app):  # type: ignore[no-untyped-def]
    def set_clock(moment: dt.datetime) -> None:
        app.config["CLOCK"] = lambda: moment

    set_clock(NOW)
    yield set_clock
    app.config.pop("CLOCK", None)


def translate(statement, user, lang, content, base=None):  # type: ignore[no-untyped-def]
    from pressroom.services import translations

    translation = translation_queries.get_translation(statement, lang)
    if base is None and translation is not None and translation.current_revision:
        base = translation.current_revision.number
    return translations.save_translation(
        statement, user, lang, base, statement.current_revision.number, content
    )


@pytest.fixture(name="ready")
def ready_fixture(mission, create_statement):  # type: ignore[no-untyped-def]
    """Translated into Russian and French, approved by all three heads, rendered."""
    statement = create_statement(targets=["ru", "fr"])
    translate(statement, mission["po_pace"], "ru", RU)
    translate(statement, mission["po_pace"], "fr", FR)
    approve_all(statement, mission)
    return statement


def test_a_translation_edit_after_approval_dismisses_it_and_blocks_publishing(mission, ready):
    before = bundles.current_hash(ready)
    translate(ready, mission["po_pace"], "fr", {**FR, "title": "Élections massivement truquées"})
    assert bundles.current_hash(ready) != before
    assert ready.status == Status.in_review
    assert not any(
        row.approved for row in approval_queries.matrix(ready, bundles.current_hash(ready))
    )
    with pytest.raises(InvalidTransition):
        publishing.publish(ready, mission["po_pace"])
    ready.status = Status.approved  # even if the state said so, the approvals decide
    with pytest.raises(InvalidTransition) as refused:
        publishing.publish(ready, mission["po_pace"])
    assert "Not yet approved by: ODIHR, OSCE-PA, PACE." in refused.value.message
    ready.status = Status.in_review
    approve_all(ready, mission)
    release = publishing.publish(ready, mission["po_pace"])
    assert (
        releases.artifact(release, "fr", ArtifactKind.html).title
        == "Élections massivement truquées"
    )
    # Verification names the heads who approved this exact bundle.
    assert len(releases.approvals_for(release)) == 3


SENT: list[tuple[list[str], str, str]] = []


def record_mail(
    to: list[str], subject: str, body: str, headers: dict[str, str] | None = None
) -> None:
    """Stands in for notifications.send (a job: module-level)."""
    SENT.append((to, subject, body))


def test_heads_whose_approvals_were_dismissed_are_told(mission, ready, monkeypatch):
    sent = SENT
    sent.clear()
    monkeypatch.setattr(notifications, "send", record_mail)
    translate(ready, mission["po_osce-pa"], "ru", {**RU, "title": "Выборы в Казахстане"})
    assert sent == []  # mail leaves after the commit, never inside the transaction
    db.session.commit()
    heads = sorted(to[0] for to, _subject, _body in sent)
    assert heads == sorted(mission[h].email for h in HEADS)
    assert all("Approval dismissed" in subject for _to, subject, _body in sent)
    assert all("Russian translation" in body for _to, _subject, body in sent)


def test_a_stale_bundle_hash_is_refused_saying_what_changed(mission, ready):
    seen = bundles.current_hash(ready)
    translate(ready, mission["po_pace"], "ru", {**RU, "lead": "Другой лид."})
    with pytest.raises(StaleBundle) as stale:
        approvals.decide(
            ready, mission["head_pace"], "approve", ready.current_revision.number, bundle_hash=seen
        )
    assert "Russian translation" in stale.value.message
    assert stale.value.details["changes"][0]["code"] == "translation"
    approval = approvals.decide(
        ready,
        mission["head_pace"],
        "approve",
        ready.current_revision.number,
        bundle_hash=bundles.current_hash(ready),
    )
    assert approval.bundle_hash == bundles.current_hash(ready)


def test_language_list_change_dismisses_approvals(mission, ready):
    statements.save(
        ready, mission["po_odihr"], ready.current_revision.number, {}, target_languages=["ru"]
    )
    assert ready.status == Status.in_review
    assert not any(
        row.approved for row in approval_queries.matrix(ready, bundles.current_hash(ready))
    )


def test_bundle_renders_once_complete_and_publish_renders_nothing(mission, ready, monkeypatch):
    bundle = bundle_queries.get(ready, bundles.current_hash(ready))
    assert bundle.render_status == RenderStatus.done and bundles.files_complete(bundle)
    assert {(f.lang, f.kind.value) for f in bundle.files} == {
        (lang, kind) for lang in ("en", "ru", "fr") for kind in ("html", "pdf")
    }

    def boom(*_args):  # type: ignore[no-untyped-def]
        raise AssertionError("publishing rendered")

    monkeypatch.setattr(bundles, "render_files", boom)
    release = publishing.publish(ready, mission["po_odihr"])
    assert {a.sha256 for a in release.artifacts} == {f.sha256 for f in bundle.files}


def test_an_incomplete_bundle_is_not_rendered_and_a_failed_render_is_shown(
    mission, create_statement, monkeypatch
):
    statement = create_statement(targets=["ru"])
    db.session.commit()
    assert (
        bundle_queries.get(statement, bundles.current_hash(statement)).render_status
        == RenderStatus.incomplete
    )

    def fail(_row):  # type: ignore[no-untyped-def]
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(bundles, "render_files", fail)
    translate(statement, mission["po_pace"], "ru", RU)
    db.session.commit()
    row = bundle_queries.get(statement, bundles.current_hash(statement))
    assert row.render_status == RenderStatus.failed and "fonts missing" in row.render_error
    approve_all(statement, mission)
    with pytest.raises(InvalidTransition) as refused:
        publishing.publish(statement, mission["po_odihr"])
    assert "fonts missing" in refused.value.message
    monkeypatch.undo()
    db.session.commit()  # the refused publication queued the render again
    assert publishing.publish(statement, mission["po_odihr"]).version == 1


def test_withdrawing_a_scheduled_release_means_it_never_goes_public(mission, ready, at, client):
    release = publishing.publish(
        ready, mission["po_odihr"], embargo_until=NOW + dt.timedelta(hours=2)
    )
    publishing.withdraw(ready, mission["head_odihr"], "Issued in error.")
    db.session.commit()
    at(NOW + dt.timedelta(days=1))
    assert ready.status == Status.withdrawn
    assert releases.public_release(ready.slug) is None
    pdf = releases.artifact(release, "en", ArtifactKind.pdf)
    html = releases.artifact(release, "en", ArtifactKind.html)
    assert client.get(f"/en/releases/{ready.slug}").status_code == 404
    assert client.get(f"/files/{html.sha256}.html").status_code == 404
    assert client.get(f"/files/{pdf.sha256}.pdf").status_code == 404
    assert client.get(f"/api/v1/releases/{ready.slug}").status_code == 404
    assert releases.verify_hash(pdf.sha256).verdict == releases.Verdict.unknown


def test_cancel_then_publish_again(mission, ready, at):
    publishing.publish(ready, mission["po_odihr"], embargo_until=NOW + dt.timedelta(hours=2))
    publishing.cancel_schedule(ready, mission["po_odihr"])
    assert ready.status == Status.approved
    again = publishing.publish(ready, mission["po_odihr"])
    assert again.version == 1 and releases.public_release(ready.slug).id == again.id
    cancelled = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.action == "statement.cancel_schedule", AuditEvent.object_id == str(ready.id)
        )
    ).one()
    assert cancelled.details["version"] == 1


def test_only_the_lead_cancels(mission, ready, at):
    publishing.publish(ready, mission["po_odihr"], embargo_until=NOW + dt.timedelta(hours=2))
    for who in ("po_pace", "head_pace", "po_osce-pa"):
        with pytest.raises(PermissionDenied):
            publishing.cancel_schedule(ready, mission[who])


def test_a_correction_drafts_organizations_never_show_on_the_published_version(mission, ready):
    release = publishing.publish(ready, mission["po_odihr"])
    db.session.commit()
    publishing.correct(ready, mission["po_odihr"], "Adds the outsider.")
    statements.save(
        ready,
        mission["po_odihr"],
        ready.current_revision.number,
        {
            "organizations": ["odihr", "osce-pa", "pace", "outsider"],
            "title": "CONFIDENTIAL DRAFT correction",
        },
    )
    db.session.commit()
    public = releases.public_release(ready.slug)
    assert public.id == release.id
    assert [o.slug for o in public.organizations] == ["odihr", "osce-pa", "pace"]
    outsider = newsroom.parse_filters({"organization": "outsider"})
    assert newsroom.releases_page(outsider, "en").entries == []
    (entry,) = newsroom.releases_page(newsroom.parse_filters({}), "en").entries
    assert [o.slug for o in entry.organizations] == ["odihr", "osce-pa", "pace"]
    assert entry.title == "Kazakh elections: progress and problems"
    short = releases.verify_hash(release.bundle_hash[:12])
    assert short.release.title == "Kazakh elections: progress and problems"


def test_slug_comes_from_the_published_title_never_a_draft(mission, create_statement):
    statement = create_statement(targets=[], title="DRAFT Mission concludes count was rigged")
    assert statement.slug is None
    statements.save(statement, mission["po_odihr"], 1, {"title": "Elections: a calm vote"})
    approve_all(statement, mission)
    publishing.publish(statement, mission["po_odihr"])
    assert statement.slug == "2007-08-19-elections-a-calm-vote"
    other = create_statement(targets=[], title="Elections: a calm vote")
    approve_all(other, mission)
    publishing.publish(other, mission["po_odihr"])
    # A collision gets a random suffix: it says nothing about how many drafts exist.
    assert other.slug.startswith("2007-08-19-elections-a-calm-vote-")
    suffix = other.slug.removeprefix("2007-08-19-elections-a-calm-vote-")
    assert len(suffix) == 6 and int(suffix, 16) >= 0


def test_the_correction_note_is_part_of_the_approved_bundle(mission, ready):
    publishing.publish(ready, mission["po_odihr"])
    before = bundles.current_hash(ready)
    publishing.correct(ready, mission["po_pace"], "Corrected the number of seats.")
    current = bundle_queries.get(ready, bundles.current_hash(ready))
    assert (
        current.hash != before
        and current.parts["correction_note"] == "Corrected the number of seats."
    )
    assert current.parts["version"] == 2


def test_one_release_date_on_every_surface(mission, ready, client, at):
    """The dateline's date, whatever the publication moment: list, page, PDF, verify, API."""
    import io

    from pypdf import PdfReader

    from pressroom.services import storage

    at(dt.datetime(2026, 11, 30, 22, 23, tzinfo=dt.UTC))
    ready.timezone = "Europe/Vienna"  # a part of the bundle: the heads approve again
    approve_all(ready, mission)
    release = publishing.publish(ready, mission["po_odihr"])
    db.session.commit()
    assert release.date == dt.date(2007, 8, 19) and release.timezone == "Europe/Vienna"
    listing = client.get("/en/releases").get_data(as_text=True)
    assert '<time datetime="2007-08-19">19 August 2007</time>' in listing
    assert "30 November 2026" not in listing and "1 December 2026" not in listing
    pdf = releases.artifact(release, "en", ArtifactKind.pdf)
    text = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(storage.path_for(pdf.sha256, "pdf").read_bytes())).pages
    )
    assert "19 August 2007" in text and "2026" not in text.split("Verify")[0]
    verify = client.get(f"/verify/{pdf.sha256}").get_data(as_text=True)
    assert "19 August 2007" in verify
    assert "30 November 2026, 23:23 (Vienna, UTC+1)" in verify  # public since, zone named
    api = client.get(f"/api/v1/releases/{ready.slug}").get_json()
    assert api["release_date"] == "2007-08-19" and api["timezone"] == "Europe/Vienna"
    listed = client.get("/api/v1/releases").get_json()
    assert listed["items"][0]["release_date"] == "2007-08-19"


def test_verify_speaks_the_language_it_was_opened_from(mission, ready, client):
    """From a Russian PDF: the Russian page, the Russian title, words, icon and colour of
    its own for each verdict, and what was checked."""
    release = publishing.publish(ready, mission["po_odihr"])
    db.session.commit()
    pdf = releases.artifact(release, "ru", ArtifactKind.pdf)
    page = client.get(f"/ru/verify/{pdf.sha256}").get_data(as_text=True)
    assert '<html lang="ru">' in page
    assert RU["title"] in page and "Kazakh elections" not in page.split("<main", 1)[1]
    assert 'class="card verdict verdict-genuine"' in page and "✔" in page
    unknown = client.get("/ru/verify/" + "0" * 64).get_data(as_text=True)
    assert "verdict-unknown" in unknown and "✘" in unknown
    assert client.get("/xx/verify").status_code == 404
    short = client.get(f"/ru/verify/{release.bundle_hash[:12]}").get_data(as_text=True)
    assert RU["title"] in short  # the title in the page's language
    import io

    from pypdf import PdfReader

    from pressroom.services import storage

    reader = PdfReader(io.BytesIO(storage.path_for(pdf.sha256, "pdf").read_bytes()))
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    assert f"/ru/verify/{release.bundle_hash[:12]}" in text  # the PDF links its own language


def test_the_render_job_is_idempotent_and_raises_after_recording_a_failure(
    mission, ready, monkeypatch
):
    """The task queue may run a job twice (a retry, a redelivery): a rendered bundle is
    left as it is; a failure is recorded for the press officers, then raised so that the
    queue retries it with backoff."""
    bundle = bundle_queries.get(ready, bundles.current_hash(ready))
    files = {(f.lang, f.kind, f.sha256) for f in bundle.files}

    def boom(*_args):  # type: ignore[no-untyped-def]
        raise AssertionError("rendered again")

    monkeypatch.setattr(bundles, "render_files", boom)
    bundles.render_bundle(ready.id, bundle.hash)  # again: nothing to do, nothing rendered
    db.session.expire_all()
    bundle = bundle_queries.get(ready, bundle.hash)
    assert {(f.lang, f.kind, f.sha256) for f in bundle.files} == files
    assert bundle.render_status == RenderStatus.done

    for file in list(bundle.files):  # a bundle whose render never finished
        bundle.files.remove(file)
    bundle.render_status = RenderStatus.pending
    db.session.commit()

    def fail(_row):  # type: ignore[no-untyped-def]
        raise RuntimeError("renderer killed")

    monkeypatch.setattr(bundles, "render_files", fail)
    with pytest.raises(bundles.RenderFailed, match="renderer killed"):
        bundles.render_bundle(ready.id, bundle.hash)
    row = bundle_queries.get(ready, bundle.hash)
    assert row.render_status == RenderStatus.failed and "renderer killed" in row.render_error
