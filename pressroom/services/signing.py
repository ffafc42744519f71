"""The installation's signing authority and the signing of approved bundles.

Keys: made with `cryptography`, kept in the database (table signing_certificates) as
PKCS#8 PEM, encrypted with PRESSROOM_SIGNING_PASSPHRASE when it is set (without it they
are stored in clear, like the database's other secrets: say so in production notes).

Signing: when every participating organization's approval of the current bundle counts
(approvals.refresh_status turns the statement `approved`), a job signs each language's
stored PDF once per approving organization, lead first: reason "Approved by <head> for
<organization>", signing time = the approval's time, that organization's certificate. The
signed PDFs are stored content-addressed; publishing copies them into the release.
Without an installation root nothing is signed (and publishing uses the plain PDFs).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import sqlalchemy as sa
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from flask import current_app
from flask_babel import gettext as _

from pressroom import clock
from pressroom.config import public_url
from pressroom.db import db
from pressroom.domain.errors import InvalidTransition, NotFound, ValidationFailed
from pressroom.models import (
    Approval,
    ArtifactKind,
    BundleRecord,
    BundleSigning,
    Organization,
    SigningCertificate,
    SigningStatus,
    Statement,
    User,
)
from pressroom.services import audit, effects, storage
from pressroom.signing import authority

if TYPE_CHECKING:
    from pressroom.signing import pdf


def _pdf() -> ModuleType:
    """pyHanko on first use: a worker that only renders never loads it (memory)."""
    from pressroom.signing import pdf

    return pdf

log = logging.getLogger("pressroom.signing")

CRL_PATH = "/signing/root.crl"


# --- the authority ------------------------------------------------------------------------


def _passphrase() -> str | None:
    return current_app.config.get("SIGNING_PASSPHRASE") or None


def root_row() -> SigningCertificate | None:
    return db.session.scalar(
        sa.select(SigningCertificate).where(SigningCertificate.organization_id.is_(None),
                                            SigningCertificate.revoked_at.is_(None))
        .order_by(SigningCertificate.id.desc()).limit(1))


def enabled() -> bool:
    return root_row() is not None


def certificate_of(row: SigningCertificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(row.certificate)


def _issued(row: SigningCertificate) -> authority.Issued:
    return authority.Issued(certificate_of(row), authority.load_key(row.private_key,
                                                                    _passphrase()))


def _row(issued: authority.Issued, organization: Organization | None) -> SigningCertificate:
    cert = issued.certificate
    passphrase = _passphrase()
    return SigningCertificate(
        organization_id=organization.id if organization else None,
        serial=format(cert.serial_number, "x"), subject=cert.subject.rfc4514_string(),
        fingerprint=authority.fingerprint(cert),
        certificate=cert.public_bytes(serialization.Encoding.DER),
        private_key=authority.key_pem(issued.key, passphrase), key_encrypted=bool(passphrase),
        not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
        revocation_reason="")


def init(actor_label: str = "cli") -> SigningCertificate:
    """Create the installation root; refuses when one exists."""
    if root_row() is not None:
        raise ValidationFailed(_("This installation has a signing root already."))
    name = current_app.config.get("SIGNING_NAME") or "pressroom"
    row = _row(authority.create_root(name, clock.now()), None)
    db.session.add(row)
    db.session.flush()
    audit.record("signing.init", actor_label=actor_label, obj=row, serial=row.serial,
                 fingerprint=row.fingerprint, encrypted=row.key_encrypted)
    return row


def active_certificate(organization: Organization) -> SigningCertificate | None:
    """The organization's newest certificate that is not revoked (rotation adds newer)."""
    return db.session.scalar(
        sa.select(SigningCertificate).where(
            SigningCertificate.organization_id == organization.id,
            SigningCertificate.revoked_at.is_(None))
        .order_by(SigningCertificate.id.desc()).limit(1))


def issue(organization: Organization, actor: User | None = None,
          actor_label: str = "") -> SigningCertificate:
    """Issue (or rotate: issue a newer) signing certificate for an organization. The older
    one stays valid for what it signed; revoke it to make those signatures fail."""
    root = root_row()
    if root is None:
        raise ValidationFailed(_("Create the signing root first (flask signing init)."))
    issued = authority.issue_organization(
        _issued(root), organization.short_name("en"), organization.name("en"),
        public_url(CRL_PATH), clock.now())
    row = _row(issued, organization)
    db.session.add(row)
    db.session.flush()
    audit.record("signing.issue", actor=actor, actor_label=actor_label, obj=organization,
                 serial=row.serial, fingerprint=row.fingerprint)
    return row


