"""Public release pages and files: stable/versioned URLs, caching, Range, notices, vCards,
verification, and the publishing pages and API."""

import datetime as dt
import io

import pytest

from pressroom.db import db
from pressroom.models import ArtifactKind
from pressroom.queries import releases
from pressroom.services import bundles, publishing, storage
from tests.services.test_publishing import approve_all
from tests.web.test_api_basics import assert_json_error


@pytest.fixture
def published(mission, create_statement):  # type: ignore[no-untyped-def]
    statement = create_statement(targets=[], title="Elections <script>alert(1)</script>")
    approve_all(statement, mission)
    release = publishing.publish(statement, mission["po_odihr"])
    db.session.commit()
    return statement, release


def test_release_page_with_language_menu_and_escaped_title(client, published):
    statement, _release = published
    response = client.get(f"/en/releases/{statement.slug}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Elections &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert 'hreflang="en"' in page and "Download PDF" in page
    assert "<!--pressroom:" not in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert client.get(f"/ru/releases/{statement.slug}").status_code == 404  # not published in ru


def test_etag_and_304(client, published):
    statement, _release = published
    first = client.get(f"/en/releases/{statement.slug}")
    again = client.get(
        f"/en/releases/{statement.slug}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert "max-age=300" in first.headers["Cache-Control"]


def test_pdf_stable_versioned_and_content_addressed(client, published):
    statement, release = published
    pdf = releases.artifact(release, "en", ArtifactKind.pdf)
    stable = client.get(f"/en/releases/{statement.slug}.pdf")
    assert stable.status_code == 200 and stable.data.startswith(b"%PDF-")
    assert stable.headers["ETag"].strip('"') == pdf.sha256
    assert "max-age=300" in stable.headers["Cache-Control"]
    assert (
        client.get(
            f"/en/releases/{statement.slug}.pdf", headers={"If-None-Match": stable.headers["ETag"]}
        ).status_code
        == 304
    )
    ranged = client.get(f"/en/releases/{statement.slug}/v1.pdf", headers={"Range": "bytes=0-4"})
    assert ranged.status_code == 206 and ranged.data == b"%PDF-"
    immutable = client.get(f"/files/{pdf.sha256}.pdf")
    assert "immutable" in immutable.headers["Cache-Control"]
    assert immutable.data == storage.path_for(pdf.sha256, "pdf").read_bytes()


def test_downloads_never_rerender(client, published, monkeypatch):
    statement, _release = published

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("rendered at download time")

    monkeypatch.setattr(bundles, "render_files", boom)
    assert client.get(f"/en/releases/{statement.slug}.pdf").status_code == 200
    assert client.get(f"/en/releases/{statement.slug}").status_code == 200


def test_vcard(client, published):
    statement, _release = published
    response = client.get(f"/en/releases/{statement.slug}/v1/contacts/0.vcf")
    card = response.get_data(as_text=True)
    assert response.mimetype == "text/vcard"
    assert "FN:Bas Klein" in card and "bas.klein@coe.int" in card
    assert client.get(f"/en/releases/{statement.slug}/v1/contacts/9.vcf").status_code == 404


def test_verify_page_upload_genuine_and_doctored(client, published):
    statement, release = published
    pdf = storage.path_for(
        releases.artifact(release, "en", ArtifactKind.pdf).sha256, "pdf"
    ).read_bytes()
    genuine = client.post(
        "/verify",
        data={"document": (io.BytesIO(pdf), "release.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Genuine" in genuine and "Officer odihr" not in genuine
    assert "Head odihr" in genuine  # who approved
    doctored = pdf.replace(b"Kazakh", b"Kazakx", 1) if b"Kazakh" in pdf else pdf + b"%"
    page = client.post(
        "/verify",
        data={"document": (io.BytesIO(doctored), "x.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Unknown" in page
    not_pdf = client.post(
        "/verify",
        data={"document": (io.BytesIO(b"hello"), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert not_pdf.status_code == 400 and "not a PDF" in not_pdf.get_data(as_text=True)
    by_short = client.get(f"/verify/{release.bundle_hash[:12]}").get_data(as_text=True)
    # A short code names the release and asks for the file: it proves nothing by itself.
    assert "belongs to a published release" in by_short and "Genuine" not in by_short
    assert "Elections &lt;script&gt;" in by_short
    assert client.post("/verify", data={}).status_code == 400


def test_withdrawn_pdf_refused_with_notice(client, mission, published):
    statement, _release = published
    publishing.withdraw(statement, mission["head_odihr"], "Issued in error.")
    db.session.commit()
    page = client.get(f"/en/releases/{statement.slug}").get_data(as_text=True)
    assert "This press release has been withdrawn." in page and "Issued in error." in page
    response = client.get(f"/en/releases/{statement.slug}.pdf")
    assert response.status_code == 410 and "Issued in error." in response.get_data(as_text=True)
    verified = client.get(f"/api/v1/verify/{_release.bundle_hash[:12]}").get_json()
    assert verified["verdict"] == "short_hash" and verified["state"] == "withdrawn"


def test_api_release_and_verify(client, published):
    statement, release = published
    body = client.get(f"/api/v1/releases/{statement.slug}").get_json()
    (english,) = body["languages"]
    assert body["version"] == 1 and body["state"] == "genuine"
    assert (
        english["files"]["pdf"]["sha256"]
        == releases.artifact(release, "en", ArtifactKind.pdf).sha256
    )
    verified = client.get(f"/api/v1/verify/{english['files']['pdf']['sha256']}").get_json()
    assert verified["verdict"] == "genuine" and verified["lang"] == "en"
    assert client.get("/api/v1/verify/" + "f" * 64).get_json()["verdict"] == "unknown"
    assert_json_error(client.get("/api/v1/releases/nothing-here"), 404)


def test_api_publish_with_embargo(app, client, mission, create_statement, api_token):
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    db.session.commit()
    headers = api_token(mission["po_odihr"])
    url = f"/api/v1/statements/{statement.id}/publish"
    assert_json_error(client.post(url, json={"embargo_until": "tomorrow"}, headers=headers), 400)
    now = dt.datetime(2007, 8, 19, 6, 0, tzinfo=dt.UTC)
    app.config["CLOCK"] = lambda: now
    assert_json_error(
        client.post(url, json={"embargo_until": "2007-08-19T16:00"}, headers=headers), 400
    )  # no offset
    assert_json_error(
        client.post(url, json={"embargo_until": "2999-01-01T10:00:00+06:00"}, headers=headers), 400
    )  # not within five years
    response = client.post(
        url, json={"embargo_until": "2007-08-19T16:00:00+06:00"}, headers=headers
    )
    assert response.status_code == 201 and response.get_json()["status"] == "scheduled"
    db.session.refresh(statement)
    assert statement.slug == response.get_json()["slug"]
    assert client.get(f"/en/releases/{statement.slug}").status_code == 404
    app.config["CLOCK"] = lambda: dt.datetime(2007, 8, 19, 10, 0, 1, tzinfo=dt.UTC)
    try:
        assert client.get(f"/en/releases/{statement.slug}").status_code == 200
    finally:
        app.config.pop("CLOCK")


def test_publishing_page_lists_problems(client, auth, mission, create_statement):
    statement = create_statement(targets=["ru"])
    db.session.commit()
    auth.login(mission["po_odihr"])
    page = client.get(f"/statements/{statement.id}/publish").get_data(as_text=True)
    assert "Not yet approved by: ODIHR, OSCE-PA, PACE." in page
    assert "The ru translation is missing." in page
    assert (
        client.post(f"/statements/{statement.id}/publish", data={"pub-timezone": "UTC"}).status_code
        == 409
    )


def test_download_lookup_cache_forgets_on_withdrawal(app, client, mission, published):
    statement, _release = published
    app.config["PUBLIC_FILE_CACHE_SECONDS"] = 60
    try:
        assert client.get(f"/en/releases/{statement.slug}.pdf").status_code == 200
        assert releases._file_cache  # the lookup is cached ...
        publishing.withdraw(statement, mission["head_odihr"], "Issued in error.")
        db.session.commit()
        # ... and forgotten by the change, not served stale for the TTL
        assert client.get(f"/en/releases/{statement.slug}.pdf").status_code == 410
    finally:
        app.config["PUBLIC_FILE_CACHE_SECONDS"] = 0
        releases._file_cache.clear()


def test_refused_withdrawal_keeps_the_typed_notice(client, auth, mission, published):
    statement, _release = published
    auth.login(mission["head_pace"])  # a head, but not of the lead organization
    response = client.post(
        f"/statements/{statement.id}/withdraw", data={"wd-notice": "Issued in error by mistake."}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Only the lead organization" in page and "Issued in error by mistake." in page


def test_vcard_of_a_cyrillic_name(client, mission, create_statement):
    statement = create_statement(
        targets=[],
        contacts=[
            {
                "organization": "pace",
                "name": "Иван Петров",
                "phone": "+7 701 795 0486",
                "email": "ivan@example.org",
            }
        ],
    )
    approve_all(statement, mission)
    publishing.publish(statement, mission["po_odihr"])
    db.session.commit()
    response = client.get(f"/en/releases/{statement.slug}/v1/contacts/0.vcf")
    disposition = response.headers["Content-Disposition"]
    assert response.status_code == 200 and "FN:Иван Петров" in response.get_data(as_text=True)
    disposition.encode("latin-1")  # a header the server can send
    assert "filename*=UTF-8''%D0%98" in disposition


def test_database_storage_serves_pages_and_pdfs_without_a_local_file(
    app, client, mission, create_statement, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "STORAGE", "database")
    monkeypatch.setitem(app.config, "DATA_DIR", str(tmp_path))
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    release = publishing.publish(statement, mission["po_odihr"])
    db.session.commit()
    pdf = releases.artifact(release, "en", ArtifactKind.pdf)
    assert not storage.path_for(pdf.sha256, "pdf").exists()  # no shared disk needed
    stable = client.get(f"/en/releases/{statement.slug}.pdf")
    assert stable.status_code == 200 and stable.data == storage.read_bytes(pdf.sha256, "pdf")
    assert stable.headers["Content-Length"] == str(pdf.size)
    assert (
        client.get(
            f"/en/releases/{statement.slug}.pdf", headers={"If-None-Match": stable.headers["ETag"]}
        ).status_code
        == 304
    )
    immutable = client.get(f"/files/{pdf.sha256}.pdf")
    assert immutable.data == stable.data and "immutable" in immutable.headers["Cache-Control"]
    ranged = client.get(f"/files/{pdf.sha256}.pdf", headers={"Range": "bytes=1000-1009"})
    assert ranged.status_code == 206 and ranged.data == stable.data[1000:1010]
    assert client.get(f"/en/releases/{statement.slug}").status_code == 200
