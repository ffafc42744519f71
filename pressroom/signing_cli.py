"""`flask --app app signing …`: the installation's signing root, organizations'
certificates (issue, rotate, revoke) and offline verification of a PDF."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click
from flask.cli import AppGroup

from pressroom.services import accounts, signing

signing_cli = AppGroup("signing", help="PDF signing authority and verification.")


def _run(action):
    from pressroom.cli import _run as run

    return run(action)


@signing_cli.command("init")
def init() -> None:
    """Create the installation root (its key made in the PKCS#11 token when
    PRESSROOM_SIGNING_PKCS11_MODULE is set, else encrypted when
    PRESSROOM_SIGNING_PASSPHRASE is set)."""
    row = _run(lambda: signing.init(actor_label="cli"))
    click.echo(f"Installation root {row.subject}")
    click.echo(f"SHA-256 fingerprint: {row.fingerprint}")
    if row.key_label:
        click.echo(f"Its key is in the PKCS#11 token (label {row.key_label}, not extractable).")
    elif not row.key_encrypted:
        click.echo(
            "Warning: PRESSROOM_SIGNING_PASSPHRASE is not set: the keys are stored "
            "unencrypted in the database.",
            err=True,
        )


@signing_cli.command("issue-org")
@click.argument("slug")
def issue_org(slug: str) -> None:
    """Issue (or rotate) the signing certificate of organization SLUG."""
    row = _run(lambda: signing.issue(accounts.find_organization(slug), actor_label="cli"))
    click.echo(f"Issued {row.subject} (serial {row.serial}).")


@signing_cli.command("revoke-org")
@click.argument("slug")
@click.option("--reason", default="", help="Why (kept in the audit log).")
def revoke_org(slug: str, reason: str) -> None:
    """Revoke every valid certificate of organization SLUG (listed in the CRL)."""
    rows = _run(lambda: signing.revoke(accounts.find_organization(slug), reason, actor_label="cli"))
    click.echo(f"Revoked {len(rows)} certificate(s) of {slug}.")


@signing_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(file: Path) -> None:
    """Check a PDF: its fingerprint among published files, and every signature against
    the installation root and its CRL. Exits 1 when a signature is not valid."""
    from pressroom.queries import releases

    data = file.read_bytes()
    found = releases.verify_hash(hashlib.sha256(data).hexdigest())
    click.echo(f"Published file: {found.verdict.value}")
    checked = signing.check(data)
    if not checked:
        click.echo("No signatures.")
    for item in checked:
        c = item.check
        click.echo(
            f"  {c.signer or '?'}: {item.state}"
            f"{' — ' + c.reason if c.reason else ''}"
            f"{' (' + c.signed_at.isoformat() + ')' if c.signed_at else ''}"
        )
    if not checked or any(item.state != "ok" for item in checked):
        raise SystemExit(1)
