"""Publishing cost and download throughput.

1. Time to publish the approved demo statement in 3 languages (en, ru, fr). Its pages and
   PDFs were rendered when the bundle became complete, so publishing only records the
   release: p50 against bare WeasyPrint rendering the same three HTML documents in this
   process (ratio; target <= 0.1). Also the background render of the bundle (once), and
   peak memory.
2. PDF downloads per second through the app (gunicorn, 2 workers, on 127.0.0.1, a bounded
   run) against the same file served as a static file by the same server (ratio; target
   >= 0.9).

    .venv/bin/python -m bench.publish [--trials 3] [--seconds 4]
"""

from __future__ import annotations

import argparse
import http.client
import os
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time

import sqlalchemy as sa

from bench._common import bench_app, percentiles
from pressroom.config import ROOT
from pressroom.db import db
from pressroom.demo import translate_and_approve
from pressroom.models import ArtifactKind, Statement, User
from pressroom.queries import bundles as bundle_queries
from pressroom.rendering import workers
from pressroom.rendering.pdf import render_pdf_in_process
from pressroom.services import bundles, publishing, storage


def prepare(app) -> int:  # type: ignore[no-untyped-def]
    """Translate and approve the demo statement (not yet published)."""
    with app.test_request_context():
        statement = translate_and_approve()
        start = time.perf_counter()
        db.session.commit()  # the complete bundle renders after the commit (inline here)
        bundle = bundle_queries.get(statement, bundles.current_hash(statement))
        assert bundle is not None, "no bundle"
        assert bundles.files_complete(bundle), "bundle not rendered"
        print(
            f"bundle render after the last save (background job, once): "
            f"{(time.perf_counter() - start) * 1000:7.0f} ms"
        )
        return statement.id


def time_publish(app, statement_id: int, trials: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    ours, bare = [], []
    with app.test_request_context():
        for _ in range(trials):
            statement = db.session.get(Statement, statement_id)
            officer = db.session.scalar(
                sa.select(User).where(User.email == "urdur.gunnarsdottir@odihr.example.org")
            )
            start = time.perf_counter()
            publishing.publish(statement, officer)
            db.session.flush()
            ours.append(time.perf_counter() - start)
            db.session.rollback()  # the same statement again, unpublished
        statement = db.session.get(Statement, statement_id)
        bundle = bundle_queries.get(statement, bundles.current_hash(statement))
        jobs = bundles._documents(bundle)  # the very documents the bundle was rendered from
        for _ in range(max(1, trials // 10)):
            # Bare: the same three documents, laid out by WeasyPrint in this process.
            start = time.perf_counter()
            for job in jobs:
                doc = job["doc"]
                render_pdf_in_process(
                    job["pdf_html"],
                    lang=doc.lang,
                    title=doc.title,
                    author=doc.author,
                    subject=doc.dateline,
                )
            bare.append(time.perf_counter() - start)
    return ours, bare


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(port: int, path: str, seconds: float, threads: int = 4) -> float:
    """Requests per second for `path`, with `threads` clients, new connection each time."""
    deadline = time.monotonic() + seconds
    counts = [0] * threads

    def worker(i: int) -> None:
        while time.monotonic() < deadline:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == 200:
                counts[i] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    start = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=seconds + 15)
    return sum(counts) / (time.monotonic() - start)


def downloads(app, seconds: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        statement = db.session.scalar(sa.select(Statement))
        publishing.publish(
            statement,
            db.session.scalar(
                sa.select(User).where(User.email == "urdur.gunnarsdottir@odihr.example.org")
            ),
        )
        db.session.commit()
        release = publishing.latest_release(statement)
        pdf = next(a for a in release.artifacts if a.lang == "en" and a.kind == ArtifactKind.pdf)
        source = storage.path_for(pdf.sha256, "pdf")
        slug = statement.slug
    static_copy = ROOT / "static" / f"bench-{pdf.sha256[:12]}.pdf"
    shutil.copyfile(source, static_copy)
    port = free_port()
    env = {
        **os.environ,
        "PRESSROOM_DATA_DIR": app.config["DATA_DIR"],
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "bench",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "app:app",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        app_path, static_path = f"/en/releases/{slug}.pdf", f"/static/{static_copy.name}"
        hammer(port, app_path, 1)  # warm-up: both workers, both paths
        hammer(port, static_path, 1)
        # Interleaved rounds, so a noisy moment does not favour one side.
        app_rates, static_rates = [], []
        for _ in range(2):
            app_rates.append(hammer(port, app_path, seconds / 2))
            static_rates.append(hammer(port, static_path, seconds / 2))
        app_rate, static_rate = sum(app_rates) / 2, sum(static_rates) / 2
    finally:
        server.terminate()
        server.wait(timeout=10)
        static_copy.unlink(missing_ok=True)
    return app_rate, static_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=4)
    args = parser.parse_args()
    app = bench_app()
    statement_id = prepare(app)
    ours, bare = time_publish(app, statement_id, args.trials)
    p_ours, p_bare = percentiles([t * 1000 for t in ours]), percentiles([t * 1000 for t in bare])
    print(
        f"publish 3 languages (records the stored bundle): p50 {p_ours['p50']:7.1f} ms "
        f"p95 {p_ours['p95']:7.1f} ms (n={p_ours['n']})"
    )
    print(f"bare WeasyPrint, same 3 documents:               p50 {p_bare['p50']:7.1f} ms")
    print(f"ratio publish/bare: {p_ours['p50'] / p_bare['p50']:.3f} (target <= 0.1)")
    workers.pool().close()  # reaped children count in RUSAGE_CHILDREN
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:.0f} MiB, largest render child {children:.0f} MiB")
    app_rate, static_rate = downloads(app, args.seconds)
    print(f"PDF downloads/s through the app (gunicorn, 2 workers): {app_rate:7.1f}")
    print(f"same file as a static file, same server:               {static_rate:7.1f}")
    print(f"ratio app/static: {app_rate / static_rate:.2f} (target >= 0.9)")


if __name__ == "__main__":
    main()
