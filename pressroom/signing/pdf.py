"""Signing and validating PDFs with pyHanko: PAdES baseline B-B signatures (optionally B-T
with an RFC 3161 time-stamping service), each appended as an incremental update, so the
rendered document (its tagging included) stays byte for byte the first revision.

PDF/UA: a signature field's widget annotation is an annotation on page 1 like any other,
and PDF/UA-1 (7.18.1, 7.18.4; Matterhorn 28-010) wants it nested in a Form structure
element by an object reference, with /StructParent and a /TU description. One incremental
update before the first signature adds the (invisible, empty) fields and their Form
elements; each signature then only fills its field, which every later signature's
difference analysis allows as form filling."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from pressroom.signing import token

T = TypeVar("T")


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@dataclass(frozen=True)
class Signature:
    """One signature to add: who signs, why, and the time it stands for."""

    field_name: str
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey | token.TokenKey
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


def sign(
    pdf: bytes, signatures: Sequence[Signature], root: x509.Certificate, tsa_url: str | None = None
) -> bytes:
    """Append one PAdES signature per entry, in order, each as an incremental update. With
    `tsa_url`, each signature gets a signature timestamp (B-T)."""
    return _own_thread(_sign, pdf, signatures, root, tsa_url)


def _sign(
    pdf: bytes, signatures: Sequence[Signature], root: x509.Certificate, tsa_url: str | None
) -> bytes:
    registry = SimpleCertificateStore.from_certs([_asn1_cert(root)])
    timestamper = timestamps.HTTPTimeStamper(tsa_url, timeout=10) if tsa_url else None
    pdf = _add_tagged_fields(pdf, signatures)
    for entry in signatures:
        meta = PdfSignatureMetadata(
            field_name=entry.field_name,
            reason=entry.reason,
            name=entry.name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
        )
        with _signer(entry, root, registry) as signer:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            out = _TimedSigner(
                meta, signer=signer, timestamper=timestamper, signing_time=entry.time
            ).sign_pdf(writer)
        pdf = out.getvalue()
    return pdf


def _add_tagged_fields(pdf: bytes, signatures: Sequence[Signature]) -> bytes:
    """One incremental update: an empty invisible signature field per entry on page 1,
    each widget nested in its own Form structure element (when the PDF is tagged)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for entry in signatures:
        fields.append_signature_field(writer, fields.SigFieldSpec(entry.field_name, on_page=0))
    root = writer.root
    if "/StructTreeRoot" in root:
        by_name = {
            str(ref.get_object().get("/T")): ref for ref in root["/AcroForm"].raw_get("/Fields")
        }
        _tag_widgets(
            writer, [(by_name[e.field_name], f"Digital signature: {e.reason}") for e in signatures]
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _number_tree_keys(node: generic.DictionaryObject) -> list[int]:
    nums = node.get("/Nums")
    keys = [int(nums[i]) for i in range(0, len(nums), 2)] if nums is not None else []
    for kid in node.get("/Kids", []):
        keys.extend(_number_tree_keys(kid))
    return keys


def _tag_widgets(
    writer: IncrementalPdfFileWriter, widgets: Sequence[tuple[generic.IndirectObject, str]]
) -> None:
    """Nest each widget in a new Form element appended to the document element: the Form
    holds an OBJR to the widget, the widget's /StructParent is its key in the parent tree,
    its /TU names the signature. Existing elements are left as they are."""
    tree_ref = writer.root.raw_get("/StructTreeRoot")
    tree = tree_ref.get_object()
    top = tree.raw_get("/K")
    if isinstance(top, generic.ArrayObject) and len(top) == 1:
        top = top[0]
    if isinstance(top, generic.IndirectObject):  # the Document element: the Forms go last
        parent_ref, parent = top, top.get_object()
    else:  # several top-level elements: the Forms join them
        parent_ref, parent = tree_ref, tree
    kids = parent.raw_get("/K") if "/K" in parent else generic.ArrayObject()
    if not isinstance(kids, generic.ArrayObject):
        kids = generic.ArrayObject([kids])
    parent_tree = tree["/ParentTree"]
    used = _number_tree_keys(parent_tree)
    key = max(int(tree.get("/ParentTreeNextKey", 0)), max(used, default=-1) + 1)
    new_nums = generic.ArrayObject()
    for widget_ref, description in widgets:
        widget = widget_ref.get_object()
        page_ref = widget.raw_get("/P")
        form_ref = writer.add_object(
            generic.DictionaryObject(
                {
                    generic.NameObject("/Type"): generic.NameObject("/StructElem"),
                    generic.NameObject("/S"): generic.NameObject("/Form"),
                    generic.NameObject("/P"): parent_ref,
                    generic.NameObject("/Pg"): page_ref,
                    # The description is in English in every language's PDF (as the reason is).
                    generic.NameObject("/Lang"): generic.TextStringObject("en"),
                    generic.NameObject("/K"): generic.DictionaryObject(
                        {
                            generic.NameObject("/Type"): generic.NameObject("/OBJR"),
                            generic.NameObject("/Obj"): widget_ref,
                            generic.NameObject("/Pg"): page_ref,
                        }
                    ),
                }
            )
        )
        kids.append(form_ref)
        widget[generic.NameObject("/StructParent")] = generic.NumberObject(key)
        widget[generic.NameObject("/TU")] = generic.TextStringObject(description)
        writer.mark_update(widget_ref)
        new_nums.extend([generic.NumberObject(key), form_ref])
        page = page_ref.get_object()
        if page.get("/Tabs") != "/S":  # PDF/UA 7.18.3: pages with annotations
            page[generic.NameObject("/Tabs")] = generic.NameObject("/S")
            writer.mark_update(page_ref)
        key += 1
    parent[generic.NameObject("/K")] = kids
    writer.update_container(parent)
    if "/Nums" in parent_tree:
        parent_tree["/Nums"].extend(new_nums)
    else:  # a deeper number tree: one more leaf, its keys past every other
        parent_tree["/Kids"].append(
            writer.add_object(
                generic.DictionaryObject(
                    {
                        generic.NameObject("/Nums"): new_nums,
                        generic.NameObject("/Limits"): generic.ArrayObject(
                            [new_nums[0], new_nums[-2]]
                        ),
                    }
                )
            )
        )
    writer.update_container(parent_tree)
    tree[generic.NameObject("/ParentTreeNextKey")] = generic.NumberObject(key)
    writer.update_container(tree)


@contextmanager
def _signer(
    entry: Signature, root: x509.Certificate, registry: SimpleCertificateStore
) -> Iterator[signers.Signer]:
    """pyHanko's signer for the entry's key: in memory, or in the PKCS#11 token (a session
    open while it signs)."""
    if isinstance(entry.key, token.TokenKey):
        from pyhanko.sign.pkcs11 import PKCS11Signer

        with token.session(entry.key.config) as session:
            yield PKCS11Signer(
                session,
                key_label=entry.key.label,
                signing_cert=_asn1_cert(entry.certificate),
                ca_chain=[_asn1_cert(root)],
                use_raw_mechanism=True,
            )
        return
    key = asn1_keys.PrivateKeyInfo.load(
        entry.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    yield signers.SimpleSigner(
        signing_cert=_asn1_cert(entry.certificate), signing_key=key, cert_registry=registry
    )


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


def validate(
    data: bytes, root: x509.Certificate | None, crls: Sequence[bytes] = ()
) -> list[Checked]:
    """Validate every signature of a PDF offline against `root` and `crls`. A file that is
    not a readable PDF has no signatures; a broken signature is reported, never raised."""
    return _own_thread(_validate, data, root, crls)


def _validate(data: bytes, root: x509.Certificate | None, crls: Sequence[bytes]) -> list[Checked]:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception:
        return []
    found = []
    for sig in embedded:
        context = ValidationContext(
            trust_roots=[_asn1_cert(root)] if root is not None else [],
            crls=list(crls),
            allow_fetching=False,
            revocation_mode="soft-fail",
        )  # a CRL given is read: revoked is revoked
        try:
            status = validate_pdf_signature(sig, context)
        except Exception:
            found.append(
                Checked(sig.field_name, "", 0, "", None, None, False, False, False, False, False)
            )
            continue
        reason = sig.sig_object.get("/Reason")
        ts = status.timestamp_validity
        found.append(
            Checked(
                field_name=sig.field_name,
                signer=_subject(status.signing_cert),
                serial=int(status.signing_cert.serial_number),
                reason=str(reason or ""),
                signed_at=sig.self_reported_timestamp,
                timestamped_at=ts.timestamp if ts is not None else None,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                revoked=bool(status.revoked),
                whole_file=status.coverage
                in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION)
                and status.modification_level is not None
                and status.modification_level.value <= 2,
            )
        )
    return found
