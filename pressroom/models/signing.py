"""The installation's signing authority and the signed PDFs of approved bundles."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.models.bundle import BundleRecord
from pressroom.models.organization import Organization


class SigningCertificate(Base):
    """The installation root (no organization) or an organization's signing certificate,
    with its private key as PKCS#8 PEM (encrypted with PRESSROOM_SIGNING_PASSPHRASE when
    set) or, with a PKCS#11 token configured, the label of the key made in the token.
    Rotation adds a newer row; revocation stamps revoked_at (listed in the CRL)."""

    __tablename__ = "signing_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    serial: Mapped[str] = mapped_column(sa.String(64), unique=True)  # hex
    subject: Mapped[str] = mapped_column(sa.Text)
    fingerprint: Mapped[str] = mapped_column(sa.String(100))  # SHA-256, AB:CD:…
    certificate: Mapped[bytes] = mapped_column(sa.LargeBinary)  # DER
    private_key: Mapped[bytes] = mapped_column(sa.LargeBinary)  # PKCS#8 PEM; b"" in a token
    # The key's label in the PKCS#11 token (PRESSROOM_SIGNING_PKCS11_*); "": in private_key.
    key_label: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    key_encrypted: Mapped[bool] = mapped_column(default=False)
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    not_after: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revocation_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # The root's CRL as last published (a stored blob, kind "crl"), made after each
    # revocation or issue by a job; "" on organizations' rows.
    crl_sha256: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    crl_published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization | None] = relationship()

    @property
    def is_root(self) -> bool:
        return self.organization_id is None


class SigningStatus(enum.StrEnum):
    pending = "pending"  # queued, or waiting for the bundle's PDFs
    done = "done"  # every language's signed PDF stored
    failed = "failed"  # see error; publishing queues it again


class BundleSigning(Base):
    """The PDFs of a bundle signed once per approving organization. Keyed by the counting
    approvals' ids, so a changed set of approvals gives a new signing."""

    __tablename__ = "bundle_signings"
    __table_args__ = (sa.UniqueConstraint("bundle_id", "approvals"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(sa.ForeignKey("bundles.id", ondelete="CASCADE"))
    approvals: Mapped[str] = mapped_column(sa.String(400))  # "12,15,19": sorted approval ids
    status: Mapped[SigningStatus] = mapped_column(
        sa.Enum(SigningStatus, native_enum=False, length=16), default=SigningStatus.pending
    )
    error: Mapped[str] = mapped_column(sa.Text, default="")
    # [{"organization": slug, "name": …, "head": …, "at": iso, "serial": hex}], signing order
    signers: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    files: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)  # lang -> sha256, size
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    bundle: Mapped[BundleRecord] = relationship()