def revoke(organization: Organization, reason: str = "", actor: User | None = None,
           actor_label: str = "") -> list[SigningCertificate]:
    """Revoke every valid certificate of the organization: its signatures then show as
    revoked everywhere the CRL is read (the verify page, pyHanko, Acrobat)."""
    rows = list(db.session.scalars(sa.select(SigningCertificate).where(
        SigningCertificate.organization_id == organization.id,
        SigningCertificate.revoked_at.is_(None))))
    if not rows:
        raise NotFound(_("This organization has no valid signing certificate."))
    now = clock.now()
    for row in rows:
        row.revoked_at, row.revocation_reason = now, reason.strip()
    db.session.flush()
    audit.record("signing.revoke", actor=actor, actor_label=actor_label, obj=organization,
                 serials=[r.serial for r in rows], reason=reason.strip())
    return rows


_crl_cache: dict[tuple[str, int, str], tuple[dt.datetime, bytes]] = {}
_crl_lock = threading.Lock()


def crl_der() -> bytes | None:
    """The root's current CRL (DER), made fresh when revocations change and at least
    daily; None without a root."""
    root = root_row()
    if root is None:
        return None
    revoked = [(serial, at) for serial, at in db.session.execute(
        sa.select(SigningCertificate.serial, SigningCertificate.revoked_at).where(
            SigningCertificate.organization_id.is_not(None),
            SigningCertificate.revoked_at.is_not(None))
        .order_by(SigningCertificate.revoked_at)) if at is not None]
    now = clock.now()
    key = (root.serial, len(revoked), revoked[-1][1].isoformat() if revoked else "")
    with _crl_lock:
        hit = _crl_cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
    built = authority.crl(_issued(root), [(int(serial, 16), at) for serial, at in revoked],
                          now, number=int(now.timestamp()))
    data = built.public_bytes(serialization.Encoding.DER)
    with _crl_lock:
        _crl_cache.clear()
        _crl_cache[key] = (now + dt.timedelta(days=1), data)
    return data


# --- checking a PDF ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedSignature:
    check: pdf.Checked
    organization: Organization | None  # whose certificate this installation issued

    @property
    def state(self) -> str:
        """ok | altered | revoked | untrusted | invalid"""
        c = self.check
        if not c.intact:
            return "altered"
        if not c.valid:
            return "invalid"
        if c.revoked:
            return "revoked"
        if not c.trusted:
            return "untrusted"
        return "ok" if c.whole_file else "altered"


def check(data: bytes) -> list[CheckedSignature]:
    """Validate every signature of an uploaded PDF against this installation's root and
    CRL, offline; the organization is named when we issued the certificate."""
    root = root_row()
    crl = crl_der()
    found = _pdf().validate(data, certificate_of(root) if root else None,
                         [crl] if crl else [])
    serials = [format(c.serial, "x") for c in found]
    owners = {row.serial: row.organization for row in db.session.scalars(
        sa.select(SigningCertificate).where(SigningCertificate.serial.in_(serials)))}
    return [CheckedSignature(c, owners.get(format(c.serial, "x"))) for c in found]


# --- signing approved bundles ---------------------------------------------------------------


def _approvals_key(approvals: list[Approval]) -> str:
    return ",".join(str(a.id) for a in sorted(approvals, key=lambda a: a.id))


def _counting(statement: Statement, bundle: BundleRecord) -> list[Approval]:
    from pressroom.services import approvals

    return approvals.counting_approvals(statement, bundle.hash)


def _signing_of(bundle: BundleRecord, key: str) -> BundleSigning | None:
    return db.session.scalar(sa.select(BundleSigning).where(
        BundleSigning.bundle_id == bundle.id, BundleSigning.approvals == key))


def request(statement: Statement) -> BundleSigning | None:
    """Queue the signing of the current bundle by its counting approvals (after the
    commit). Does nothing without a signing root or when it is signed already."""
    from pressroom.services import bundles

    if not enabled():
        return None
    bundle = bundles.record(statement)
    counting = _counting(statement, bundle)
    if not counting:
        return None
    key = _approvals_key(counting)
    row = _signing_of(bundle, key)
    if row is None:
        row = BundleSigning(bundle_id=bundle.id, approvals=key, status=SigningStatus.pending,
                            error="", signers=[], files={})
        db.session.add(row)
        db.session.flush()
    elif row.status == SigningStatus.done:
        return row
    row.status, row.error = SigningStatus.pending, ""
    db.session.flush()
    if bundles.files_complete(bundle):
        effects.enqueue(sign_bundle, row.id)
    return row


