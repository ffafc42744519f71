"""Several pressroom processes on one machine, as in production: app nodes (gunicorn on
loopback ports), task-queue workers and nginx in front with its published tree (kept by
`flask --app app published-tree run`), sharing one PostgreSQL schema and one Redis and
nothing else (each process has its own data directory; files are stored in the database).
Used by the multi-node test and bench/embargo_lift.py; everything started is stopped by
`close()`."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import redis
import sqlalchemy as sa

from pressroom import create_app
from pressroom.config import ROOT

PG_URL = os.environ.get(
    "PRESSROOM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("PRESSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BIN = Path(sys.executable).parent

NGINX_CACHE = """
    proxy_pass http://pressroom;
    proxy_cache pressroom;
    proxy_cache_key $scheme$host$request_uri;
    proxy_ignore_headers Cache-Control Expires;
    proxy_cache_valid 200 304 404 410 {seconds}s;
    proxy_cache_bypass $cookie_session;
    proxy_no_cache $cookie_session;
    proxy_cache_lock on;
    proxy_cache_use_stale updating;
    proxy_cache_revalidate on;
    add_header X-Cache $upstream_cache_status;
"""
# Downloads never need a cookie: a 410 page that sets one (CSRF token) is cached all the same.
NGINX_FILES = NGINX_CACHE.replace(
    "Cache-Control Expires;", "Cache-Control Expires Set-Cookie;\n    proxy_hide_header Set-Cookie;"
)


# Static files: the published tree and the bench's static baseline, with the same settings.
NGINX_STATIC = """
    sendfile on;
    tcp_nopush on;
    open_file_cache max=10000 inactive=60s;
    open_file_cache_valid 1s;
    open_file_cache_errors off;
    add_header Cache-Control "public, max-age=31536000, immutable";
"""


# The live documents' WebSockets, as docs/production.md has them. A location that sets
# any proxy_set_header inherits none from the server block: Host and X-Forwarded-* again.
NGINX_LIVE = """
      proxy_pass http://pressroom;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_read_timeout 1h;
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_conf(
    tmp: Path, port: int, upstreams: list[int], cache_seconds: int, static_dir: Path, tree_dir: Path
) -> str:
    cache = NGINX_CACHE.format(seconds=cache_seconds)
    files = NGINX_FILES.format(seconds=cache_seconds)
    user = "user root;" if os.geteuid() == 0 else ""
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in upstreams)
    return f"""{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/nginx-body;
  proxy_temp_path {tmp}/nginx-proxy;
  fastcgi_temp_path {tmp}/nginx-fastcgi;
  uwsgi_temp_path {tmp}/nginx-uwsgi;
  scgi_temp_path {tmp}/nginx-scgi;
  types {{ application/pdf pdf; text/html html; }}
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 100000;
  upstream pressroom {{
{servers}
    keepalive 32;
  }}
  proxy_cache_path {tmp}/nginx-cache levels=1:2 keys_zone=pressroom:10m max_size=1g
                   inactive=10m use_temp_path=off;
  server {{
    listen 127.0.0.1:{port};
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    location /static-baseline/ {{ alias {static_dir}/; {NGINX_STATIC} }}
    location ~ "^/files/[0-9a-f]{{64}}\\.pdf$" {{
      root {tree_dir};
      try_files $uri @files;
      {NGINX_STATIC}
    }}
    location @files {{ {files} }}
    location /files/ {{ {files} }}
    location ~ "^/[a-z]{{2}}/releases/[^/]+(/v[0-9]+)?\\.pdf$" {{ {files} }}
    location ~ "^/[a-z]{{2}}/releases(/[^/]+(/v[0-9]+)?)?$" {{ {cache} }}
    location ~ ^/statements/\\d+(/translations/[^/]+)?/live$ {{ {NGINX_LIVE} }}
    location / {{ proxy_pass http://pressroom; }}
  }}
}}
"""


