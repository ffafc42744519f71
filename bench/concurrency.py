"""Many people on one statement at once, against gunicorn, on SQLite and on PostgreSQL.

20 simulated people (by default) work on the demo statement (under review) for 60 s:
press officers load the editor, send the presence heartbeat, save their own paragraph
(API, from the revision they just read, so saves merge), and comment; heads of delegation
load the editor, beat, and approve the revision they read (a 409 when it changed
meanwhile is an expected answer, not an error). The app runs under gunicorn (2 workers x 4
threads) on 127.0.0.1; everything started is stopped at the end, and every run is
bounded in time.

Prints requests/s, p50/p95/p99 (ms, overall and per action), the count of answers >= 500
(target 0), and of lost edits (target 0): an officer's last acknowledged edit missing from
the final text, or a revision count that does not match the acknowledged saves.

    .venv/bin/python -m bench.concurrency [--seconds 60] [--people 20]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--sqlite-only]

CSRF protection is switched off in the benchmark's server (the simulated browsers post
the heartbeat without reading a token first); nothing else differs from production.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.newsroom import free_port
from pressroom import create_app
from pressroom.config import ROOT
from pressroom.db import db
from pressroom.demo import PASSWORD, PEOPLE
from pressroom.models import Revision, Role, Statement, User
from pressroom.services import approvals, statements

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
OFFICERS = [email for email, _n, role, _o in PEOPLE if role == Role.press_officer]
# Everyone signs in at the same moment (as when the office opens), before the clock starts:
# their answers count in the 5xx figure, their times are printed apart.
SETUP = ("sign in", "token")
HEADS = [email for email, _n, role, _o in PEOPLE if role == Role.head_of_delegation]


# --- set-up --------------------------------------------------------------------------------


def prepare(tmp: Path, url: str | None, people: int) -> tuple[str, str | None, int]:
    """A migrated, seeded database; the demo statement with one paragraph per person,
    under review. Returns the URL for gunicorn, the private schema (PostgreSQL), the id."""
    schema, options = None, {}
    if url:
        from tests.conftest import _postgres_schema_url

        url, schema, options = _postgres_schema_url(url)
    url = url or f"sqlite:///{tmp / 'concurrency.db'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
            "DATA_DIR": str(tmp),
            "SECRET_KEY": "bench",
            "JOBS_MODE": "inline",
        }
    )
    from flask_migrate import upgrade

    from pressroom import demo

    with app.app_context():
        upgrade()
    with app.test_request_context():
        demo.seed()
        db.session.commit()
        statement = db.session.scalar(sa.select(Statement))
        author = db.session.scalar(sa.select(User).where(User.email == OFFICERS[0]))
        body = "\n\n".join(f"Paragraph {i}." for i in range(people))
        statements.save(statement, author, statement.current_revision.number, {"body": body})
        approvals.submit(statement, author)
        db.session.commit()
        statement_id = statement.id
    with app.app_context():
        db.engine.dispose()
    if schema:  # gunicorn workers read the same private schema
        url += ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"
    return url, schema, statement_id


def gunicorn(port: int, tmp: Path, url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "PRESSROOM_DATA_DIR": str(tmp),
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "PRESSROOM_INSECURE_COOKIES": "1",
    }
    spec = "pressroom:create_app({'WTF_CSRF_ENABLED': False})"
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            "2",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "-b",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            "--timeout",
            "60",
            "--keep-alive",
            "30",
            spec,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "gunicorn.log", "ab"),
    )


def wait_for(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/login")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"gunicorn on 127.0.0.1:{port} did not answer "
        f"(see {port and 'gunicorn.log'} in the bench's temporary directory)"
    )


# --- simulated people ---------------------------------------------------------------------


@dataclass
class Results:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    setup: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    acknowledged: dict[int, str] = field(default_factory=dict)  # person -> last saved text
    saved_revisions: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Browser:
    """One person's connection: keeps the session cookie and a bearer token."""

    def __init__(self, port: int, results: Results) -> None:
        self.port, self.results = port, results
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(
        self, action: str, method: str, path: str, body: Any = None, form: bool = False
    ) -> tuple[int, Any]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None and form:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if path.startswith("/api/") and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            with self.results.lock:
                self.results.statuses["connection error"] += 1
                self.results.errors.append(f"{action}: {exc!r}")
            return 0, None
        elapsed = (time.perf_counter() - started) * 1000
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        with self.results.lock:
            self.results.statuses[response.status] += 1
            if action not in SETUP:
                self.results.samples[action].append(elapsed)
            else:
                self.results.setup[action].append(elapsed)
            if response.status >= 500:
                self.results.errors.append(f"{action} {method} {path}: {response.status}")
        is_json = (response.getheader("Content-Type") or "").startswith("application/json")
        return response.status, json.loads(raw) if is_json and raw else None

    def sign_in(self, email: str) -> None:
        """Sign in and get a token; a refused try (counted) is tried again, at most 3 times."""
        for _ in range(3):
            status, _ = self.request(
                "sign in", "POST", "/login", {"email": email, "password": PASSWORD}, form=True
            )
            if status == 302:
                break
        for _ in range(3):
            status, answer = self.request(
                "token", "POST", "/api/v1/tokens", {"email": email, "password": PASSWORD}
            )
            if status == 201 and answer is not None:
                self.token = answer["token"]
                return
        raise RuntimeError(f"{email} could not sign in")


