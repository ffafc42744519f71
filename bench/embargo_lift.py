"""The embargo minute: nginx in front of two app nodes and one queue worker, sharing one
PostgreSQL schema and one Redis (bench/cluster.py; files stored in the database).

1. The demo statement is translated (ru, fr) and approved; its bundle renders on the
   worker: peak resident memory of the worker process and its render children (target
   <= 200 MiB).
2. It is published under an embargo a few seconds ahead. At the embargo minute a bounded
   burst of simulated journalists (default 2,000 within 10 s, on 127.0.0.1 only) each
   open the newsroom list, the release page and its PDF (stable URL) through nginx:
   requests/s, p50/p95/p99, errors (>= 500 or no answer; target 0).
3. PDF downloads per second through nginx: the stable URL (nginx's cache in front of the
   app) and the content-addressed URL (nginx's published tree, kept by `flask published-tree
   run`) against nginx serving the same file statically with the same settings, in the
   same run (targets >= 0.7 and >= 0.95), measured twice:
   a. in blocks: each URL alone for a few seconds, blocks interleaved with their order
      rotated, the median block per URL (as before);
   b. request by request: every client thread cycles through the three URLs, so load from
      other programs on the shared machine hits all three alike; the rate of a URL is
      clients / mean time of one of its downloads (what it would sustain alone).

    .venv/bin/python -m bench.embargo_lift [--journalists 2000] [--seconds 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import multiprocessing
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa

from bench.cluster import REDIS_URL, Cluster
from bench.newsroom import downloads_per_second
from pressroom import create_app
from pressroom.db import db
from pressroom.demo import translate_and_approve
from pressroom.domain.errors import InvalidTransition
from pressroom.models import ArtifactKind, Statement, User
from pressroom.queries import bundles as bundle_queries
from pressroom.services import bundles, publishing, storage

MIB = 1024


def setup_app(cluster: Cluster) -> Any:
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": cluster.database_url,
            "DATA_DIR": str(cluster.tmp / "bench"),
            "SECRET_KEY": "cluster-secret",
            "STORAGE": "database",
            "QUEUE_URL": REDIS_URL,
            "QUEUE_NAMESPACE": cluster.namespace,
            "REDIS_URL": REDIS_URL,
            "REDIS_PREFIX": cluster.namespace,  # publishing is announced to the tree's keeper
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{cluster.nginx_port}",
        }
    )


def approve_and_render(app: Any, cluster: Cluster) -> tuple[int, float, int]:
    """Translate and approve the demo; the worker renders. Returns (statement id, seconds
    until rendered, peak KiB of the worker and its children, sampled every 20 ms)."""
    with app.test_request_context():
        statement = translate_and_approve()
        statement_id = statement.id
        start = time.perf_counter()
        db.session.commit()  # the complete bundle is sent to the worker
    worker = cluster.worker_procs[0]
    peak = 0
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        peak = max(peak, cluster.rss_kib(worker))
        with app.app_context():
            statement = db.session.get(Statement, statement_id)
            row = bundle_queries.get(statement, bundles.current_hash(statement))
            done = row is not None and bundles.files_complete(row)
            db.session.remove()
        if done:
            hwm = cluster.memory_kib(worker, "VmHWM")
            print(
                f"render worker: peak RSS of the worker process {hwm[0] / MIB:.0f} MiB, of "
                f"its render processes {', '.join(f'{k / MIB:.0f}' for k in hwm[1:])} MiB"
            )
            return statement_id, time.perf_counter() - start, peak
        time.sleep(0.02)
    raise RuntimeError(f"the worker did not render the bundle; logs in {cluster.tmp}")


def publish_under_embargo(app: Any, statement_id: int, seconds: float) -> tuple[str, str, float]:
    """Publish with an embargo `seconds` ahead; returns (slug, PDF sha256, lift time)."""
    deadline = time.monotonic() + 120
    with app.test_request_context():
        while True:  # the worker signs the approved bundle after rendering it
            lift = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
            statement = db.session.get(Statement, statement_id)
            officer = db.session.scalar(
                sa.select(User).where(User.email == "urdur.gunnarsdottir@odihr.example.org")
            )
            try:
                release = publishing.publish(statement, officer, embargo_until=lift)
                break
            except InvalidTransition:
                db.session.rollback()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        db.session.commit()
        pdf = next(a for a in release.artifacts if a.lang == "en" and a.kind == ArtifactKind.pdf)
        return statement.slug, pdf.sha256, lift.timestamp()


def copy_static(app: Any, cluster: Cluster, sha: str) -> None:
    with app.app_context():
        (cluster.static_dir / "release.pdf").write_bytes(storage.read_bytes(sha, "pdf"))


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {"list": [], "page": [], "pdf": []}
        self.errors: list[str] = []
        self.statuses: dict[int, int] = {}


def journalist(port: int, slug: str, results: Results) -> None:
    """One journalist: the newsroom, the release page, its PDF (new connection, as a
    browser arriving from elsewhere would open)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for name, path in (
        ("list", "/en/releases"),
        ("page", f"/en/releases/{slug}"),
        ("pdf", f"/en/releases/{slug}.pdf"),
    ):
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Language": "en"})
            response = conn.getresponse()
            response.read()
            status = response.status
        except OSError as exc:
            with results.lock:
                results.errors.append(f"{name}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        elapsed = (time.perf_counter() - start) * 1000
        with results.lock:
            results.latency[name].append(elapsed)
            results.statuses[status] = results.statuses.get(status, 0) + 1
            if status >= 500 or status not in (200, 304):
                results.errors.append(f"{name}: {status}")
    conn.close()


def burst(port: int, slug: str, journalists: int, seconds: float) -> tuple[Results, float]:
    """Arrivals spread evenly over `seconds` (an open loop: nobody waits for anybody)."""
    results = Results()
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=128) as pool:
        for i in range(journalists):
            delay = start + i * seconds / journalists - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(journalist, port, slug, results)
    return results, time.monotonic() - start


