"""Settings read from the environment; nothing secret is a constant in the code."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """PRESSROOM_DATA_DIR (default ./instance): database, secret key, release artifacts."""
    path = Path(os.environ.get("PRESSROOM_DATA_DIR", ROOT / "instance")).resolve()
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
        # With nginx in front: files are handed to it by X-Accel-Redirect (docs/production.md).
        "PRESSROOM_ACCEL_REDIRECT_PREFIX": os.environ.get("PRESSROOM_ACCEL_REDIRECT_PREFIX", ""),
        # Rate-limit counters are shared through Redis when it is there (docs/production.md).
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # How many proxies (nginx: 1) put X-Forwarded-For/-Proto in front of the app. 0: the
        # headers are ignored, the peer's address is the client's.
        "PROXIES": _int_env("PRESSROOM_PROXIES", 0),
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
    "LANGUAGES": ["en", "fr", "ru", "de"],
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
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
    "PUBLIC_FILE_CACHE_SECONDS": 5,
}
