"""An installation root and a certificate per participating organization; a published
statement whose PDFs were signed by the three heads' organizations."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from pressroom.db import db
from pressroom.models import ArtifactKind, Status
from pressroom.queries import releases
from pressroom.services import approvals, publishing, signing, storage, translations
from tests.services.test_translations import RU

HEADS = ("head_odihr", "head_osce-pa", "head_pace")


@pytest.fixture
def authority(mission) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    root = signing.init()
    certs = {slug: signing.issue(mission["orgs"][slug]) for slug in ("odihr", "osce-pa", "pace")}
    db.session.commit()
    return {"root": root, "certs": certs}


def translate_all(statement, mission) -> None:  # type: ignore[no-untyped-def]
    source = statement.current_revision.number
    for lang in statement.target_languages:
        assert lang == "ru"
        translations.save_translation(statement, mission["po_odihr"], lang, None, source, RU)


def approve_all(statement, mission) -> None:  # type: ignore[no-untyped-def]
    if statement.status == Status.draft:
        approvals.submit(statement, mission["po_odihr"])
    for head in HEADS:
        approvals.decide(statement, mission[head], "approve", statement.current_revision.number)
    assert statement.status == Status.approved
    db.session.commit()  # rendering, then signing, run after the commit


@pytest.fixture
def published(authority, mission, create_statement):  # type: ignore[no-untyped-def]
    statement = create_statement(targets=["ru"])
    translate_all(statement, mission)
    approve_all(statement, mission)
    return publishing.publish(statement, mission["po_odihr"])


def pdf_bytes(release, lang: str = "en") -> bytes:  # type: ignore[no-untyped-def]
    artifact = releases.artifact(release, lang, ArtifactKind.pdf)
    return storage.path_for(artifact.sha256, "pdf").read_bytes()


def pyhanko_statuses(data: bytes, root_der: bytes, crls: list[bytes] | None = None) -> list[Any]:
    """pyHanko's own validator, as a newsroom would run it: trust only our root."""

    def run() -> list[Any]:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        statuses = []
        for sig in reader.embedded_signatures:
            context = ValidationContext(
                trust_roots=[asn1_x509.Certificate.load(root_der)],
                crls=crls or [],
                allow_fetching=False,
            )
            statuses.append(validate_pdf_signature(sig, context))
        return statuses

    # In its own thread: the browser tests' Playwright keeps an event loop running here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
