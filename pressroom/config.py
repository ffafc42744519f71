"""Settings read from the environment; nothing secret is a constant in the code."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from pressroom.domain.languages import UI_LANGUAGES
from pressroom.resources import SOURCE_ROOT, default_instance_dir, resource_dir

ROOT = SOURCE_ROOT  # the repository: bench/ and tests/ run from a checkout


def data_dir() -> Path:
    """PRESSROOM_DATA_DIR (default ./instance): database, secret key, release artifacts."""
    path = Path(os.environ.get("PRESSROOM_DATA_DIR", default_instance_dir())).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def load_secret_key(directory: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept with mode 0600."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = directory / "secret_key"
    if not path.exists():
        # O_EXCL: two workers starting at once must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def database_url(directory: Path) -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{directory / 'pressroom.db'}")
    # Heroku-style URLs name the old driver; psycopg 3 is the one we ship.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def from_environment() -> dict[str, Any]:
    directory = data_dir()
    debug = os.environ.get("FLASK_DEBUG") == "1"
    return {
        "DATA_DIR": str(directory),
        "SECRET_KEY": load_secret_key(directory),
        "SQLALCHEMY_DATABASE_URI": database_url(directory),
        "SESSION_COOKIE_SECURE": not debug and os.environ.get("PRESSROOM_INSECURE_COOKIES") != "1",
        "REMEMBER_COOKIE_SECURE": not debug and os.environ.get("PRESSROOM_INSECURE_COOKIES") != "1",
        "PUBLIC_BASE_URL": os.environ.get("PRESSROOM_BASE_URL", "http://127.0.0.1:5000"),
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_TIMEOUT": float(os.environ.get("SMTP_TIMEOUT", "10")),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "pressroom@localhost"),
        # After-commit jobs (services/effects.py): "thread" (in-process pool) or "inline";
        # unset: inline under TESTING, else thread.
        "JOBS_MODE": os.environ.get("PRESSROOM_JOBS_MODE", ""),
        "JOBS_THREADS": int(os.environ.get("PRESSROOM_JOBS_THREADS", "4")),
        # The task queue's broker (redis://… or amqp://…): jobs go there and a worker
        # (`flask --app app worker`) runs them; unset: jobs run in-process (JOBS_MODE).
        "QUEUE_URL": os.environ.get("PRESSROOM_QUEUE_URL", ""),
        "QUEUE_NAMESPACE": os.environ.get("PRESSROOM_QUEUE_NAMESPACE", "pressroom-jobs"),
        "WORKER_THREADS": _int_env("PRESSROOM_WORKER_THREADS", 2),
        "JOBS_MAX_RETRIES": _int_env("PRESSROOM_JOBS_MAX_RETRIES", 5),
        "JOBS_MIN_BACKOFF_MS": _int_env("PRESSROOM_JOBS_MIN_BACKOFF_MS", 2000),
        "JOBS_MAX_BACKOFF_MS": _int_env("PRESSROOM_JOBS_MAX_BACKOFF_MS", 300_000),
        "JOBS_TIME_LIMIT_S": _int_env("PRESSROOM_JOBS_TIME_LIMIT_S", 600),
        # Embargoed access (services/embargo.py): a journalist's personal link leads to the
        # public release after the embargo, and is refused this many days after it.
        "EMBARGO_LINK_DAYS": _int_env("PRESSROOM_EMBARGO_LINK_DAYS", 7),
        # Rendering: warm WeasyPrint processes per process that renders (a worker, or a web
        # node without a queue) and PDFs rendered at once per bundle.
        "RENDER_PROCESSES": _int_env("PRESSROOM_RENDER_PROCESSES", 2),
        "RENDER_CONCURRENCY": _int_env("PRESSROOM_RENDER_CONCURRENCY", 2),
        # Where rendered files live: "local" (PRESSROOM_DATA_DIR/artifacts) or "database"
        # (content-addressed blobs in the database: no shared disk between nodes).
        "STORAGE": os.environ.get("PRESSROOM_STORAGE", "local"),
        # With nginx in front: files are handed to it by X-Accel-Redirect (docs/production.md).
        "PRESSROOM_ACCEL_REDIRECT_PREFIX": os.environ.get("PRESSROOM_ACCEL_REDIRECT_PREFIX", ""),
        # Rate-limit counters and presence are shared through Redis when it is there
        # (docs/production.md).
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "REDIS_PREFIX": os.environ.get("PRESSROOM_REDIS_PREFIX", "pressroom"),
        # Live co-editing (docs/live.md): seconds without a change before the live document
        # becomes a revision; log rows already in a revision merged into one snapshot past
        # this count; seconds between checks that an open socket's access still holds.
        "LIVE_IDLE_SECONDS": float(os.environ.get("PRESSROOM_LIVE_IDLE_SECONDS", "10")),
        "LIVE_COMPACT_AFTER": _int_env("PRESSROOM_LIVE_COMPACT_AFTER", 200),
        "LIVE_RECHECK_SECONDS": float(os.environ.get("PRESSROOM_LIVE_RECHECK_SECONDS", "30")),
        "LIVE_IDLE_CHECKER": os.environ.get("PRESSROOM_LIVE_IDLE_CHECKER", "auto"),
        # How many proxies (nginx: 1) put X-Forwarded-For/-Proto in front of the app. 0: the
        # headers are ignored, the peer's address is the client's.
        "PROXIES": _int_env("PRESSROOM_PROXIES", 0),
        # Signing (services/signing.py): the passphrase that encrypts the signing keys at
        # rest, and an RFC 3161 time-stamping service for PAdES B-T (unset: B-B).
        "SIGNING_PASSPHRASE": os.environ.get("PRESSROOM_SIGNING_PASSPHRASE", ""),
        "SIGNING_TSA_URL": os.environ.get("PRESSROOM_SIGNING_TSA_URL", ""),
        "SIGNING_NAME": os.environ.get("PRESSROOM_SIGNING_NAME", "pressroom"),
        # A PKCS#11 token holding the signing keys (docs/production.md): the module (.so),
        # the token's label and its user PIN (or a file holding it). Unset: keys in the
        # database.
        "SIGNING_PKCS11_MODULE": os.environ.get("PRESSROOM_SIGNING_PKCS11_MODULE", ""),
        "SIGNING_PKCS11_TOKEN_LABEL": os.environ.get("PRESSROOM_SIGNING_PKCS11_TOKEN_LABEL", ""),
        "SIGNING_PKCS11_PIN": os.environ.get("PRESSROOM_SIGNING_PKCS11_PIN", ""),
        "SIGNING_PKCS11_PIN_FILE": os.environ.get("PRESSROOM_SIGNING_PKCS11_PIN_FILE", ""),
        # Seconds a node keeps a public download URL's lookup: a withdrawal or correction
        # made on another node is seen here within this bound (docs/production.md).
        "PUBLIC_FILE_CACHE_SECONDS": _int_env("PRESSROOM_PUBLIC_FILE_CACHE_SECONDS", 5),
        # The lift sweep (services/lifting.py): how often due embargoes are looked for, and
        # whether a web process without a broker sweeps in a thread ("auto": when its jobs
        # run in its own thread pool; "on"; "off").
        "LIFT_SWEEP_SECONDS": _int_env("PRESSROOM_LIFT_SWEEP_SECONDS", 15),
        "LIFT_SWEEPER": os.environ.get("PRESSROOM_LIFT_SWEEPER", "auto"),
        # E-mail alerts (services/alerts.py): recipients per batch job.
        "ALERTS_BATCH_SIZE": _int_env("PRESSROOM_ALERTS_BATCH_SIZE", 50),
        # The published tree on the nginx host (services/published_tree.py): the directory
        # `flask --app app published-tree run` keeps, and its full reconcile's interval.
        "PUBLISHED_TREE": os.environ.get("PRESSROOM_PUBLISHED_TREE", ""),
        "PUBLISHED_TREE_RECONCILE_SECONDS": _int_env(
            "PRESSROOM_PUBLISHED_TREE_RECONCILE_SECONDS", 30
        ),
    }


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, not {raw!r}") from None


def public_url(path: str) -> str:
    """An absolute address on the public site (PDFs, feeds, the API) for a site path."""
    from flask import current_app

    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


DEFAULTS: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "SESSION_PROTECTION": "strong",
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "WTF_CSRF_TIME_LIMIT": None,  # a draft may stay open all night; the session bounds it
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "LANGUAGES": list(UI_LANGUAGES),
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_TRANSLATION_DIRECTORIES": str(resource_dir("translations")),
    # Password checks (sign-in, API tokens, current password): failed checks per client
    # address and over the whole site (`limits` notation), and per account a wait of 1, 2,
    # 4 … seconds (at most LOGIN_MAX_DELAY_SECONDS) after LOGIN_FREE_FAILURES failures.
    "LOGIN_LIMIT_PER_ADDRESS": "30 per 10 minutes",
    "LOGIN_LIMIT_GLOBAL": "600 per minute",
    "LOGIN_FREE_FAILURES": 3,
    "LOGIN_MAX_DELAY_SECONDS": 30,
    "LOGIN_ATTEMPT_RETENTION_DAYS": 30,
    "API_TOKEN_HOURS": 12,
    # Invitation and password links: valid this long, once (services/password_links.py);
    # "Forgot password" requests limited per client address and per e-mail address.
    "PASSWORD_LINK_HOURS": 48,
    "PASSWORD_RESET_LIMIT_PER_ADDRESS": "10 per hour",
    "PASSWORD_RESET_LIMIT_PER_EMAIL": "3 per hour",
    "PRESENCE_SECONDS": 60,
    # E-mail alerts: confirmation links valid this long; subscribe requests limited per
    # client address and per e-mail address; a batch's claim on unsent alerts lasts this
    # long before the sweep gives them to another job.
    "ALERTS_CONFIRM_HOURS": 48,
    "ALERTS_SUBSCRIBE_LIMIT_PER_ADDRESS": "10 per hour",
    "ALERTS_SUBSCRIBE_LIMIT_PER_EMAIL": "3 per hour",
    "ALERTS_CLAIM_SECONDS": 600,
}
