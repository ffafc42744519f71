"""Commands under `flask --app app`: orgs, users, contacts, search, seed-demo, audit."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from pressroom.db import db
from pressroom.domain.errors import DomainError
from pressroom.domain.logos import MAX_UPLOAD
from pressroom.models import AuditEvent
from pressroom.services import accounts, audit, organizations

orgs_cli = AppGroup("orgs", help="Organizations.")
users_cli = AppGroup("users", help="User accounts.")
contacts_cli = AppGroup("contacts", help="Press contacts.")
search_cli = AppGroup("search", help="The newsroom's full-text index.")


def _run(action):
    """Run a service call in one transaction; domain errors become a clear non-zero exit."""
    try:
        result = action()
        db.session.commit()
        return result
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None


@orgs_cli.command("create")
@click.option("--slug", required=True, help="e.g. osce-pa")
@click.option("--name", required=True, help="Name in English")
@click.option("--short-name", default="", help="e.g. OSCE PA")
@click.option("--website", default="")
def create_org(slug: str, name: str, short_name: str, website: str) -> None:
    org = _run(
        lambda: organizations.create_organization(
            slug=slug, name=name, short_name=short_name, website=website
        )
    )
    click.echo(f"Created organization {org.slug} (id {org.id}).")


@orgs_cli.command("set-name")
@click.argument("slug")
@click.option("--lang", required=True, help="e.g. en, ru, fr")
@click.option("--name", required=True)
@click.option("--short-name", default="")
@click.option(
    "--letterhead-line",
    "lines",
    multiple=True,
    help="A letterhead line, the first the main one (repeat the option)",
)
def set_org_name(slug: str, lang: str, name: str, short_name: str, lines: tuple[str, ...]) -> None:
    """Name, short name and letterhead lines of an organization in one language."""
    entry = _run(
        lambda: organizations.set_name(
            accounts.find_organization(slug),
            lang=lang,
            name=name,
            short_name=short_name,
            letterhead="\n".join(lines),
        )
    )
    click.echo(f"{slug} [{entry.lang}]: {entry.name}" + "".join(f"\n  {line}" for line in lines))


@orgs_cli.command("set-logo")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--lang", required=True, help="The language whose letterhead shows it")
def set_org_logo(slug: str, path: str, lang: str) -> None:
    """Store a logo file (SVG sanitized, raster images re-encoded as PNG)."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_UPLOAD + 1)
    entry = _run(
        lambda: organizations.set_logo(accounts.find_organization(slug), lang=lang, data=data)
    )
    click.echo(f"{slug} [{entry.lang}]: logo {entry.logo_type}, sha256 {entry.logo_sha256}")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", required=True)
@click.option(
    "--role",
    required=True,
    type=click.Choice(["press_officer", "head_of_delegation", "admin"]),
)
@click.option("--org", "org_slug", default=None, help="Organization slug (not for admins)")
def create_user(email: str, name: str, password: str, role: str, org_slug: str | None) -> None:
    def action():
        org = accounts.find_organization(org_slug) if org_slug else None
        return accounts.create_user(
            email=email, display_name=name, password=password, role=role, organization=org
        )

    user = _run(action)
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


@contacts_cli.command("create")
@click.option("--org", "org_slug", required=True)
@click.option("--name", required=True)
@click.option("--phone", required=True, help="International format, e.g. +33 662 265 489")
@click.option("--email", required=True)
def create_contact(org_slug: str, name: str, phone: str, email: str) -> None:
    contact = _run(
        lambda: organizations.create_contact(
            accounts.find_organization(org_slug), name=name, phone=phone, email=email
        )
    )
    click.echo(f"Created contact {contact.name} <{contact.email}> {contact.phone}.")


@click.command("seed-demo")
@click.option(
    "--published", is_flag=True, help="Also translate, approve and publish the demo statement."
)
def seed_demo(published: bool) -> None:
    """Create the demo mission (idempotent) and print the demo logins."""
    from pressroom import demo

    logins = _run(demo.seed)
    if published:
        statement = _run(demo.publish_demo_now)
        click.echo(f"Published: /en/releases/{statement.slug}")
    click.echo(f"Demo logins (password for all: {demo.PASSWORD}):")
    for email, role, org in logins:
        click.echo(f"  {email:<40} {role:<20} {org}")


@click.group("audit", invoke_without_command=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100000))
@click.pass_context
def audit_cli(ctx: click.Context, limit: int) -> None:
    """Print the newest audit events (or `audit verify`)."""
    if ctx.invoked_subcommand is not None:
        return
    events = db.session.scalars(
        sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    ).all()
    for e in reversed(events):
        object_ref = f"{e.object_type}:{e.object_id}" if e.object_type else ""
        click.echo(
            f"{e.id:>6} {e.at:%Y-%m-%d %H:%M:%S}Z {e.actor or '-':<28} {e.action:<22} {object_ref}"
        )


@audit_cli.command("verify")
def audit_verify() -> None:
    """Check the hash chain; names the first broken event."""
    report = audit.verify_chain()
    if report.ok:
        click.echo(f"Audit chain intact: {report.checked} events.")
        return
    raise click.ClickException(f"Audit chain broken at event {report.broken_id}: {report.reason}")


