"""Media through the browser's forms and on the public release: upload, errors that keep
what was typed, the review page, the release page, the media kit, and what the public
may not reach (drafts, embargoes, withdrawn releases)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest

from pressroom import clock
from pressroom.db import db
from pressroom.queries import media as media_queries
from pressroom.services import media, publishing, storage
from tests.helpers import media_samples as samples
from tests.services.test_media import PHOTO_WORDS, add_photo
from tests.services.test_publishing import approve_all


def upload(client, statement_id, data, name, **fields):  # type: ignore[no-untyped-def]
    form = {"kind": "photo", **PHOTO_WORDS, **fields, "file": (io.BytesIO(data), name)}
    return client.post(
        f"/statements/{statement_id}/media", data=form, content_type="multipart/form-data"
    )


def test_upload_form_adds_a_photo_shown_on_the_review_page(client, auth, mission, dummy_statement):
    auth.login(mission["po_odihr"])
    response = upload(client, dummy_statement.id, samples.jpeg(gps=True), "voters.jpg")
    assert response.status_code == 302
    page = client.get(f"/statements/{dummy_statement.id}/media").get_data(as_text=True)
    assert PHOTO_WORDS["caption"] in page and 'alt="A line of voters outside a school"' in page
    review = client.get(f"/statements/{dummy_statement.id}/review").get_data(as_text=True)
    assert "Photos and documents published with the release" in review
    assert PHOTO_WORDS["credit"] in review and PHOTO_WORDS["licence"] in review
    item = media_queries.of_statement(dummy_statement.id)[0]
    image = client.get(f"/statements/{dummy_statement.id}/media/{item.id}/web")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert "private" in image.headers["Cache-Control"]


def test_refused_upload_keeps_every_typed_word(client, auth, mission, dummy_statement):
    auth.login(mission["po_odihr"])
    response = upload(
        client,
        dummy_statement.id,
        samples.SVG_WITH_SCRIPT,
        "chart.svg",
        caption="Turnout <by> region",
        alt="",
        licence="CC BY-SA 4.0",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Turnout &lt;by&gt; region" in page and 'value="CC BY-SA 4.0"' in page
    assert 'value="OSCE/ODIHR"' in page  # the credit
    assert "SVG images are not accepted" in page and "Give the alt text." in page
    assert media_queries.of_statement(dummy_statement.id) == []


def test_upload_larger_than_other_requests_gets_the_form_message(
    app, client, auth, mission, dummy_statement
):
    """Above MAX_CONTENT_LENGTH (16 MB) but within the photo limit: the form answers, with
    the typed words, rather than a bare 413 (CSRF and the guards read the form first)."""
    auth.login(mission["po_odihr"])
    big = b"\xff\xd8\xff" + b"\x00" * (app.config["MAX_CONTENT_LENGTH"] + 1024)
    response = upload(client, dummy_statement.id, big, "huge.jpg", caption="Kept caption")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Kept caption" in page
    assert "not a JPEG, PNG or WebP image" in page
    assert (
        client.post(
            "/login", data={"email": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)}
        ).status_code
        == 413
    )  # every other route keeps the usual limit


def test_edit_error_keeps_the_text_of_that_form(client, auth, mission, dummy_statement):
    item = add_photo(dummy_statement, mission["po_odihr"])
    db.session.commit()
    auth.login(mission["po_pace"])
    prefix = f"m{item.id}-"
    response = client.post(
        f"/statements/{dummy_statement.id}/media/{item.id}",
        data={
            prefix + "caption": "A better caption",
            prefix + "credit": "OSCE",
            prefix + "alt": "",
            prefix + "licence": "CC0 1.0",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "A better caption" in page and "Give the alt text." in page


@pytest.fixture
def published(mission, create_statement):  # type: ignore[no-untyped-def]
    statement = create_statement(targets=[])
    photo = add_photo(statement, mission["po_odihr"], samples.jpeg(size=(2400, 1200)))
    doc = media.attach(
        statement,
        mission["po_odihr"],
        "document",
        samples.pdf(pages=3),
        "Preliminary statement.pdf",
        {"caption": "Preliminary statement", "licence": "CC BY 4.0"},
    )
    approve_all(statement, mission)
    release = publishing.publish(statement, mission["po_odihr"])
    db.session.commit()
    return statement, release, photo, doc


def test_release_page_shows_media_with_sizes_and_the_kit(client, published):
    statement, _release, photo, doc = published
    page = client.get(f"/en/releases/{statement.slug}").get_data(as_text=True)
    assert "<!--pressroom:" not in page
    assert f'src="/media/{photo.file.web_sha256}.jpg"' in page
    assert f'alt="{PHOTO_WORDS["alt"]}"' in page and PHOTO_WORDS["caption"] in page
    assert "Photo: OSCE/ODIHR" in page and "Licence: CC BY 4.0" in page
    assert "2400 × 1200 pixels" in page and " KB)" in page
    assert "Preliminary statement</span></a> (PDF, 3 pages," in page
    assert f'href="/en/releases/{statement.slug}/media-kit.zip"' in page
    assert client.get(f"/media/{photo.sha256}.jpg").status_code == 200
    assert client.get(f"/media/{photo.sha256}.png").status_code == 404  # not its type


def test_public_files_immutable_and_verified_by_name(client, published):
    _statement, _release, photo, doc = published
    for sha, ext, mimetype in (
        (photo.sha256, "jpg", "image/jpeg"),
        (photo.file.web_sha256, "jpg", "image/jpeg"),
        (doc.sha256, "pdf", "application/pdf"),
    ):
        response = client.get(f"/media/{sha}.{ext}")
        assert response.status_code == 200 and response.mimetype == mimetype
        assert hashlib.sha256(response.get_data()).hexdigest() == sha
        assert "immutable" in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_media_kit_zip_contents(client, published):
    statement, release, photo, doc = published
    url = f"/en/releases/{statement.slug}/media-kit.zip"
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    kit = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = kit.namelist()
    assert names == [
        "README.txt",
        "photos/01-voters.jpg",
        "documents/02-Preliminary-statement.pdf",
        f"release/{statement.slug}-v1-en.pdf",
    ]
    assert kit.read("photos/01-voters.jpg") == storage.read_bytes(photo.sha256, "jpg")
    assert hashlib.sha256(kit.read(names[2])).hexdigest() == doc.sha256
    pdf = next(a for a in release.artifacts if a.kind == "pdf")
    assert hashlib.sha256(kit.read(names[3])).hexdigest() == pdf.sha256
    readme = kit.read("README.txt").decode("utf-8")
    for words in (
        PHOTO_WORDS["caption"],
        "Credit: OSCE/ODIHR",
        "Licence: CC BY 4.0",
        "Alt text: " + PHOTO_WORDS["alt"],
        "2400 × 1200 pixels",
        "PDF, 3 pages",
        f"/en/releases/{statement.slug}/v1",
        "(English)",
    ):
        assert words in readme
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    versioned = client.get(f"/en/releases/{statement.slug}/v1/media-kit.zip")
    assert versioned.get_data() == response.get_data()  # the same bytes: one cached file
    assert client.get(f"/ru/releases/{statement.slug}/media-kit.zip").status_code == 404


def test_withdrawn_release_files_gone(client, mission, published):
    statement, _release, photo, doc = published
    publishing.withdraw(statement, mission["head_odihr"], "Issued in error.")
    db.session.commit()
    assert client.get(f"/media/{photo.sha256}.jpg").status_code == 410
    assert client.get(f"/media/{doc.sha256}.pdf").status_code == 410
    assert client.get(f"/en/releases/{statement.slug}/media-kit.zip").status_code == 410
    page = client.get(f"/en/releases/{statement.slug}").get_data(as_text=True)
    assert "withdrawn with the release" in page and "/media/" not in page


def test_nothing_public_before_publication_or_during_embargo(client, mission, create_statement):
    statement = create_statement(targets=[])
    photo = add_photo(statement, mission["po_odihr"])
    db.session.commit()
    assert client.get(f"/media/{photo.sha256}.jpg").status_code == 404
    approve_all(statement, mission)
    publishing.publish(
        statement, mission["po_odihr"], embargo_until=clock.now() + dt.timedelta(hours=2)
    )
    db.session.commit()
    assert client.get(f"/media/{photo.sha256}.jpg").status_code == 404
    assert client.get(f"/media/{photo.file.web_sha256}.jpg").status_code == 404
    assert client.get(f"/en/releases/{statement.slug}/media-kit.zip").status_code == 404