def after_render(bundle_id: int) -> None:
    """Called by the render job once a bundle's files are stored: sign what waited."""
    for row in db.session.scalars(sa.select(BundleSigning).where(
            BundleSigning.bundle_id == bundle_id,
            BundleSigning.status == SigningStatus.pending)):
        effects.enqueue(sign_bundle, row.id)


def signed_for_publication(statement: Statement, bundle: BundleRecord) -> BundleSigning | None:
    """The signed PDFs to publish (None when this installation does not sign); refuses,
    and queues the signing again, while they are missing."""
    if not enabled():
        return None
    counting = _counting(statement, bundle)
    row = _signing_of(bundle, _approvals_key(counting))
    if row is not None and row.status == SigningStatus.done:
        return row
    failed = row is not None and row.status == SigningStatus.failed
    reason = row.error if row is not None else ""
    if row is None or failed:
        request(statement)
    if failed:
        raise InvalidTransition(
            _("Signing the PDFs failed (%(reason)s). They are being signed again: publish in "
              "a moment.", reason=reason), details={"signing": "failed", "reason": reason})
    raise InvalidTransition(_("The signatures are being prepared. Publish again in a moment."),
                            details={"signing": "pending"})


def reason_text(head: str, organization: str) -> str:
    # Not translated: the same words in every language's PDF, read by any PDF reader.
    return f"Approved by {head} for {organization}"


def sign_bundle(signing_id: int) -> None:
    """Job: sign each language's PDF of a bundle once per approving organization. The read
    transaction ends before the slow part; a failure is recorded for the press officers."""
    from pressroom.services import bundles

    row = db.session.get(BundleSigning, signing_id)
    if row is None or row.status == SigningStatus.done:
        return
    bundle = row.bundle
    if not bundles.files_complete(bundle):
        return  # the render job calls after_render when the PDFs are there
    try:
        root = root_row()
        if root is None:
            raise ValueError("no signing root")
        statement = db.session.get(Statement, bundle.statement_id)
        assert statement is not None
        ids = [int(i) for i in row.approvals.split(",") if i]
        by_org = {a.organization_id: a for a in db.session.scalars(
            sa.select(Approval).where(Approval.id.in_(ids)))}
        entries, signers = [], []
        for org in statement.organizations:  # lead first
            approval = by_org.get(org.id)
            if approval is None:
                continue
            cert = active_certificate(org)
            if cert is None:
                raise ValueError(f"{org.short_name()} has no signing certificate "
                                 f"(flask signing issue-org {org.slug})")
            issued = _issued(cert)
            name = org.short_name("en")
            entries.append(_pdf().Signature(
                field_name=f"Approval-{org.slug}", certificate=issued.certificate,
                key=issued.key, reason=reason_text(approval.user.display_name, name),
                name=approval.user.display_name, time=approval.created_at))
            signers.append({"organization": org.slug, "name": name,
                            "head": approval.user.display_name,
                            "at": approval.created_at.isoformat(), "serial": cert.serial})
        root_cert = certificate_of(root)
        pdfs = {f.lang: f.sha256 for f in bundle.files if f.kind == ArtifactKind.pdf}
        tsa = current_app.config.get("SIGNING_TSA_URL") or None
    except Exception as exc:
        _failed(signing_id, exc)
        return
    db.session.rollback()  # signing holds no lock
    try:
        files = {}
        for lang, sha in pdfs.items():
            data = storage.read_bytes(sha, "pdf")
            signed = _pdf().sign(data, entries, root_cert, tsa_url=tsa)
            digest, size = storage.store(signed, "pdf")
            files[lang] = {"sha256": digest, "size": size}
    except Exception as exc:
        _failed(signing_id, exc)
        return
    row = db.session.get(BundleSigning, signing_id)
    if row is None or row.status == SigningStatus.done:
        db.session.rollback()
        return
    row.files, row.signers = files, signers
    row.status, row.error, row.signed_at = SigningStatus.done, "", clock.now()
    db.session.commit()


def _failed(signing_id: int, exc: Exception) -> None:
    db.session.rollback()
    log.error("signing %s failed", signing_id, exc_info=exc)
    row = db.session.get(BundleSigning, signing_id)
    if row is not None:
        row.status, row.error = SigningStatus.failed, f"{type(exc).__name__}: {exc}"[:1000]
        db.session.commit()
