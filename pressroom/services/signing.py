"""The installation's signing authority and the signing of approved bundles.

Keys: made with `cryptography`, kept in the database (table signing_certificates) as
PKCS#8 PEM, encrypted with PRESSROOM_SIGNING_PASSPHRASE when it is set (without it they
are stored in clear, like the database's other secrets: say so in production notes). With
a PKCS#11 token configured (PRESSROOM_SIGNING_PKCS11_MODULE …) every new key, the root's
and the organizations', is made inside the token, not extractable, and the row keeps only
its label: certificates, CRLs and PDF signatures are signed by the token.

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
from cryptography.hazmat.primitives.asymmetric import ec
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
from pressroom.signing import authority, token

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


def token_config() -> token.TokenConfig | None:
    """The configured PKCS#11 token, or None (keys in the database)."""
    config = current_app.config
    module = config.get("SIGNING_PKCS11_MODULE") or ""
    if not module:
        return None
    pin = config.get("SIGNING_PKCS11_PIN") or ""
    pin_file = config.get("SIGNING_PKCS11_PIN_FILE") or ""
    if pin_file:
        with open(pin_file, encoding="utf-8") as f:
            pin = f.read().strip()
    label = config.get("SIGNING_PKCS11_TOKEN_LABEL") or ""
    if not label or not pin:
        raise ValueError(
            "PRESSROOM_SIGNING_PKCS11_MODULE needs PRESSROOM_SIGNING_PKCS11_"
            "TOKEN_LABEL and a PIN (PRESSROOM_SIGNING_PKCS11_PIN or _PIN_FILE)"
        )
    return token.TokenConfig(module=module, token_label=label, pin=pin)


def _new_key(purpose: str) -> authority.Key | None:
    """A key made in the token when one is configured; None: authority makes one."""
    config = token_config()
    return token.generate(config, purpose) if config is not None else None


def root_row() -> SigningCertificate | None:
    return db.session.scalar(
        sa.select(SigningCertificate)
        .where(
            SigningCertificate.organization_id.is_(None), SigningCertificate.revoked_at.is_(None)
        )
        .order_by(SigningCertificate.id.desc())
        .limit(1)
    )


def enabled() -> bool:
    return root_row() is not None


