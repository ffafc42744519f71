"""The installation's certificate hierarchy, as pure functions over `cryptography` objects:
an installation root (a CA valid for 20 years) and, per organization, a signing
certificate issued by it, with the URL of the root's CRL. No database, no Flask.

Keys are ECDSA P-256: small, fast to make, and accepted by Acrobat, Okular (NSS), pdfsig
and pyHanko. Private keys travel as PKCS#8 PEM, encrypted with the installation's
passphrase when one is configured (see services.signing).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from pressroom.signing.token import TokenKey

Key = ec.EllipticCurvePrivateKey | TokenKey  # in the database (PEM) or in a PKCS#11 token

ROOT_YEARS = 20
ORG_YEARS = 3
CRL_DAYS = 7  # a CRL's nextUpdate: validators fetch a fresh one at least weekly


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    key: Key


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, as people compare it: AB:CD:…"""
    digest = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def key_pem(key: ec.EllipticCurvePrivateKey, passphrase: str | None) -> bytes:
    algorithm: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, algorithm
    )


def load_key(pem: bytes, passphrase: str | None) -> ec.EllipticCurvePrivateKey:
    encrypted = b"ENCRYPTED" in pem.split(b"\n", 1)[0]
    if encrypted and not passphrase:
        raise ValueError("the signing key is encrypted: set PRESSROOM_SIGNING_PASSPHRASE")
    key = serialization.load_pem_private_key(
        pem, password=passphrase.encode("utf-8") if encrypted and passphrase else None
    )
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def _sign_certificate(builder: x509.CertificateBuilder, key: Key) -> x509.Certificate:
    """Sign with the key; a token key signs the to-be-signed bytes of a draft that a
    throwaway key of the same kind signed (`cryptography` signs only with its own keys)."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return builder.sign(key, hashes.SHA256())
    draft = builder.sign(new_key(), hashes.SHA256())
    tbs = draft.tbs_certificate_bytes
    cert = asn1_x509.Certificate(
        {
            "tbs_certificate": asn1_x509.TbsCertificate.load(tbs),
            "signature_algorithm": {"algorithm": "sha256_ecdsa"},
            "signature_value": key.sign(tbs),
        }
    )
    return x509.load_der_x509_certificate(cert.dump())


def _sign_crl(
    builder: x509.CertificateRevocationListBuilder, key: Key
) -> x509.CertificateRevocationList:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return builder.sign(key, hashes.SHA256())
    draft = builder.sign(new_key(), hashes.SHA256())
    tbs = draft.tbs_certlist_bytes
    signed = asn1_crl.CertificateList(
        {
            "tbs_cert_list": asn1_crl.TbsCertList.load(tbs),
            "signature_algorithm": {"algorithm": "sha256_ecdsa"},
            "signature": key.sign(tbs),
        }
    )
    return x509.load_der_x509_crl(signed.dump())


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]),
        ]
    )


def create_root(installation: str, now: dt.datetime, key: Key | None = None) -> Issued:
    """A self-signed CA that may issue end-entity certificates only (path length 0), with
    a new key or the given one (made in a token)."""
    key = key if key is not None else new_key()
    name = _name(f"{installation} signing root", installation)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    return Issued(_sign_certificate(cert, key), key)


def issue_organization(
    root: Issued,
    common_name: str,
    organization: str,
    crl_url: str,
    now: dt.datetime,
    key: Key | None = None,
) -> Issued:
    """An organization's document-signing certificate (a new key, or the given one made in
    a token). It is valid from the root's own start, so that approvals given before a
    rotation can be signed with the new key."""
    key = key if key is not None else new_key()
    root_cert = root.certificate
    not_after = min(now + dt.timedelta(days=365 * ORG_YEARS), root_cert.not_valid_after_utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organization))
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(root_cert.not_valid_before_utc)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()),
            critical=False,
        )
    )
    return Issued(_sign_certificate(cert, root.key), key)


def crl(
    root: Issued, revoked: Iterable[tuple[int, dt.datetime]], now: dt.datetime, number: int
) -> x509.CertificateRevocationList:
    """The root's CRL listing (serial, revocation time) pairs."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.certificate.subject)
        .last_update(now - dt.timedelta(minutes=5))
        .next_update(now + dt.timedelta(days=CRL_DAYS))
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()),
            critical=False,
        )
    )
    for serial, at in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(at).build()
        )
    return _sign_crl(builder, root.key)
