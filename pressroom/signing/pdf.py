"""Signing and validating PDFs with pyHanko: PAdES baseline B-B signatures (optionally B-T
with an RFC 3161 time-stamping service), each appended as an incremental update, so the
rendered document (its tagging included) stays byte for byte the first revision."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

T = TypeVar("T")


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@dataclass(frozen=True)
class Signature:
    """One signature to add: who signs, why, and the time it stands for."""

    field_name: str
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    reason: str
    name: str  # the person (the head who approved)
    time: dt.datetime  # the approval time, written as the signature's /M


class _TimedSigner(PdfSigner):
    """PdfSigner whose signing time is given (the approval's), not the clock's."""

    def __init__(self, *args, signing_time: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, *args, **kwargs):
        session = super().init_signing_session(*args, **kwargs)
        session.system_time = self._signing_time
        return session


def _own_thread(fn: Callable[..., T], *args: Any) -> T:
    """pyHanko's synchronous calls run asyncio.run(), which refuses to run inside a thread
    that has an event loop going (an async worker, Playwright's sync API in tests): give
    them a thread of their own."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as pool:
        return pool.submit(fn, *args).result()


def sign(pdf: bytes, signatures: Sequence[Signature], root: x509.Certificate,
         tsa_url: str | None = None) -> bytes:
    """Append one PAdES signature per entry, in order, each as an incremental update. With
    `tsa_url`, each signature gets a signature timestamp (B-T)."""
    return _own_thread(_sign, pdf, signatures, root, tsa_url)


def _sign(pdf: bytes, signatures: Sequence[Signature], root: x509.Certificate,
          tsa_url: str | None) -> bytes:
    registry = SimpleCertificateStore.from_certs([_asn1_cert(root)])
    timestamper = timestamps.HTTPTimeStamper(tsa_url, timeout=10) if tsa_url else None
    for entry in signatures:
        key = asn1_keys.PrivateKeyInfo.load(entry.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        signer = signers.SimpleSigner(signing_cert=_asn1_cert(entry.certificate),
                                      signing_key=key, cert_registry=registry)
        meta = PdfSignatureMetadata(
            field_name=entry.field_name, reason=entry.reason, name=entry.name,
            md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = _TimedSigner(meta, signer=signer, timestamper=timestamper,
                           signing_time=entry.time).sign_pdf(writer)
        pdf = out.getvalue()
    return pdf


@dataclass(frozen=True)
class Checked:
    """What a validator says about one embedded signature."""

    field_name: str
    signer: str  # the certificate's common name (the organization's short name)
    serial: int
    reason: str
    signed_at: dt.datetime | None  # as the signer reported it
    timestamped_at: dt.datetime | None  # a TSA's time, when the signature has one
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature is correct
    trusted: bool  # the certificate chains to the installation root
    revoked: bool
    whole_file: bool  # nothing but other signatures was added after it

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.revoked


def _subject(cert: asn1_x509.Certificate) -> str:
    native = cert.subject.native
    return str(native.get("common_name") or native.get("organization_name") or "")


def validate(data: bytes, root: x509.Certificate | None,
             crls: Sequence[bytes] = ()) -> list[Checked]:
    """Validate every signature of a PDF offline against `root` and `crls`. A file that is
    not a readable PDF has no signatures; a broken signature is reported, never raised."""
    return _own_thread(_validate, data, root, crls)


def _validate(data: bytes, root: x509.Certificate | None,
              crls: Sequence[bytes]) -> list[Checked]:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception:
        return []
    found = []
    for sig in embedded:
        context = ValidationContext(
            trust_roots=[_asn1_cert(root)] if root is not None else [],
            crls=list(crls), allow_fetching=False,
            revocation_mode="soft-fail")  # a CRL given is read: revoked is revoked
        try:
            status = validate_pdf_signature(sig, context)
        except Exception:
            found.append(Checked(sig.field_name, "", 0, "", None, None, False, False, False,
                                 False, False))
            continue
        reason = sig.sig_object.get("/Reason")
        ts = status.timestamp_validity
        found.append(Checked(
            field_name=sig.field_name, signer=_subject(status.signing_cert),
            serial=int(status.signing_cert.serial_number), reason=str(reason or ""),
            signed_at=sig.self_reported_timestamp,
            timestamped_at=ts.timestamp if ts is not None else None,
            intact=bool(status.intact), valid=bool(status.valid),
            trusted=bool(status.trusted), revoked=bool(status.revoked),
            whole_file=status.coverage in (SignatureCoverageLevel.ENTIRE_FILE,
                                           SignatureCoverageLevel.ENTIRE_REVISION)
            and status.modification_level is not None
            and status.modification_level.value <= 2,
        ))
    return found
