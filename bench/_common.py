"""Shared set-up for the benchmarks: a throw-away app on a temp SQLite file (or
DATABASE_URL), migrated, with the demo mission seeded."""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask

from pressroom import create_app


def bench_app(tmp: Path | None = None) -> Flask:
    tmp = tmp or Path(tempfile.mkdtemp(prefix="pressroom-bench-"))
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.db'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "DATA_DIR": str(tmp),
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "JOBS_MODE": "inline",  # background jobs run right after the commit: measurable
        }
    )
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        from pressroom import demo
        from pressroom.db import db

        demo.seed()
        db.session.commit()
    return app


def percentiles(samples_ms: list[float]) -> dict[str, Any]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "n": len(ordered)}