class Cluster:
    """A private PostgreSQL schema, `nodes` gunicorn app nodes, `workers` queue workers
    and (optionally) nginx in front. Call close() (or use it as a context manager)."""

    def __init__(
        self,
        *,
        nodes: int = 2,
        workers: int = 1,
        nginx: bool = True,
        gunicorn_workers: int = 2,
        file_cache_seconds: int = 2,
        nginx_cache_seconds: int = 2,
        seed: bool = True,
        tree: bool = True,
    ) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="pressroom-cluster-"))
        self.procs: list[subprocess.Popen[bytes]] = []
        self.schema = f"pressroom_cluster_{uuid.uuid4().hex[:10]}"
        self.namespace = f"pressroom-cluster-{uuid.uuid4().hex[:10]}"
        self.file_cache_seconds = file_cache_seconds
        self.nginx_cache_seconds = nginx_cache_seconds
        self.node_ports: list[int] = []
        self.worker_procs: list[subprocess.Popen[bytes]] = []
        self.nginx_port: int | None = None
        self.static_dir = self.tmp / "static"
        self.static_dir.mkdir()
        self.tree_dir = self.tmp / "tree"  # nginx's published tree
        self.tree_dir.mkdir()
        try:
            redis.Redis.from_url(REDIS_URL).ping()
            self._database(seed)
            for i in range(nodes):
                self.node_ports.append(self._node(i, gunicorn_workers))
            for i in range(workers):
                self.worker_procs.append(self._worker(i))
            if nginx and tree:
                self._spawn(
                    [
                        str(BIN / "flask"),
                        "--app",
                        "app",
                        "published-tree",
                        "run",
                        "--dir",
                        str(self.tree_dir),
                    ],
                    "tree",
                )
            for port in self.node_ports:
                self.wait_http(port)
            if nginx:
                self._nginx()
        except BaseException:
            self.close()
            raise

    # --- set-up -----------------------------------------------------------------------

    @property
    def database_url(self) -> str:
        return PG_URL + ("&" if "?" in PG_URL else "?") + f"options=-csearch_path%3D{self.schema}"

    def env(self, name: str) -> dict[str, str]:
        data = self.tmp / name
        data.mkdir(exist_ok=True)
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "PRESSROOM_DATA_DIR": str(data),
            "SECRET_KEY": "cluster-secret",
            "PRESSROOM_INSECURE_COOKIES": "1",
            "PRESSROOM_STORAGE": "database",
            "PRESSROOM_QUEUE_URL": REDIS_URL,
            "PRESSROOM_QUEUE_NAMESPACE": self.namespace,
            "REDIS_URL": REDIS_URL,
            "PRESSROOM_REDIS_PREFIX": self.namespace,
            "PRESSROOM_PROXIES": "1",
            "PRESSROOM_PUBLIC_FILE_CACHE_SECONDS": str(self.file_cache_seconds),
            "PRESSROOM_JOBS_MIN_BACKOFF_MS": "200",
            "PRESSROOM_RENDER_PROCESSES": "1",
            "PRESSROOM_RENDER_CONCURRENCY": "1",
        }

    def _database(self, seed: bool) -> None:
        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{self.schema}"'))
        engine.dispose()
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": self.database_url,
                "DATA_DIR": str(self.tmp / "setup"),
                "SECRET_KEY": "cluster-secret",
                "STORAGE": "database",
                "JOBS_MODE": "inline",
            }
        )
        from flask_migrate import upgrade

        from pressroom import demo
        from pressroom.db import db

        with app.app_context():
            upgrade()
            if seed:
                demo.seed()
                db.session.commit()
            db.engine.dispose()

    def _spawn(self, argv: list[str], name: str) -> subprocess.Popen[bytes]:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            argv,
            env=self.env(name),
            cwd=str(ROOT),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def _node(self, index: int, workers: int) -> int:
        port = free_port()
        self._spawn(
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(workers),
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
                "--keep-alive",
                "30",
                "app:app",
            ],
            f"node{index}",
        )
        return port

    def _worker(self, index: int) -> subprocess.Popen[bytes]:
        return self._spawn(
            [str(BIN / "flask"), "--app", "app", "worker", "--threads", "2"], f"worker{index}"
        )

    def _nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.nginx_port = free_port()
        conf = self.tmp / "nginx.conf"
        conf.write_text(
            nginx_conf(
                self.tmp,
                self.nginx_port,
                self.node_ports,
                self.nginx_cache_seconds,
                self.static_dir,
                self.tree_dir,
            )
        )
        proc = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(self.tmp)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.procs.append(proc)
        self.wait_http(self.nginx_port)

    def wait_http(self, port: int, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for proc in self.procs:
                if proc.poll() is not None:
                    raise RuntimeError(f"a process exited early; see logs in {self.tmp}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/en/releases", timeout=2)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"nothing answered on 127.0.0.1:{port}; logs in {self.tmp}")

    # --- requests ---------------------------------------------------------------------

    def base(self, node: int | str) -> str:
        port = self.nginx_port if node == "nginx" else self.node_ports[int(node)]
        return f"http://127.0.0.1:{port}"

    def memory_kib(self, proc: subprocess.Popen[bytes], field: str = "VmRSS") -> list[int]:
        """A /proc status field (VmRSS now, VmHWM peak) of a process, then of each of its
        descendants (KiB)."""
        found = []
        todo = [proc.pid]
        while todo:
            pid = todo.pop(0)
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                found.append(
                    int(
                        next(
                            line.split()[1]
                            for line in status.splitlines()
                            if line.startswith(f"{field}:")
                        )
                    )
                )
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except (OSError, StopIteration):
                continue
            todo.extend(int(c) for c in children)
        return found

    def rss_kib(self, proc: subprocess.Popen[bytes]) -> int:
        """Resident memory of a process and all its children (KiB)."""
        return sum(self.memory_kib(proc))

    def close(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        try:
            engine = sa.create_engine(PG_URL)
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            engine.dispose()
        except sa.exc.OperationalError:
            pass
        try:
            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"{self.namespace}*"):
                client.delete(key)
        except redis.ConnectionError:
            pass
        if not os.environ.get("PRESSROOM_KEEP_CLUSTER"):
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Api:
    """A JSON client for one base URL, with a bearer token once signed in."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.token = ""
        self.statuses: list[tuple[str, str, int]] = []

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        self.statuses.append((method, path, status))
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw

    def sign_in(self, email: str, password: str = "pressroom-demo") -> Api:
        status, body = self.call("POST", "/api/v1/tokens", {"email": email, "password": password})
        assert status == 201, (status, body)
        self.token = body["token"]
        return self