def person(
    index: int,
    port: int,
    statement_id: int,
    clock: dict[str, float],
    results: Results,
    start: threading.Barrier,
) -> None:
    head = index % 4 == 3  # one in four is a head of delegation
    accounts = HEADS if head else OFFICERS
    browser = Browser(port, results)
    browser.sign_in(accounts[index % len(accounts)])
    editor, api = f"/statements/{statement_id}", f"/api/v1/statements/{statement_id}"
    start.wait(timeout=60)  # everyone has signed in: the clock starts
    stop = clock["stop"]
    round_ = 0
    while time.monotonic() < stop:
        round_ += 1
        browser.request("load editor", "GET", editor)
        browser.request("heartbeat", "POST", f"{editor}/presence")
        status, document = browser.request("read document", "GET", api)
        if status != 200 or document is None:
            continue
        if head:
            browser.request(
                "approve",
                "POST",
                f"{api}/approvals",
                {"decision": "approve", "revision": document["revision"]},
            )
            continue
        paragraphs = document["body"].split("\n\n")
        text = f"Paragraph {index}, round {round_}."
        paragraphs[index] = text
        status, saved = browser.request(
            "save",
            "PUT",
            api,
            {"base_revision": document["revision"], "body": "\n\n".join(paragraphs)},
        )
        if status == 200 and saved is not None:
            with results.lock:
                results.acknowledged[index] = text
                if saved.get("saved"):
                    results.saved_revisions.add(saved["revision"])
        if round_ % 3 == 0:
            browser.request(
                "comment",
                "POST",
                f"{api}/comments",
                {"body": f"Comment {round_} by person {index}.", "paragraph": index},
            )


def lost_edits(url: str, statement_id: int, results: Results, tmp: Path) -> list[str]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DATA_DIR": str(tmp), "SECRET_KEY": "bench"})
    with app.app_context():
        statement = db.session.get(Statement, statement_id)
        paragraphs = statement.current_revision.content["body"].split("\n\n")
        lost = [
            f"person {i}: {text!r} missing"
            for i, text in results.acknowledged.items()
            if paragraphs[i] != text
        ]
        numbers = set(
            db.session.scalars(
                sa.select(Revision.number).where(Revision.statement_id == statement_id)
            )
        )
        lost += [
            f"revision {n} acknowledged but not stored"
            for n in sorted(results.saved_revisions - numbers)
        ]
        db.engine.dispose()
    return lost


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def run(name: str, url: str | None, seconds: float, people: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="pressroom-concurrency-bench-"))
    server_url, schema, statement_id = prepare(tmp, url, people)
    port = free_port()
    server = gunicorn(port, tmp, server_url)
    results = Results()
    try:
        wait_for(port, time.monotonic() + 60)
        clock: dict[str, float] = {}

        def start_clock() -> None:
            clock["began"] = time.monotonic()
            clock["stop"] = clock["began"] + seconds

        start = threading.Barrier(people, action=start_clock)

        def go(i: int) -> None:
            try:
                person(i, port, statement_id, clock, results, start)
            except Exception as exc:
                start.abort()
                with results.lock:
                    results.errors.append(f"person {i}: {exc!r}")

        threads = [threading.Thread(target=go, args=(i,)) for i in range(people)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 120)
        elapsed = time.monotonic() - clock.get("began", time.monotonic())
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
    try:
        report(name, results, elapsed, lost_edits(server_url, statement_id, results, tmp))
    finally:
        if schema and url:
            from tests.conftest import _drop_schema

            _drop_schema(url, schema)
        shutil.rmtree(tmp, ignore_errors=True)


def report(name: str, results: Results, elapsed: float, lost: list[str]) -> None:
    actions = results.samples
    every = sorted(x for values in actions.values() for x in values)
    server_errors = sum(
        n for status, n in results.statuses.items() if isinstance(status, int) and status >= 500
    )
    print(
        f"\n{name}: {len(every)} requests in {elapsed:.1f} s = {len(every) / elapsed:.1f}/s;"
        f" p50 {percentile(every, 0.5):.0f} ms, p95 {percentile(every, 0.95):.0f} ms,"
        f" p99 {percentile(every, 0.99):.0f} ms"
    )
    for action, values in sorted(results.setup.items()):
        ordered = sorted(values)
        print(
            f"  {action:<14} n={len(ordered):>5}  p50 {statistics.median(ordered):6.0f} ms"
            f"  max {ordered[-1]:6.0f} ms  (everyone at once, before the clock)"
        )
    for action, values in sorted(actions.items()):
        ordered = sorted(values)
        print(
            f"  {action:<14} n={len(ordered):>5}  p50 {statistics.median(ordered):6.0f} ms"
            f"  p95 {percentile(ordered, 0.95):6.0f} ms  p99 {percentile(ordered, 0.99):6.0f} ms"
        )
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(results.statuses.items(), key=str))
    print(f"  answers: {statuses}")
    print(f"  5xx: {server_errors} (target 0); lost edits: {len(lost)} (target 0)")
    for line in (results.errors + lost)[:10]:
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument(
        "--database-url",
        default=PG_DEFAULT,
        help="PostgreSQL URL (a private schema is created and dropped)",
    )
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    print(
        f"{args.people} people ({args.people // 4} heads), {args.seconds:.0f} s per database,"
        f" gunicorn 2 workers x 4 threads on 127.0.0.1"
    )
    run("SQLite", None, args.seconds, args.people)
    if not args.sqlite_only:
        run("PostgreSQL", args.database_url, args.seconds, args.people)


if __name__ == "__main__":
    main()
