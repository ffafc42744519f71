"""Issue #18: "the key stored … in a PKCS#11 token when configured". A SoftHSM2 token in a
temporary directory: `signing init` and `issue-org` make their keys inside it, not
extractable; certificates, the CRL and the PDFs' signatures are made by the token; pyHanko
finds the published PDFs valid and chaining to the root; no private key is on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from flask import Flask

from pressroom.db import db
from pressroom.models import SigningCertificate
from pressroom.services import publishing, signing
from pressroom.signing import token
from tests.signing.conftest import approve_all, pdf_bytes, pyhanko_statuses, translate_all

MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)
PIN = "246810"


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh SoftHSM2 token (its own configuration and token directory). `make test`
    sets REQUIRE_PKCS11=1 and installs softhsm2 (scripts/system-deps.sh): there a missing
    SoftHSM2 fails instead of skipping."""
    module = next((m for m in MODULES if Path(m).exists()), None)
    if module is None or shutil.which("softhsm2-util") is None:
        if os.environ.get("REQUIRE_PKCS11") == "1":
            pytest.fail(
                "SoftHSM2 required (REQUIRE_PKCS11=1) but not installed: "
                "bash scripts/system-deps.sh",
                pytrace=False,
            )
        pytest.skip("SoftHSM2 is not installed (scripts/system-deps.sh installs it)")
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    # Read when the module is initialized: set before pressroom loads it.
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "pressroom-test",
            "--pin",
            PIN,
            "--so-pin",
            "13579",
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "SOFTHSM2_CONF": str(conf)},
        timeout=60,
    )
    pin_file = base / "pin"
    pin_file.write_text(PIN + "\n")
    return {
        "module": module,
        "label": "pressroom-test",
        "pin_file": str(pin_file),
        "tokens": str(base / "tokens"),
    }


@pytest.fixture
def in_token(app: Flask, softhsm: dict[str, str]) -> Iterator[token.TokenConfig]:
    app.config.update(
        SIGNING_PKCS11_MODULE=softhsm["module"],
        SIGNING_PKCS11_TOKEN_LABEL=softhsm["label"],
        SIGNING_PKCS11_PIN_FILE=softhsm["pin_file"],
    )
    try:
        config = signing.token_config()
        assert config is not None and config.pin == PIN
        yield config
    finally:
        app.config.update(
            SIGNING_PKCS11_MODULE="", SIGNING_PKCS11_TOKEN_LABEL="", SIGNING_PKCS11_PIN_FILE=""
        )


def test_init_issue_sign_verify_with_the_keys_in_the_token(
    runner, app, in_token, mission, create_statement, softhsm
) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["signing", "init"])
    assert result.exit_code == 0, result.output
    assert "PKCS#11 token" in result.output and "Warning" not in result.output
    for slug in ("odihr", "osce-pa", "pace"):
        result = runner.invoke(args=["signing", "issue-org", slug])
        assert result.exit_code == 0, result.output
    rows = list(db.session.scalars(db.select(SigningCertificate)))
    assert len(rows) == 4
    for row in rows:
        # The database keeps the certificate and the key's label, never the key.
        assert row.private_key == b"" and row.key_label.startswith("pressroom-")
        attributes = token.private_key_attributes(in_token, row.key_label)
        assert attributes == {"sensitive": True, "extractable": False}
    root = signing.root_row()
    assert root is not None
    root_cert = x509.load_der_x509_certificate(root.certificate)
    # The root signed itself and the organizations' certificates with the token's key.
    root_cert.verify_directly_issued_by(root_cert)
    for row in rows:
        if row.organization_id is not None:
            x509.load_der_x509_certificate(row.certificate).verify_directly_issued_by(root_cert)

    statement = create_statement(targets=["ru"])
    translate_all(statement, mission)
    approve_all(statement, mission)
    release = publishing.publish(statement, mission["po_odihr"])
    for lang in ("en", "ru"):
        statuses = pyhanko_statuses(pdf_bytes(release, lang), root.certificate)
        assert len(statuses) == 3
        assert all(s.intact and s.valid and s.trusted and s.bottom_line for s in statuses)
        assert [s.signing_cert.subject.native["common_name"] for s in statuses] == [
            "ODIHR",
            "OSCE-PA",
            "PACE",
        ]
    assert [c.state for c in signing.check(pdf_bytes(release))] == ["ok"] * 3

    # Revocation: the CRL is signed by the token's root key too.
    signing.revoke(mission["orgs"]["pace"], "rotated out")
    db.session.commit()
    crl = x509.load_der_x509_crl(signing.crl_der())
    assert crl.is_signature_valid(root_cert.public_key())
    assert [c.state for c in signing.check(pdf_bytes(release))] == ["ok", "ok", "revoked"]

    # No private key on disk: not in the database, not among pressroom's files. The
    # token's own store is SoftHSM2's business (an HSM keeps it in hardware).
    data_dir = Path(app.config["DATA_DIR"])
    for path in data_dir.rglob("*"):
        if path.is_file() and softhsm["tokens"] not in str(path):
            assert b"PRIVATE KEY" not in path.read_bytes(), path


def test_a_token_key_cannot_be_read_out(in_token) -> None:  # type: ignore[no-untyped-def]
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.exceptions import AttributeSensitive

    key = token.generate(in_token, "probe")
    with token.session(in_token) as session:
        private = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=key.label)
        with pytest.raises(AttributeSensitive):
            private[Attribute.VALUE]


def test_token_configuration_needs_a_label_and_a_pin(app) -> None:  # type: ignore[no-untyped-def]
    app.config.update(SIGNING_PKCS11_MODULE="/nowhere.so")
    try:
        with pytest.raises(ValueError, match="PRESSROOM_SIGNING_PKCS11_TOKEN_LABEL"):
            signing.token_config()
    finally:
        app.config.update(SIGNING_PKCS11_MODULE="")