@click.command("worker")
@click.option(
    "--threads",
    type=int,
    default=None,
    help="Jobs run at once (default PRESSROOM_WORKER_THREADS, 2).",
)
@with_appcontext
def worker_cmd(threads: int | None) -> None:
    """Run jobs from the task queue (PRESSROOM_QUEUE_URL) until SIGTERM or Ctrl-C."""
    import signal
    import threading

    from pressroom.live import fanout
    from pressroom.rendering import workers
    from pressroom.services import jobqueue, lifting

    # A LocalProxy method that Flask's type of current_app does not show (attr-defined).
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("QUEUE_URL"):
        raise click.ClickException(
            "PRESSROOM_QUEUE_URL is not set: jobs run in the web processes, no worker is needed."
        )
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    worker = jobqueue.worker(app, threads or int(app.config["WORKER_THREADS"]))
    # Embargoes that lift: every worker looks for them (one claims each release).
    sweeper = lifting.start_sweeper(app)
    # Idle live documents become revisions even while no web process serves a request.
    fanout.hub(app).start_idle_checker()
    click.echo(
        f"pressroom worker: {threads or app.config['WORKER_THREADS']} threads on "
        f"{app.config['QUEUE_URL'].split('@')[-1]}",
        err=True,
    )
    try:
        stop.wait()
    finally:
        if sweeper is not None:
            lifting.stop_sweeper(app)
        worker.stop()
        workers.pool().close()


@click.command("due")
@with_appcontext
def due_cmd() -> None:
    """Run the work due for releases whose embargo has lifted (alerts, …) and resend
    alerts a dead job left unsent; for cron. Web processes and workers do it by themselves
    every PRESSROOM_LIFT_SWEEP_SECONDS."""
    from pressroom.live import versions
    from pressroom.services import effects, lifting

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    lifted = lifting.sweep()
    saved = versions.run_due()
    effects.wait_for_jobs(app)  # jobs this command queued in its own thread pool
    click.echo(f"{lifted} release(s) lifted.")
    click.echo(f"{len(saved)} idle live document(s) saved as revisions.")


published_tree_cli = AppGroup(
    "published-tree", help="The published tree: public PDFs as static files for nginx."
)


def _tree_dir(directory: str | None) -> None:
    if directory:
        current_app.config["PUBLISHED_TREE"] = directory
    if not current_app.config.get("PUBLISHED_TREE"):
        raise click.ClickException("Give the tree's directory: --dir or PRESSROOM_PUBLISHED_TREE.")


@published_tree_cli.command("sync")
@click.option(
    "--dir", "directory", default=None, help="The tree (default PRESSROOM_PUBLISHED_TREE)."
)
@click.option(
    "--statement",
    "statement_id",
    type=int,
    default=None,
    help="Only the files of this statement's releases.",
)
def published_tree_sync(directory: str | None, statement_id: int | None) -> None:
    """Make the tree what is served now, once: add public PDFs, remove the others."""
    from pressroom.services import published_tree

    _tree_dir(directory)
    result = (
        published_tree.reconcile()
        if statement_id is None
        else published_tree.sync_statement(statement_id)
    )
    click.echo(f"published tree {current_app.config['PUBLISHED_TREE']}: {result}.")
    if result.failed:
        raise click.ClickException(f"{result.failed} files could not be written (see the log).")


@published_tree_cli.command("run")
@click.option(
    "--dir", "directory", default=None, help="The tree (default PRESSROOM_PUBLISHED_TREE)."
)
@click.option(
    "--reconcile-seconds",
    type=float,
    default=None,
    help="Seconds between full reconciles "
    "(default PRESSROOM_PUBLISHED_TREE_RECONCILE_SECONDS, 30).",
)
def published_tree_run(directory: str | None, reconcile_seconds: float | None) -> None:
    """Keep the tree until SIGTERM or Ctrl-C: announcements from Redis, embargo lifts,
    a full reconcile at start and at every interval."""
    import logging
    import signal
    import threading

    from pressroom.services import published_tree

    _tree_dir(directory)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    interval = reconcile_seconds or float(current_app.config["PUBLISHED_TREE_RECONCILE_SECONDS"])
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    redis = "announcements from Redis" if current_app.config.get("REDIS_URL") else "no Redis"
    click.echo(
        f"pressroom published tree: {current_app.config['PUBLISHED_TREE']}, {redis}, "
        f"full reconcile every {interval:g} s",
        err=True,
    )
    published_tree.run(stop, interval)


@search_cli.command("rebuild")
def search_rebuild() -> None:
    """Refill the SQLite full-text index from the published releases."""
    from pressroom.services import search_index

    if _run(search_index.rebuild):
        click.echo("Search index rebuilt.")
    else:
        click.echo("Nothing to do: PostgreSQL maintains its index itself.")


def init_app(app: Flask) -> None:
    from pressroom.signing_cli import signing_cli

    app.cli.add_command(worker_cmd)
    app.cli.add_command(due_cmd)
    for command in (
        orgs_cli,
        users_cli,
        contacts_cli,
        search_cli,
        seed_demo,
        audit_cli,
        signing_cli,
        published_tree_cli,
    ):
        app.cli.add_command(command)
