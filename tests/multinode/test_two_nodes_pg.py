"""Two app nodes (gunicorn on two loopback ports), one task-queue worker and nginx in front,
sharing one PostgreSQL schema and one Redis and nothing else (each process has its own
data directory; files live in the database). Press officers save and merge through both
nodes, heads approve through both, the worker renders the bundle, A publishes, a
journalist downloads from B and through nginx (the content-addressed file from nginx's
published tree, kept by `flask published-tree run`), B withdraws, and A and nginx refuse
the file within the documented bound, the tree no longer holding it. No answer is ever
>= 500."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from bench.cluster import PG_URL, REDIS_URL, Api, Cluster
from pressroom.demo import STATEMENT
from tests.live.yclient import YClient

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PO_LEAD, PO_PA = "urdur.gunnarsdottir@odihr.example.org", "klas.bergman@oscepa.example.org"
HEADS = [
    "lubomir.kopaj@odihr.example.org",
    "consiglio.dinino@oscepa.example.org",
    "david.wilshire@pace.example.org",
]
FILE_CACHE, NGINX_CACHE = 2, 2
# nginx's open_file_cache_valid for the tree (bench/cluster.py, docs/production.md).
OPEN_FILE_CACHE = 1


def _services() -> None:
    """PostgreSQL, Redis and nginx are needed; REQUIRE_POSTGRES=1 (CI's PostgreSQL leg)
    turns a missing one into a failure instead of a skip."""
    problems = []
    try:
        engine = sa.create_engine(PG_URL)
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.OperationalError as exc:
        problems.append(f"PostgreSQL: {exc.orig}")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as exc:
        problems.append(f"Redis: {exc}")
    if not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        problems.append("nginx is not installed (scripts/system-deps.sh)")
    if problems:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("; ".join(problems), pytrace=False)
        pytest.skip("; ".join(problems))


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _served_by(url: str) -> tuple[int, bytes, str]:
    """Status, body and where nginx took it from: "app" (its proxy cache, X-Cache) or
    "tree" (a static file)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return (
                response.status,
                response.read(),
                "app" if response.headers.get("X-Cache") else "tree",
            )
    except urllib.error.HTTPError as exc:  # only the app answers errors
        return exc.code, exc.read(), "app"


def _until_exists(path: Path, present: bool, seconds: float) -> None:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if path.exists() == present:
            return
        time.sleep(0.1)
    raise AssertionError(f"{path} {'missing' if present else 'still there'} after {seconds} s")


def _until(url: str, status: int, seconds: float, seen: list[int]) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        code, _ = _get(url)
        seen.append(code)
        if code == status:
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{url} still answered {seen[-1]} after {seconds} s (wanted {status})")


def _live_through_nginx(front: str, b: str, lead_a: Api, pa_b: Api) -> None:
    """Live co-editing of another statement through nginx's documented WebSocket location
    (with a browser's Origin header) and directly on B: both see each other's typing."""
    status, doc = lead_a.call(
        "POST", "/api/v1/statements", {**STATEMENT, "body": "Live text.", "target_languages": []}
    )
    assert status == 201, doc
    path = f"/statements/{doc['id']}/live"
    # simple-websocket sends Host without the port, so a browser's Origin for that Host is
    # the bare address; without nginx passing Host on, the app would refuse it (403).
    through = YClient(
        front.replace("http://", "ws://") + path,
        {"Authorization": f"Bearer {lead_a.token}", "Origin": "http://127.0.0.1"},
    )
    direct = YClient(
        b.replace("http://", "ws://") + path, {"Authorization": f"Bearer {pa_b.token}"}
    )
    try:
        assert through.synced.wait(10) and direct.synced.wait(10)
        through.edit(lambda d: through.text("body").insert(0, "Via nginx. "))
        direct.edit(lambda d: direct.text("body").insert(0, "On B. "))
        for client in (through, direct):
            assert client.wait_for(
                lambda c=client: all(w in str(c.text("body")) for w in ("Via nginx.", "On B.")),
                timeout=10,
            ), str(client.text("body"))
    finally:
        through.close()
        direct.close()


def test_two_nodes_a_worker_and_nginx_share_only_postgres_and_redis():
    _services()
    with Cluster(
        nodes=2,
        workers=1,
        nginx=True,
        gunicorn_workers=1,
        file_cache_seconds=FILE_CACHE,
        nginx_cache_seconds=NGINX_CACHE,
    ) as cluster:
        a, b, front = cluster.base(0), cluster.base(1), cluster.base("nginx")
        lead_a, pa_b = Api(a).sign_in(PO_LEAD), Api(b).sign_in(PO_PA)
        heads = [Api(base).sign_in(email) for base, email in zip((a, b, a), HEADS, strict=True)]
        lead_head_b = Api(b).sign_in(HEADS[0])
        clients = [lead_a, pa_b, *heads, lead_head_b]

        status, doc = lead_a.call(
            "POST",
            "/api/v1/statements",
            {
                **STATEMENT,
                "lead": "Progress, but standards not met.",
                "body": "Voting was calm.\n\nThe count was assessed negatively.",
                "target_languages": [],
            },
        )
        assert status == 201, doc
        sid, base_revision = doc["id"], doc["revision"]

        # Concurrent saves from the same base on two nodes: merged, nothing lost.
        status, one = lead_a.call(
            "PUT",
            f"/api/v1/statements/{sid}",
            {"base_revision": base_revision, "lead": "Lead from node A."},
        )
        assert status == 200, one
        status, two = pa_b.call(
            "PUT",
            f"/api/v1/statements/{sid}",
            {
                "base_revision": base_revision,
                "body": "Voting was calm.\n\nThe count was assessed negatively (node B).",
            },
        )
        assert status == 200 and two["merged"], two
        assert two["lead"] == "Lead from node A." and "(node B)" in two["body"]

        _live_through_nginx(front, b, lead_a, pa_b)

        status, doc = lead_a.call("POST", f"/api/v1/statements/{sid}/submit", {})
        assert status == 200, doc
        for head in heads:  # through A, B and A again
            status, doc = head.call(
                "POST",
                f"/api/v1/statements/{sid}/approvals",
                {
                    "decision": "approve",
                    "revision": doc["revision"],
                    "bundle_hash": doc["bundle_hash"],
                },
            )
            assert status == 201, doc

        # The worker renders the bundle; publishing on A succeeds once it has.
        deadline = time.monotonic() + 120
        while True:
            status, release = lead_a.call("POST", f"/api/v1/statements/{sid}/publish", {})
            if status == 201 or time.monotonic() > deadline:
                break
            assert status == 409, release
            time.sleep(0.5)
        assert status == 201, f"not published: {release}; logs in {cluster.tmp}"
        status, doc = pa_b.call("GET", f"/api/v1/statements/{sid}")
        slug = doc["slug"]

        # A journalist downloads from B, and through nginx (stable and content-addressed).
        status, pdf = _get(f"{b}/en/releases/{slug}.pdf")
        assert status == 200 and pdf.startswith(b"%PDF-")
        status, via_front = _get(f"{front}/en/releases/{slug}.pdf")
        assert status == 200 and via_front == pdf
        sha = hashlib.sha256(pdf).hexdigest()
        files_path = f"/files/{sha}.pdf"
        assert _get(f"{front}{files_path}") == (200, pdf)  # from the tree or, before, the app
        assert _get(f"{a}/en/releases/{slug}.pdf") == (200, pdf)  # A now caches the lookup
        # The publication was announced on Redis: the keeper put the file into the tree
        # (written whole, under its hash), and nginx serves it as a static file.
        in_tree = cluster.tree_dir / "files" / f"{sha}.pdf"
        _until_exists(in_tree, True, 10)
        assert in_tree.read_bytes() == pdf
        assert _served_by(f"{front}{files_path}") == (200, pdf, "tree")
        assert list(cluster.tree_dir.joinpath("files").iterdir()) == [in_tree]  # PDFs only

        # Withdrawn on B: A, and nginx in front, refuse within the documented bound.
        status, doc = lead_head_b.call(
            "POST", f"/api/v1/statements/{sid}/withdraw", {"notice": "Withdrawn: a wrong figure."}
        )
        assert status == 200, doc
        seen: list[int] = []
        _until(f"{a}/en/releases/{slug}.pdf", 410, FILE_CACHE + 3, seen)
        _until(f"{front}/en/releases/{slug}.pdf", 410, FILE_CACHE + NGINX_CACHE + 3, seen)
        # The tree drops the file when the withdrawal is announced; nginx notices within
        # open_file_cache_valid, and its fallback to the app may hold an answer cached before
        # the tree had the file for proxy_cache_valid.
        _until(f"{front}{files_path}", 410, OPEN_FILE_CACHE + NGINX_CACHE + 3, seen)
        assert not in_tree.exists()
        assert all(code < 500 for code in seen)

        errors = [s for c in clients for s in c.statuses if s[2] >= 500]
        assert errors == []
        logs = "".join(p.read_text(errors="replace") for p in cluster.tmp.glob("node*.log"))
        assert "Traceback" not in logs, logs[-3000:]