def _cycling_client(
    port: int, paths: list[str], seconds: float, threads: int, first: int, out: Any
) -> None:
    """Threads each cycling through `paths` (a new connection per download); puts
    {path: (downloads, seconds spent on them)}."""
    totals = {path: [0, 0.0] for path in paths}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop(i: int) -> None:
        k = first + i
        while time.monotonic() < stop:
            path = paths[k % len(paths)]
            k += 1
            start = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            elapsed = time.perf_counter() - start
            if response.status == 200:
                with lock:
                    totals[path][0] += 1
                    totals[path][1] += elapsed

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    out.put({path: tuple(v) for path, v in totals.items()})


def cycling_rates(port: int, paths: list[str], seconds: float) -> dict[str, float]:
    """2 client processes x 4 threads cycling through the paths: downloads/s per path as
    8 / mean seconds per download of that path."""
    queue: Any = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(
            target=_cycling_client, args=(port, paths, seconds, 4, 4 * n, queue)
        )
        for n in range(2)
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 30) for _ in procs]
    for p in procs:
        p.join(timeout=10)
    rates = {}
    for path in paths:
        count = sum(r[path][0] for r in results)
        spent = sum(r[path][1] for r in results)
        rates[path] = 8 * count / spent if spent else 0.0
    return rates


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journalists", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--download-seconds", type=float, default=3)
    parser.add_argument("--trials", type=int, default=6)
    parser.add_argument("--cycling-seconds", type=float, default=20)
    args = parser.parse_args()

    with Cluster(
        nodes=2,
        workers=1,
        nginx=True,
        gunicorn_workers=2,
        file_cache_seconds=5,
        nginx_cache_seconds=2,
    ) as cluster:
        app = setup_app(cluster)
        statement_id, render_s, peak_kib = approve_and_render(app, cluster)
        print(
            f"render worker: bundle in 3 languages rendered in {render_s:.1f} s; peak RSS "
            f"(worker + render processes) {peak_kib / MIB:.0f} MiB (target <= 200)"
        )
        slug, sha, lift = publish_under_embargo(app, statement_id, 4)
        copy_static(app, cluster, sha)
        port = cluster.nginx_port
        assert port is not None
        time.sleep(max(0.0, lift - time.time()) + 0.05)  # the embargo minute

        results, elapsed = burst(port, slug, args.journalists, args.seconds)
        total = sum(len(v) for v in results.latency.values())
        print(
            f"\nembargo lift: {args.journalists} journalists within {args.seconds:.0f} s "
            f"through nginx -> 2 app nodes (2 gunicorn workers each)"
        )
        print(
            f"  {total} requests in {elapsed:.1f} s: {total / elapsed:.0f} requests/s; "
            f"errors {len(results.errors)} (target 0); statuses {results.statuses}"
        )
        every = [x for v in results.latency.values() for x in v]
        print(
            f"  all: p50 {statistics.median(every):.1f} ms, p95 {pct(every, 0.95):.1f} ms, "
            f"p99 {pct(every, 0.99):.1f} ms"
        )
        for name, values in results.latency.items():
            print(
                f"  {name:>4}: p50 {statistics.median(values):.1f} ms, "
                f"p95 {pct(values, 0.95):.1f} ms, p99 {pct(values, 0.99):.1f} ms"
            )
        if results.errors:
            print("  first errors:", results.errors[:5])
        in_tree = cluster.tree_dir / "files" / f"{sha}.pdf"
        if in_tree.exists():  # the keeper wakes at the embargo lift on its own
            print(
                f"  published tree: the PDF was in place {in_tree.stat().st_mtime - lift:.2f} s "
                f"after the lift"
            )
        else:
            print(
                "  published tree: the PDF is NOT in the tree (content-addressed downloads "
                "below go to the app's cache)"
            )

        paths = {
            "static": "/static-baseline/release.pdf",
            "stable": f"/en/releases/{slug}.pdf",
            "content": f"/files/{sha}.pdf",
        }
        rates: dict[str, list[float]] = {name: [] for name in paths}
        names = list(paths)
        for trial in range(args.trials):  # interleaved, order rotated: noise hits all three
            for name in names[trial % 3 :] + names[: trial % 3]:
                rates[name].append(
                    downloads_per_second(port, paths[name], args.download_seconds)[0]
                )
        med = {name: statistics.median(values) for name, values in rates.items()}
        print(
            f"\nPDF downloads/s through nginx (8 clients, new connection each, median of "
            f"{args.trials} × {args.download_seconds:.0f} s):"
        )
        print(
            f"  static file {med['static']:.0f}/s; stable URL {med['stable']:.0f}/s "
            f"(ratio {med['stable'] / med['static']:.2f}, target >= 0.7); content-addressed "
            f"{med['content']:.0f}/s (ratio {med['content'] / med['static']:.2f}, "
            f"target >= 0.95)"
        )
        rate = dict(
            zip(
                paths,
                cycling_rates(port, list(paths.values()), args.cycling_seconds).values(),
                strict=True,
            )
        )
        print(
            f"PDF downloads/s through nginx, request by request (8 clients cycling through "
            f"the three URLs for {args.cycling_seconds:.0f} s, new connection each):"
        )
        print(
            f"  static file {rate['static']:.0f}/s; stable URL {rate['stable']:.0f}/s "
            f"(ratio {rate['stable'] / rate['static']:.2f}, target >= 0.7); "
            f"content-addressed {rate['content']:.0f}/s "
            f"(ratio {rate['content'] / rate['static']:.2f}, target >= 0.95)"
        )


if __name__ == "__main__":
    main()
