"""PAdES B-T: with a time-stamping service configured, each signature carries an RFC 3161
timestamp. The service here is a local TSA on 127.0.0.1 (pyHanko's DummyTimeStamper
behind a plain HTTP server), its certificate issued by the installation root."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper

from pressroom.services import publishing, signing
from tests.signing.conftest import approve_all, pdf_bytes, pyhanko_statuses


def _tsa_certificate(root_row) -> tuple[bytes, bytes]:  # type: ignore[no-untyped-def]
    root_key = signing._issued(root_row).key
    root_cert = signing.certificate_of(root_row)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's dummy TSA
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Local TSA")]))
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    return (
        cert.public_bytes(serialization.Encoding.DER),
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


@pytest.fixture
def tsa(app, authority) -> Iterator[dict]:  # type: ignore[no-untyped-def]
    cert_der, key_der = _tsa_certificate(authority["root"])
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert_der),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key_der),
        certs_to_embed=[asn1_x509.Certificate.load(authority["root"].certificate)],
    )
    served: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            served.append(1)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["SIGNING_TSA_URL"] = f"http://127.0.0.1:{server.server_port}/"
    try:
        yield {"served": served}
    finally:
        app.config["SIGNING_TSA_URL"] = ""
        server.shutdown()
        server.server_close()


def test_signatures_carry_a_trusted_timestamp(tsa, authority, mission, create_statement):
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    release = publishing.publish(statement, mission["po_odihr"])
    assert len(tsa["served"]) >= 3  # one per signature (pyHanko may ask once more to size it)
    statuses = pyhanko_statuses(pdf_bytes(release), authority["root"].certificate)
    assert len(statuses) == 3
    for status in statuses:
        assert status.bottom_line
        assert status.timestamp_validity is not None
        assert status.timestamp_validity.intact and status.timestamp_validity.valid
        assert status.timestamp_validity.trusted
    checked = signing.check(pdf_bytes(release))
    assert all(c.state == "ok" and c.check.timestamped_at is not None for c in checked)


def test_without_a_service_there_is_no_timestamp(published):
    assert all(c.check.timestamped_at is None for c in signing.check(pdf_bytes(published)))
