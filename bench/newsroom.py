"""The newsroom as the archive grows, and PDF downloads when an embargo lifts.

1. Seeds three archives of 100, 1,000 and 10,000 published releases in 3 languages directly
   (bulk rows and the search index; placeholder files, no rendering) and measures p50/p95
   (ms, Flask test client, no conditional headers: every answer rendered) for the list
   page, a selective search (3 matches at every size), a broad search (a third of the
   archive), a release page and the Atom feed; prints the ratio 10,000 / 100 (target <= 2).
   The sizes are measured in turn, request by request, so that a busy machine slows them
   alike.
2. PDF downloads per second (bounded runs, new connection per download): through the app
   (gunicorn, 2 workers, 127.0.0.1), the same file from nginx as a static file, and
   through nginx in front of the app with X-Accel-Redirect (production set-up), if nginx
   is installed. Everything started is stopped at the end.

    .venv/bin/python -m bench.newsroom [--sizes 100,1000,10000] [--requests 40]
        [--seconds 3] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench._common import percentiles
from pressroom import create_app
from pressroom.config import ROOT
from pressroom.db import db
from pressroom.models import Role
from pressroom.services import accounts, organizations
from tests.newsroom_factory import default_text, placeholder_files, seed_releases

RARE = "kokshetau"  # in releases 7, 57 and 97 only: 3 matches whatever the size
BROAD = "observers"  # in about a third of the English texts
SLUG = "bulk-000050"
START = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)


def text(n: int, lang: str) -> tuple[str, str]:
    title, body = default_text(n, lang)
    return title, body + (f"<p>Kokshetau {n}.</p>" if n in (7, 57, 97) else "")


def setup(tmp: Path, url: str | None, name: str) -> tuple[Any, str, str | None]:
    """A migrated app on its own SQLite file, or its own PostgreSQL schema."""
    schema = None
    options: dict[str, Any] = {}
    if url:
        from tests.conftest import _postgres_schema_url

        url, schema, options = _postgres_schema_url(url)
    url = url or f"sqlite:///{tmp / f'{name}.db'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
            "DATA_DIR": str(tmp),
            "SECRET_KEY": "bench",
            "PUBLIC_BASE_URL": "http://127.0.0.1",
        }
    )
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    if schema:  # gunicorn workers read the same private schema
        url += ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"
    return app, url, schema


def seed(app: Any, count: int) -> dict[str, Any]:
    with app.test_request_context():
        orgs = [
            organizations.create_organization(slug=s, name=n, short_name=n)
            for s, n in (("osce-pa", "OSCE PA"), ("odihr", "OSCE/ODIHR"), ("pace", "PACE"))
        ]
        author = accounts.create_user(
            email="bench@example.org",
            display_name="Bench",
            password="bench-password-long",
            role=Role.press_officer,
            organization=orgs[0],
        )
        db.session.flush()
        files = placeholder_files(("en", "ru", "fr"))
        seed_releases(
            count,
            author_id=author.id,
            organization_ids=[o.id for o in orgs],
            start=START,
            step=dt.timedelta(hours=6),
            text=text,
            files=files,
        )
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
    return {"pdf": files["en"].pdf}


URLS = {
    "list": "/en/releases",
    "search (3 matches)": f"/en/releases?q={RARE}",
    "search (1/3 of all)": f"/en/releases?q={BROAD}",
    "release page": f"/ru/releases/{SLUG}",
    "feed": "/en/releases/feed.atom",
}


def measure(apps: dict[int, Any], requests: int) -> dict[int, dict[str, dict[str, Any]]]:
    clients = {size: app.test_client() for size, app in apps.items()}
    samples: dict[int, dict[str, list[float]]] = {s: {n: [] for n in URLS} for s in apps}
    for url in URLS.values():
        for client in clients.values():
            for _ in range(5):
                assert client.get(url).status_code == 200, url
    for _ in range(requests):
        for name, url in URLS.items():
            for size, client in clients.items():
                started = time.perf_counter()
                response = client.get(url)
                samples[size][name].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
    return {
        size: {name: percentiles(values) for name, values in by_name.items()}
        for size, by_name in samples.items()
    }


# --- downloads -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, path: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"127.0.0.1:{port}{path} did not answer")


def _client(port: int, path: str, seconds: float, threads: int, out: Any) -> None:
    counts = [0] * threads
    byte_counts = [0] * threads
    stop = time.monotonic() + seconds

    def loop(i: int) -> None:
        while time.monotonic() < stop:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            conn.close()
            if response.status == 200:
                counts[i] += 1
                byte_counts[i] += len(body)

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    out.put((sum(counts), sum(byte_counts)))


def downloads_per_second(port: int, path: str, seconds: float) -> tuple[float, float]:
    """2 client processes x 4 threads, each download on a new connection."""
    queue: Any = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_client, args=(port, path, seconds, 4, queue))
        for _ in range(2)
    ]
    for p in procs:
        p.start()
    totals = [queue.get(timeout=seconds + 30) for _ in procs]
    for p in procs:
        p.join(timeout=10)
    count = sum(t[0] for t in totals)
    size = sum(t[1] for t in totals)
    return count / seconds, size / seconds / 1024 / 1024


NGINX = """worker_processes 2;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on; tcp_nopush on;
  types {{ application/pdf pdf; text/html html; }}
  client_body_temp_path {tmp}/nginx-body; proxy_temp_path {tmp}/nginx-proxy;
  fastcgi_temp_path {tmp}/nginx-fcgi; uwsgi_temp_path {tmp}/nginx-uwsgi;
  scgi_temp_path {tmp}/nginx-scgi;
  server {{
    listen 127.0.0.1:{port};
    location /static-artifacts/ {{ alias {artifacts}/; }}
    location /_artifacts/ {{ internal; alias {artifacts}/; }}
    location / {{
      proxy_pass http://127.0.0.1:{app_port};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}
}}
"""


def gunicorn(port: int, tmp: Path, url: str, app_spec: str = "app:app") -> subprocess.Popen:
    env = {
        **os.environ,
        "PRESSROOM_DATA_DIR": str(tmp),
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "PRESSROOM_BASE_URL": "http://127.0.0.1",
    }
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            app_spec,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "gunicorn.log", "ab"),
    )


def downloads(tmp: Path, url: str, seconds: float, pdf_sha: str) -> dict[str, tuple[float, float]]:
    path = f"/en/releases/{SLUG}.pdf"
    started: list[subprocess.Popen] = []
    results: dict[str, tuple[float, float]] = {}
    deadline = time.monotonic() + 60
    try:
        app_port = free_port()
        started.append(gunicorn(app_port, tmp, url))
        wait_for(app_port, path, deadline)
        results["app (gunicorn -w 2, send_file)"] = downloads_per_second(app_port, path, seconds)
        nginx = shutil.which("nginx") or (
            "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
        )
        if nginx is None:
            print("nginx is not installed: apt-get install -y nginx for the comparison")
            return results
        accel_port, nginx_port = free_port(), free_port()
        started.append(
            gunicorn(
                accel_port,
                tmp,
                url,
                "pressroom:create_app({'PRESSROOM_ACCEL_REDIRECT_PREFIX': '/_artifacts'})",
            )
        )
        for directory in (tmp, tmp / "artifacts", tmp / "artifacts" / pdf_sha[:2]):
            directory.chmod(0o755)  # nginx workers run as nobody
        conf = tmp / "nginx.conf"
        conf.write_text(
            NGINX.format(tmp=tmp, port=nginx_port, app_port=accel_port, artifacts=tmp / "artifacts")
        )
        started.append(
            subprocess.Popen(
                [nginx, "-c", str(conf), "-p", str(tmp)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        static = f"/static-artifacts/{pdf_sha[:2]}/{pdf_sha}.pdf"
        wait_for(nginx_port, static, deadline)
        wait_for(accel_port, "/en/releases", deadline)
        wait_for(nginx_port, path, deadline)
        probe = http.client.HTTPConnection("127.0.0.1", accel_port, timeout=5)
        probe.request("GET", path)
        assert probe.getresponse().getheader("X-Accel-Redirect"), "the app did not hand over"
        results["nginx static file"] = downloads_per_second(nginx_port, static, seconds)
        results["nginx -> app (X-Accel-Redirect)"] = downloads_per_second(nginx_port, path, seconds)
        return results
    finally:
        for proc in reversed(started):
            proc.terminate()
        for proc in reversed(started):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL URL (private schemas are created and dropped)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="pressroom-newsroom-bench-"))
    apps: dict[int, Any] = {}
    urls: dict[int, str] = {}
    schemas: list[str] = []
    try:
        for size in sizes:
            started = time.perf_counter()
            apps[size], urls[size], schema = setup(tmp, args.database_url, f"bench-{size}")
            schemas += [schema] if schema else []
            pdf = seed(apps[size], size)["pdf"]
            print(
                f"seeded {size:>6,} releases ({3 * size:,} language versions) in "
                f"{time.perf_counter() - started:.1f} s",
                flush=True,
            )
        table = measure(apps, args.requests)
        print(f"\n{db_name(urls[sizes[0]])}, {args.requests} requests each, ms (p50 / p95)")
        print(f"{'':<22}" + "".join(f"{s:>16,}" for s in sizes) + f"{'ratio':>16}")
        for name in URLS:
            row = "".join(
                f"{table[s][name]['p50']:>8.1f} /{table[s][name]['p95']:>6.1f}" for s in sizes
            )
            first, last = table[sizes[0]][name], table[sizes[-1]][name]
            ratio = f"{last['p50'] / first['p50']:>7.2f} /{last['p95'] / first['p95']:>5.2f}"
            print(f"{name:<22}{row}  {ratio}")
        print(f"(ratio: {sizes[-1]:,} / {sizes[0]:,}; target <= 2)\n", flush=True)
        for name, (per_second, mb) in downloads(tmp, urls[sizes[-1]], args.seconds, pdf[0]).items():
            print(f"PDF downloads, {name:<34} {per_second:>8.0f} /s  ({mb:.0f} MB/s)")
        print(
            f"(file of {pdf[1] // 1024} KB, {args.seconds:g} s per run, 8 concurrent "
            f"clients on the same {os.cpu_count()} CPUs as the servers)"
        )
    finally:
        for app in apps.values():
            with app.app_context():
                db.engine.dispose()
        if schemas:
            from tests.conftest import _drop_schema

            base = args.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
            for schema in schemas:
                _drop_schema(base, schema)
        shutil.rmtree(tmp, ignore_errors=True)


def db_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"


if __name__ == "__main__":
    main()
