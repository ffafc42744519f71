"""Live co-editing under load: 10 simulated pycrdt editors on two app nodes (gunicorn
gthread, one SQLite database, Redis fan-out) type into the same body for a bounded time.

Each keystroke inserts a short unique token ("e3:17;") as one update; every other editor
notes when it arrives. Prints keystroke-to-peer latency p50/p99 (same node and across
nodes; target p50 <= 50 ms on loopback), messages delivered per second, and the growth of
each node's resident memory with the open document.

    .venv/bin/python -m bench.live [--seconds 60] [--editors 10] [--rate 5]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import threading
import time
import uuid
from pathlib import Path

from pressroom.db import db
from tests.conftest import PASSWORD
from tests.live.conftest import live_app, seed
from tests.live.nodes import Node
from tests.live.yclient import YClient, sign_in

TOKEN = re.compile(r"e(\d+):(\d+);")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def worker_rss_kib(node: Node) -> int:
    """Resident memory of the node's gunicorn worker (the child of the master)."""
    children = Path(f"/proc/{node.proc.pid}/task/{node.proc.pid}/children").read_text().split()
    pid = children[0] if children else str(node.proc.pid)
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--editors", type=int, default=10)
    parser.add_argument("--rate", type=float, default=5, help="keystrokes per second per editor")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-live-"))
    app = live_app(tmp)
    people, statement_id = seed(app)
    with app.app_context():
        db.engine.dispose()
    env = {
        "REDIS_URL": args.redis,
        "PRESSROOM_REDIS_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
        "PRESSROOM_LIVE_IDLE_SECONDS": "2",
    }
    nodes = [Node(f"sqlite:///{tmp / 'live.db'}", tmp / f"n{i}", f"n{i}", env) for i in (0, 1)]
    sent: dict[tuple[int, int], float] = {}
    latencies: dict[str, list[float]] = {"same node": [], "other node": []}
    lock = threading.Lock()
    clients: list[YClient] = []
    keep: list[object] = []
    try:
        rss_before = [worker_rss_kib(n) for n in nodes]
        emails = [people[s] for s in ("odihr", "osce-pa", "pace")]
        for i in range(args.editors):
            node = nodes[i % 2]
            client = YClient(
                f"{node.ws_url}/statements/{statement_id}/live",
                sign_in(node.url, emails[i % 3], PASSWORD),
            )
            assert client.synced.wait(20)
            clients.append(client)

            def observe(event, *_txn, me=i) -> None:  # type: ignore[no-untyped-def]
                now = time.monotonic()
                for op in event.delta:
                    for match in TOKEN.finditer(str(op.get("insert", ""))):
                        editor, n = int(match.group(1)), int(match.group(2))
                        if editor == me:
                            continue
                        with lock:
                            at = sent.get((editor, n))
                            if at is not None:
                                where = "same node" if editor % 2 == me % 2 else "other node"
                                latencies[where].append((now - at) * 1000)

            body = client.text("body")
            keep.append((body, body.observe(observe)))  # a dropped Text stops observing

        def type_for(i: int, client: YClient) -> None:
            n, interval = 0, 1 / args.rate
            deadline = time.monotonic() + args.seconds
            while time.monotonic() < deadline:
                n += 1
                token = f"e{i}:{n};"
                body = client.text("body")
                with lock:
                    sent[(i, n)] = time.monotonic()
                client.edit(lambda doc, t=token, b=body: b.insert(len(str(b)), t))
                time.sleep(interval)

        received_before = sum(c.received for c in clients)
        started = time.monotonic()
        threads = [threading.Thread(target=type_for, args=(i, c)) for i, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(1.0)  # the last keystrokes arrive
        elapsed = time.monotonic() - started
        messages = sum(c.received for c in clients) - received_before
        rss_after = [worker_rss_kib(n) for n in nodes]
        texts = {str(c.text("body")) for c in clients}

        print(
            f"{args.editors} editors on 2 nodes, {args.rate:g} keystrokes/s each, "
            f"{args.seconds:g} s; {len(sent)} keystrokes"
        )
        for where, values in latencies.items():
            if values:
                print(
                    f"  keystroke-to-peer latency, {where}: p50 {pct(values, 50):.1f} ms, "
                    f"p99 {pct(values, 99):.1f} ms ({len(values)} deliveries)"
                )
        print(f"  messages delivered to clients: {messages / elapsed:.0f}/s")
        for i, (before, after) in enumerate(zip(rss_before, rss_after, strict=True)):
            print(
                f"  node {i} worker memory: {before / 1024:.0f} MiB before, "
                f"{after / 1024:.0f} MiB with the open document "
                f"(+{(after - before) / 1024:.1f} MiB)"
            )
        print(
            f"  converged: {'yes' if len(texts) == 1 else 'NO'}; document "
            f"{len(next(iter(texts)))} characters"
        )
    finally:
        for client in clients:
            client.close()
        for node in nodes:
            node.stop()


if __name__ == "__main__":
    main()
