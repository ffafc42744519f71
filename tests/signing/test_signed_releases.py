"""Issue #18: each published PDF carries one PAdES signature per approving organization,
chaining to the installation root; one changed byte breaks them all; revocation shows."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from pressroom.db import db
from pressroom.domain.errors import InvalidTransition
from pressroom.models import BundleSigning, SigningStatus
from pressroom.queries import approvals as approval_queries
from pressroom.queries import bundles as bundle_queries
from pressroom.queries import releases
from pressroom.services import approvals, publishing, signing, storage
from tests.signing.conftest import (
    approve_all,
    pdf_bytes,
    pyhanko_statuses,
)


def test_each_language_has_one_valid_signature_per_approving_organization(
    published, authority
) -> None:
    root_der = authority["root"].certificate
    for lang in ("en", "ru"):
        statuses = pyhanko_statuses(pdf_bytes(published, lang), root_der)
        assert len(statuses) == 3
        assert all(s.intact and s.valid and s.trusted and s.bottom_line for s in statuses)
        signers = [s.signing_cert.subject.native["common_name"] for s in statuses]
        assert signers == ["ODIHR", "OSCE-PA", "PACE"]  # participant order, lead first
        # Each signature's certificate is that organization's, issued by the root.
        serials = {format(s.signing_cert.serial_number, "x") for s in statuses}
        assert serials == {c.serial for c in authority["certs"].values()}


def test_reason_names_the_head_and_time_is_the_approval_time(published) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes(published)))
    fields = reader.get_fields()
    sigs = [f["/V"] for f in fields.values() if f.get("/FT") == "/Sig"]
    reasons = sorted(str(s["/Reason"]) for s in sigs)
    assert reasons == [
        "Approved by Head odihr for ODIHR",
        "Approved by Head osce-pa for OSCE-PA",
        "Approved by Head pace for PACE",
    ]
    counting = approval_queries.counting_approvals(published.statement, published.bundle_hash)
    expected = {a.created_at.strftime("%Y%m%d%H%M%S") for a in counting}
    assert {str(s["/M"])[2:16] for s in sigs} == expected
    assert [s["head"] for s in published.signers] == ["Head odihr", "Head osce-pa", "Head pace"]


def test_the_published_hash_is_the_signed_files(published) -> None:
    data = pdf_bytes(published, "ru")
    found = releases.verify_hash(hashlib.sha256(data).hexdigest())
    assert found.verdict == releases.Verdict.genuine and found.artifact.lang == "ru"
    bundle = bundle_queries.get(published.statement, published.bundle_hash)
    unsigned = next(f for f in bundle.files if f.lang == "ru" and f.kind.value == "pdf")
    assert unsigned.sha256 != found.artifact.sha256  # the signed file, not the rendered one
    assert releases.verify_hash(unsigned.sha256).verdict == releases.Verdict.unknown
    assert releases.verify_hash(published.bundle_hash[:12]).verdict == releases.Verdict.short_hash


def test_one_changed_byte_breaks_every_signature(published, authority) -> None:
    data = bytearray(pdf_bytes(published))
    # A byte inside the first revision (the rendered document), covered by every signature.
    data[len(data) // 4] ^= 0x01
    statuses = pyhanko_statuses(bytes(data), authority["root"].certificate)
    assert len(statuses) == 3 and not any(s.intact for s in statuses)
    checked = signing.check(bytes(data))
    assert [c.state for c in checked] == ["altered"] * 3


def test_revoked_organization_shows_as_revoked(published, authority, mission) -> None:
    signing.revoke(mission["orgs"]["pace"], "key lost")
    db.session.commit()
    checked = {c.organization.slug: c.state for c in signing.check(pdf_bytes(published))}
    assert checked == {"odihr": "ok", "osce-pa": "ok", "pace": "revoked"}
    statuses = pyhanko_statuses(
        pdf_bytes(published), authority["root"].certificate, [signing.crl_der()]
    )
    assert [s.revoked for s in statuses] == [False, False, True]


def test_tagging_survives_signing(published) -> None:
    """The rendered document is the signed file's first revision, byte for byte: the
    structure tree of PDF/UA is the same object, with one Form element per signature
    widget after the rest (tests/signing/test_tagged_signatures.py looks closer)."""
    bundle = bundle_queries.get(published.statement, published.bundle_hash)
    unsigned = next(f for f in bundle.files if f.lang == "en" and f.kind.value == "pdf")
    original = storage.path_for(unsigned.sha256, "pdf").read_bytes()
    signed = pdf_bytes(published)
    assert signed.startswith(original)
    before, after = PdfReader(io.BytesIO(original)), PdfReader(io.BytesIO(signed))
    root_before, root_after = before.trailer["/Root"], after.trailer["/Root"]
    ref_before = root_before.raw_get("/StructTreeRoot")
    ref_after = root_after.raw_get("/StructTreeRoot")
    assert (ref_after.idnum, ref_after.generation) == (ref_before.idnum, ref_before.generation)
    assert _tree(root_after["/StructTreeRoot"]) == (
        _tree(root_before["/StructTreeRoot"]) + ["/Form", "/OBJR"] * 3
    )
    assert bool(root_after["/MarkInfo"]["/Marked"])
    assert root_after["/Lang"] == "en"


def _tree(node, depth: int = 0) -> list[str]:  # type: ignore[no-untyped-def]
    node = node.get_object() if hasattr(node, "get_object") else node
    if not isinstance(node, dict) or depth > 40:
        return []
    out = [str(node.get("/S", node.get("/Type", "")))]
    kids = node.get("/K")
    if kids is None:
        return out
    for kid in kids if isinstance(kids, list) else [kids]:
        out.extend(_tree(kid, depth + 1))
    return out


@pytest.mark.skipif(
    shutil.which("pdfsig") is None, reason="poppler-utils is installed by scripts/system-deps.sh"
)
def test_pdfsig_lists_the_signatures(published, tmp_path) -> None:
    path = tmp_path / "release.pdf"
    path.write_bytes(pdf_bytes(published, "ru"))
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    assert out.stdout.count("Signature Validation: Signature is Valid.") == 3, out.stdout
    for name in ("ODIHR", "OSCE-PA", "PACE"):
        assert f"Common Name: {name}" in out.stdout
    assert "ETSI.CAdES.detached" in out.stdout


def test_publishing_waits_for_the_signatures(authority, mission, create_statement) -> None:
    """Until the job has signed the PDFs, publishing refuses; a failed signing is queued
    again by the next attempt."""
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    row = db.session.query(BundleSigning).one()
    assert row.status == SigningStatus.done and len(row.signers) == 3
    row.status = SigningStatus.pending
    db.session.commit()
    with pytest.raises(InvalidTransition) as info:
        publishing.publish(statement, mission["po_odihr"])
    assert info.value.details == {"signing": "pending"}
    db.session.rollback()
    row = db.session.query(BundleSigning).one()
    row.status, row.error = SigningStatus.failed, "boom"
    db.session.commit()
    with pytest.raises(InvalidTransition) as info:
        publishing.publish(statement, mission["po_odihr"])
    assert info.value.details == {"signing": "failed", "reason": "boom"}
    db.session.commit()  # the signing queued again runs after the commit
    release = publishing.publish(statement, mission["po_odihr"])
    assert len(release.signers) == 3


def test_a_new_approval_set_gives_a_new_signing(authority, mission, create_statement) -> None:
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    first = db.session.query(BundleSigning).one()
    assert first.status == SigningStatus.done
    # A head approving again makes a new counting approval: signed anew, with its time.
    again = approvals.decide(statement, mission["head_pace"], "approve", 1)
    db.session.commit()
    rows = db.session.query(BundleSigning).order_by(BundleSigning.id).all()
    assert len(rows) == 2 and rows[1].status == SigningStatus.done
    assert str(again.id) in rows[1].approvals.split(",")
    release = publishing.publish(statement, mission["po_odihr"])
    assert release.signers == rows[1].signers


def test_without_a_root_nothing_is_signed(mission, create_statement) -> None:
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    release = publishing.publish(statement, mission["po_odihr"])
    assert release.signers is None
    assert pyhanko_statuses(pdf_bytes(release), b"") == []


def test_the_demo_is_signed_by_the_three_organizations(app) -> None:
    from pressroom import demo

    statement = demo.publish_demo()
    release = releases.public_release(statement.slug)
    checked = signing.check(pdf_bytes(release, "ru"))
    # The issue's "done": the Russian PDF shows three valid signatures.
    assert sorted(c.check.signer for c in checked) == ["OSCE PA", "OSCE/ODIHR", "PACE"]
    assert [c.state for c in checked] == ["ok"] * 3


def test_keys_are_encrypted_with_the_passphrase(app, mission) -> None:
    app.config["SIGNING_PASSPHRASE"] = "correct horse"
    try:
        root = signing.init()
        cert = signing.issue(mission["orgs"]["pace"])
        assert root.key_encrypted and cert.key_encrypted
        assert b"ENCRYPTED PRIVATE KEY" in root.private_key
        app.config["SIGNING_PASSPHRASE"] = ""
        with pytest.raises(ValueError, match="PRESSROOM_SIGNING_PASSPHRASE"):
            signing.issue(mission["orgs"]["odihr"])
    finally:
        app.config["SIGNING_PASSPHRASE"] = ""
        db.session.rollback()


def test_signing_works_where_an_event_loop_is_running(authority, mission, create_statement) -> None:
    """pyHanko's synchronous API calls asyncio.run(): signing and checking must not fail in
    a thread whose event loop is running (an async worker; Playwright in the test suite)."""
    import asyncio

    def publish_and_check():  # type: ignore[no-untyped-def]
        statement = create_statement(targets=[])
        approve_all(statement, mission)
        release = publishing.publish(statement, mission["po_odihr"])
        return release, signing.check(pdf_bytes(release))

    async def inside_a_loop():  # type: ignore[no-untyped-def]
        return publish_and_check()

    try:
        asyncio.get_running_loop()  # the whole suite: Playwright's loop runs already
    except RuntimeError:
        release, checked = asyncio.run(inside_a_loop())
    else:
        release, checked = publish_and_check()
    assert len(release.signers) == 3 and [c.state for c in checked] == ["ok"] * 3
