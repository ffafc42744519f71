"""Issue #18: admins rotate and revoke organizations' signing certificates on a page of
their own (not only with the CLI): the root and every certificate with its state, serial
and validity; rotation keeps the previous certificate valid for what it signed unless the
admin revokes it; revocation needs a reason and a confirmation; the CRL is published
after the commit; each action is audited."""

from __future__ import annotations

import io

import sqlalchemy as sa
from cryptography import x509

from pressroom.db import db
from pressroom.models import AuditEvent, SigningCertificate
from pressroom.services import signing
from tests.signing.conftest import pdf_bytes


def _certs(org) -> list[SigningCertificate]:  # type: ignore[no-untyped-def]
    return list(
        db.session.scalars(
            sa.select(SigningCertificate)
            .where(SigningCertificate.organization_id == org.id)
            .order_by(SigningCertificate.id)
        )
    )


def _events(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def _crl(client) -> x509.CertificateRevocationList:  # type: ignore[no-untyped-def]
    return x509.load_der_x509_crl(client.get("/signing/root.crl").data)


def test_page_lists_the_root_and_every_certificate(client, auth, mission, authority) -> None:  # type: ignore[no-untyped-def]
    auth.login(mission["admin"])
    page = client.get("/admin/signing").get_data(as_text=True)
    root = authority["root"]
    assert root.fingerprint in page and root.serial in page
    assert root.not_after.strftime("%Y") in page
    for slug, cert in authority["certs"].items():
        assert cert.serial in page
        assert f'id="signing-{slug}"' in page
    assert page.count('class="cert-state cert-current"') == 3
    assert 'href="/signing/root.crl"' in page


def test_page_without_a_root_says_how_to_make_one(client, auth, mission) -> None:  # type: ignore[no-untyped-def]
    auth.login(mission["admin"])
    page = client.get("/admin/signing").get_data(as_text=True)
    assert "flask --app app signing init" in page


def test_rotation_keeps_the_previous_certificate_valid(client, auth, mission, published) -> None:  # type: ignore[no-untyped-def]
    pace = mission["orgs"]["pace"]
    old = _certs(pace)[0]
    auth.login(mission["admin"])
    response = client.post(f"/admin/signing/organizations/{pace.id}/rotate", data={})
    assert response.status_code == 302
    rows = _certs(pace)
    assert len(rows) == 2 and rows[0].id == old.id and rows[0].revoked_at is None
    assert signing.active_certificate(pace).id == rows[1].id
    # What the old certificate signed still verifies.
    assert [c.state for c in signing.check(pdf_bytes(published))] == ["ok"] * 3
    page = client.get("/admin/signing").get_data(as_text=True)
    assert page.count('class="cert-state cert-rotated"') == 1
    event = _events("signing.issue")[-1]
    assert event.actor_id == mission["admin"].id and event.details["serial"] == rows[1].serial


def test_rotation_may_revoke_the_previous_certificate(client, auth, mission, published) -> None:  # type: ignore[no-untyped-def]
    pace = mission["orgs"]["pace"]
    old = _certs(pace)[0]
    auth.login(mission["admin"])
    # Revoking the previous one needs a reason: the form comes back, nothing changed.
    response = client.post(
        f"/admin/signing/organizations/{pace.id}/rotate",
        data={f"rotate-{pace.id}-revoke_previous": "y", f"rotate-{pace.id}-reason": ""},
    )
    assert response.status_code == 400
    assert "Say why the previous certificate is revoked." in response.get_data(as_text=True)
    assert len(_certs(pace)) == 1
    response = client.post(
        f"/admin/signing/organizations/{pace.id}/rotate",
        data={
            f"rotate-{pace.id}-revoke_previous": "y",
            f"rotate-{pace.id}-reason": "laptop stolen",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    rows = _certs(pace)
    assert rows[0].revoked_at is not None and rows[0].revocation_reason == "laptop stolen"
    assert rows[1].revoked_at is None
    crl = _crl(client)
    assert crl.get_revoked_certificate_by_serial_number(int(old.serial, 16)) is not None
    states = {c.organization.slug: c.state for c in signing.check(pdf_bytes(published))}
    assert states == {"odihr": "ok", "osce-pa": "ok", "pace": "revoked"}


def test_revocation_needs_a_reason_and_a_confirmation(client, auth, mission, published) -> None:  # type: ignore[no-untyped-def]
    cert = _certs(mission["orgs"]["osce-pa"])[0]
    auth.login(mission["admin"])
    url = f"/admin/signing/certificates/{cert.id}/revoke"
    p = f"revoke-{cert.id}-"
    response = client.post(url, data={p + "reason": "key compromised"})  # not confirmed
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="key compromised"' in page  # what was typed is kept
    response = client.post(url, data={p + "reason": "", p + "confirm": "y"})
    assert response.status_code == 400
    db.session.expire_all()
    assert cert.revoked_at is None
    response = client.post(url, data={p + "reason": "key compromised", p + "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert cert.revoked_at is not None and cert.revocation_reason == "key compromised"
    # Published after the commit: the root points at the stored CRL, which lists it.
    root = signing.root_row()
    assert root.crl_sha256 and root.crl_published_at is not None
    crl = _crl(client)
    assert crl.get_revoked_certificate_by_serial_number(int(cert.serial, 16)) is not None
    assert crl.is_signature_valid(x509.load_der_x509_certificate(root.certificate).public_key())
    event = _events("signing.revoke")[-1]
    assert event.actor_id == mission["admin"].id
    assert event.details == {"serials": [cert.serial], "reason": "key compromised"}
    assert _events("signing.crl")
    # The verify page says so for a PDF that certificate signed.
    page = client.post(
        "/verify?lang=en",
        data={"document": (io.BytesIO(pdf_bytes(published)), "r.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert page.count('class="signature signature-revoked"') == 1
    assert "certificate was revoked" in page
    # Revoked already: refused, said so.
    response = client.post(url, data={p + "reason": "again", p + "confirm": "y"})
    assert response.status_code == 409


def test_revocation_needs_the_csrf_token(app, client, auth, mission, authority) -> None:  # type: ignore[no-untyped-def]
    cert = authority["certs"]["odihr"]
    auth.login(mission["admin"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        p = f"revoke-{cert.id}-"
        response = client.post(
            f"/admin/signing/certificates/{cert.id}/revoke",
            data={p + "reason": "x", p + "confirm": "y"},
        )
        assert response.status_code == 400
        response = client.post(
            f"/admin/signing/organizations/{cert.organization_id}/rotate", data={}
        )
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert cert.revoked_at is None and len(_certs(cert.organization)) == 1


def test_services_rotate_and_revoke_directly(mission, authority) -> None:  # type: ignore[no-untyped-def]
    odihr = mission["orgs"]["odihr"]
    first = authority["certs"]["odihr"]
    second = signing.rotate(odihr, actor=mission["admin"])
    assert first.revoked_at is None and signing.active_certificate(odihr) is second
    third = signing.rotate(odihr, actor=mission["admin"], revoke_previous=True, reason="policy")
    assert first.revoked_at is not None and second.revoked_at is not None
    assert signing.active_certificate(odihr) is third
    signing.revoke_certificate(third, "gone", actor=mission["admin"])
    assert signing.active_certificate(odihr) is None
    db.session.commit()  # the CRL job runs after the commit
    crl = x509.load_der_x509_crl(signing.crl_der())
    for row in (first, second, third):
        assert crl.get_revoked_certificate_by_serial_number(int(row.serial, 16)) is not None


def test_page_reads_a_constant_number_of_queries(client, auth, mission, authority) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.queries import counting

    auth.login(mission["admin"])

    def measure() -> int:
        client.get("/admin/signing")  # warm
        with counting() as seen:
            assert client.get("/admin/signing").status_code == 200
        return len(seen)

    small = measure()
    for slug in ("odihr", "osce-pa", "pace"):
        for _ in range(4):
            signing.rotate(mission["orgs"][slug], actor=mission["admin"])
    signing.revoke(mission["orgs"]["pace"], "test")
    db.session.commit()
    assert measure() == small
