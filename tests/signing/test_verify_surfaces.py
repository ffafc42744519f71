"""The verify page, the API, the CLI and the release page say who signed and what broke."""

from __future__ import annotations

import io

from cryptography import x509

from pressroom.db import db
from pressroom.services import signing
from tests.signing.conftest import pdf_bytes


def _upload(client, data: bytes, lang: str = "en"):  # type: ignore[no-untyped-def]
    return client.post(
        f"/verify?lang={lang}",
        data={"document": (io.BytesIO(data), "r.pdf")},
        content_type="multipart/form-data",
    )


def test_verify_page_lists_the_valid_signatures(client, published) -> None:
    page = _upload(client, pdf_bytes(published, "ru")).get_data(as_text=True)
    assert "Genuine" in page
    assert page.count('class="signature signature-ok"') == 3
    for org in ("ODIHR", "OSCE-PA", "PACE"):
        assert org in page
    assert "Approved by Head pace for PACE" in page


def test_verify_page_shows_which_signatures_broke(client, published) -> None:
    data = bytearray(pdf_bytes(published))
    data[len(data) // 4] ^= 0x01
    page = _upload(client, bytes(data)).get_data(as_text=True)
    assert "Unknown" in page
    assert page.count('class="signature signature-altered"') == 3
    assert "the document was changed after this signature" in page


def test_verify_page_says_a_certificate_was_revoked(client, published, mission) -> None:
    signing.revoke(mission["orgs"]["osce-pa"], "compromised")
    db.session.commit()
    page = _upload(client, pdf_bytes(published)).get_data(as_text=True)
    assert page.count('class="signature signature-ok"') == 2
    assert page.count('class="signature signature-revoked"') == 1
    assert "certificate was revoked" in page


def test_verify_page_offers_the_root_with_its_fingerprint(client, authority) -> None:
    page = client.get("/verify").get_data(as_text=True)
    assert authority["root"].fingerprint in page
    response = client.get("/signing/root.crt")
    assert response.status_code == 200
    cert = x509.load_der_x509_certificate(response.data)
    assert cert.subject.rfc4514_string() == authority["root"].subject
    crl = x509.load_der_x509_crl(client.get("/signing/root.crl").data)
    assert crl.is_signature_valid(cert.public_key())


def test_crl_lists_revoked_certificates(client, authority, mission) -> None:
    signing.revoke(mission["orgs"]["pace"])
    db.session.commit()
    crl = x509.load_der_x509_crl(client.get("/signing/root.crl").data)
    serial = int(authority["certs"]["pace"].serial, 16)
    assert crl.get_revoked_certificate_by_serial_number(serial) is not None
    other = int(authority["certs"]["odihr"].serial, 16)
    assert crl.get_revoked_certificate_by_serial_number(other) is None


def test_api_validates_an_uploaded_pdf(client, published) -> None:
    data = pdf_bytes(published, "ru")
    body = client.post("/api/v1/verify", data=data, content_type="application/pdf").get_json()
    assert body["verdict"] == "genuine" and body["lang"] == "ru"
    assert [s["state"] for s in body["signatures"]] == ["ok"] * 3
    assert [s["organization"] for s in body["signatures"]] == ["odihr", "osce-pa", "pace"]
    broken = bytearray(data)
    broken[len(broken) // 4] ^= 0x01
    body = client.post(
        "/api/v1/verify", data=bytes(broken), content_type="application/pdf"
    ).get_json()
    assert body["verdict"] == "unknown"
    assert [s["state"] for s in body["signatures"]] == ["altered"] * 3
    response = client.post("/api/v1/verify", data=b"hello", content_type="application/pdf")
    assert response.status_code == 400


def test_release_page_says_who_signed(client, published) -> None:
    page = client.get(f"/en/releases/{published.statement.slug}").get_data(as_text=True)
    assert "digitally signed by each approving organization: ODIHR, OSCE-PA, PACE" in page


def test_cli_verify(runner, published, tmp_path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf_bytes(published))
    result = runner.invoke(args=["signing", "verify", str(path)])
    assert result.exit_code == 0, result.output
    assert "Published file: genuine" in result.output
    assert result.output.count(": ok") == 3
    data = bytearray(pdf_bytes(published))
    data[len(data) // 4] ^= 0x01
    path.write_bytes(bytes(data))
    result = runner.invoke(args=["signing", "verify", str(path)])
    assert result.exit_code == 1
    assert result.output.count(": altered") == 3


def test_cli_init_issue_revoke(runner, mission) -> None:
    result = runner.invoke(args=["signing", "init"])
    assert result.exit_code == 0, result.output
    assert "SHA-256 fingerprint" in result.output
    assert runner.invoke(args=["signing", "init"]).exit_code == 1  # one root
    result = runner.invoke(args=["signing", "issue-org", "pace"])
    assert result.exit_code == 0, result.output
    first = signing.active_certificate(mission["orgs"]["pace"])
    assert runner.invoke(args=["signing", "issue-org", "pace"]).exit_code == 0  # rotation
    second = signing.active_certificate(mission["orgs"]["pace"])
    assert second.id != first.id and first.revoked_at is None
    result = runner.invoke(args=["signing", "revoke-org", "pace", "--reason", "lost"])
    assert result.exit_code == 0 and "Revoked 2" in result.output
    assert signing.active_certificate(mission["orgs"]["pace"]) is None
    assert runner.invoke(args=["signing", "issue-org", "nowhere"]).exit_code == 1