def certificate_of(row: SigningCertificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(row.certificate)


def _issued(row: SigningCertificate) -> authority.Issued:
    cert = certificate_of(row)
    if row.key_label:
        config = token_config()
        if config is None:
            raise ValueError(
                "this signing key is in a PKCS#11 token: set PRESSROOM_SIGNING_PKCS11_MODULE"
            )
        public = cert.public_key()
        assert isinstance(public, ec.EllipticCurvePublicKey)  # token keys are P-256
        key: authority.Key = token.TokenKey(config, row.key_label, public)
    else:
        key = authority.load_key(row.private_key, _passphrase())
    return authority.Issued(cert, key)


def _row(issued: authority.Issued, organization: Organization | None) -> SigningCertificate:
    cert = issued.certificate
    key = issued.key
    passphrase = None if isinstance(key, token.TokenKey) else _passphrase()
    return SigningCertificate(
        organization_id=organization.id if organization else None,
        serial=format(cert.serial_number, "x"),
        subject=cert.subject.rfc4514_string(),
        fingerprint=authority.fingerprint(cert),
        certificate=cert.public_bytes(serialization.Encoding.DER),
        private_key=b"" if isinstance(key, token.TokenKey) else authority.key_pem(key, passphrase),
        key_label=key.label if isinstance(key, token.TokenKey) else "",
        key_encrypted=bool(passphrase),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        revocation_reason="",
    )


def init(actor_label: str = "cli") -> SigningCertificate:
    """Create the installation root; refuses when one exists."""
    if root_row() is not None:
        raise ValidationFailed(_("This installation has a signing root already."))
    name = current_app.config.get("SIGNING_NAME") or "pressroom"
    row = _row(authority.create_root(name, clock.now(), key=_new_key("root")), None)
    db.session.add(row)
    db.session.flush()
    audit.record(
        "signing.init",
        actor_label=actor_label,
        obj=row,
        serial=row.serial,
        fingerprint=row.fingerprint,
        encrypted=row.key_encrypted,
        token=bool(row.key_label),
    )
    effects.enqueue(publish_crl)
    return row


def active_certificate(organization: Organization) -> SigningCertificate | None:
    """The organization's newest certificate that is not revoked (rotation adds newer)."""
    return db.session.scalar(
        sa.select(SigningCertificate)
        .where(
            SigningCertificate.organization_id == organization.id,
            SigningCertificate.revoked_at.is_(None),
        )
        .order_by(SigningCertificate.id.desc())
        .limit(1)
    )


def issue(
    organization: Organization, actor: User | None = None, actor_label: str = ""
) -> SigningCertificate:
    """Issue (or rotate: issue a newer) signing certificate for an organization. The older
    one stays valid for what it signed; revoke it to make those signatures fail."""
    root = root_row()
    if root is None:
        raise ValidationFailed(_("Create the signing root first (flask signing init)."))
    issued = authority.issue_organization(
        _issued(root),
        organization.short_name("en"),
        organization.name("en"),
        public_url(CRL_PATH),
        clock.now(),
        key=_new_key(organization.slug[:40]),
    )
    row = _row(issued, organization)
    db.session.add(row)
    db.session.flush()
    audit.record(
        "signing.issue",
        actor=actor,
        actor_label=actor_label,
        obj=organization,
        serial=row.serial,
        fingerprint=row.fingerprint,
    )
    return row


def rotate(
    organization: Organization,
    actor: User | None = None,
    actor_label: str = "",
    revoke_previous: bool = False,
    reason: str = "",
) -> SigningCertificate:
    """Issue a new certificate for the organization. The previous ones stay valid for the
    PDFs they signed (a routine rotation), or are revoked with `reason` (a key that may
    be compromised): then their signatures show as revoked."""
    previous = _valid_rows(organization)
    if revoke_previous and previous and not reason.strip():
        raise ValidationFailed(
            _("Say why the previous certificate is revoked."), details={"reason": "required"}
        )
    row = issue(organization, actor=actor, actor_label=actor_label)
    if revoke_previous and previous:
        _revoke_rows(previous, reason, organization, actor, actor_label)
    return row


def _valid_rows(organization: Organization) -> list[SigningCertificate]:
    return list(
        db.session.scalars(
            sa.select(SigningCertificate)
            .where(
                SigningCertificate.organization_id == organization.id,
                SigningCertificate.revoked_at.is_(None),
            )
            .order_by(SigningCertificate.id)
        )
    )


def revoke(
    organization: Organization, reason: str = "", actor: User | None = None, actor_label: str = ""
) -> list[SigningCertificate]:
    """Revoke every valid certificate of the organization: its signatures then show as
    revoked everywhere the CRL is read (the verify page, pyHanko, Acrobat)."""
    rows = _valid_rows(organization)
    if not rows:
        raise NotFound(_("This organization has no valid signing certificate."))
    _revoke_rows(rows, reason, organization, actor, actor_label)
    return rows


def revoke_certificate(
    row: SigningCertificate, reason: str, actor: User | None = None, actor_label: str = ""
) -> SigningCertificate:
    """Revoke one organization certificate (the admin page), with a reason."""
    if row.organization is None:
        raise ValidationFailed(_("The installation root cannot be revoked here."))
    if row.revoked_at is not None:
        raise InvalidTransition(_("This certificate is revoked already."))
    if not reason.strip():
        raise ValidationFailed(
            _("Say why the certificate is revoked."), details={"reason": "required"}
        )
    _revoke_rows([row], reason, row.organization, actor, actor_label)
    return row


def _revoke_rows(
    rows: list[SigningCertificate],
    reason: str,
    organization: Organization,
    actor: User | None,
    actor_label: str,
) -> None:
    now = clock.now()
    for row in rows:
        row.revoked_at, row.revocation_reason = now, reason.strip()
    db.session.flush()
    audit.record(
        "signing.revoke",
        actor=actor,
        actor_label=actor_label,
        obj=organization,
        serials=[r.serial for r in rows],
        reason=reason.strip(),
    )
    effects.enqueue(publish_crl)  # the public CRL lists them once this commits


def publish_crl() -> None:
    """Job: make the root's CRL afresh, store it and point the root at it; the public
    URL serves it from then on (no key needed to serve it)."""
    root = root_row()
    if root is None:
        return
    data = _build_crl(root)
    digest, _size = storage.store(data, "crl")
    root.crl_sha256, root.crl_published_at = digest, clock.now()
    audit.record("signing.crl", actor_label="job", obj=root, sha256=digest)
    db.session.commit()


_crl_cache: dict[tuple[str, int, str], tuple[dt.datetime, bytes]] = {}
_crl_lock = threading.Lock()


def _revocations() -> list[tuple[str, dt.datetime]]:
    return [
        (serial, at)
        for serial, at in db.session.execute(
            sa.select(SigningCertificate.serial, SigningCertificate.revoked_at)
            .where(
                SigningCertificate.organization_id.is_not(None),
                SigningCertificate.revoked_at.is_not(None),
            )
            .order_by(SigningCertificate.revoked_at)
        )
        if at is not None
    ]  # always (the query's filter): narrows the type


def _build_crl(root: SigningCertificate) -> bytes:
    now = clock.now()
    built = authority.crl(
        _issued(root),
        [(int(serial, 16), at) for serial, at in _revocations()],
        now,
        number=int(now.timestamp()),
    )
    return built.public_bytes(serialization.Encoding.DER)


def crl_der() -> bytes | None:
    """The root's current CRL (DER): the one published after the last revocation while it
    is less than a day old, else made here (cached in the process; a GET never writes);
    None without a root."""
    root = root_row()
    if root is None:
        return None
    revoked = _revocations()
    now = clock.now()
    published = root.crl_published_at
    if (
        root.crl_sha256
        and published is not None
        and now - published < dt.timedelta(days=1)
        and all(at <= published for _serial, at in revoked)
    ):
        try:
            data = storage.read_bytes(root.crl_sha256, "crl")
        except FileNotFoundError:
            data = b""
        if data:
            return data
        log.warning("published CRL %s missing from storage", root.crl_sha256)
    key = (root.serial, len(revoked), revoked[-1][1].isoformat() if revoked else "")
    with _crl_lock:
        hit = _crl_cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
    data = _build_crl(root)
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
    found = _pdf().validate(data, certificate_of(root) if root else None, [crl] if crl else [])
    serials = [format(c.serial, "x") for c in found]
    owners = {
        row.serial: row.organization
        for row in db.session.scalars(
            sa.select(SigningCertificate).where(SigningCertificate.serial.in_(serials))
        )
    }
    return [CheckedSignature(c, owners.get(format(c.serial, "x"))) for c in found]


# --- signing approved bundles ---------------------------------------------------------------


def _approvals_key(approvals: list[Approval]) -> str:
    return ",".join(str(a.id) for a in sorted(approvals, key=lambda a: a.id))


def _counting(statement: Statement, bundle: BundleRecord) -> list[Approval]:
    from pressroom.queries import approvals as approval_queries

    return approval_queries.counting_approvals(statement, bundle.hash)


def _signing_of(bundle: BundleRecord, key: str) -> BundleSigning | None:
    return db.session.scalar(
        sa.select(BundleSigning).where(
            BundleSigning.bundle_id == bundle.id, BundleSigning.approvals == key
        )
    )


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
        row = BundleSigning(
            bundle_id=bundle.id,
            approvals=key,
            status=SigningStatus.pending,
            error="",
            signers=[],
            files={},
        )
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
    for row in db.session.scalars(
        sa.select(BundleSigning).where(
            BundleSigning.bundle_id == bundle_id, BundleSigning.status == SigningStatus.pending
        )
    ):
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
            _(
                "Signing the PDFs failed (%(reason)s). They are being signed again: publish in "
                "a moment.",
                reason=reason,
            ),
            details={"signing": "failed", "reason": reason},
        )
    raise InvalidTransition(
        _("The signatures are being prepared. Publish again in a moment."),
        details={"signing": "pending"},
    )


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
        by_org = {
            a.organization_id: a
            for a in db.session.scalars(sa.select(Approval).where(Approval.id.in_(ids)))
        }
        entries, signers = [], []
        for org in statement.organizations:  # lead first
            approval = by_org.get(org.id)
            if approval is None:
                continue
            cert = active_certificate(org)
            if cert is None:
                raise ValueError(
                    f"{org.short_name()} has no signing certificate "
                    f"(flask signing issue-org {org.slug})"
                )
            issued = _issued(cert)
            name = org.short_name("en")
            entries.append(
                _pdf().Signature(
                    field_name=f"Approval-{org.slug}",
                    certificate=issued.certificate,
                    key=issued.key,
                    reason=reason_text(approval.user.display_name, name),
                    name=approval.user.display_name,
                    time=approval.created_at,
                )
            )
            signers.append(
                {
                    "organization": org.slug,
                    "name": name,
                    "head": approval.user.display_name,
                    "at": approval.created_at.isoformat(),
                    "serial": cert.serial,
                }
            )
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
