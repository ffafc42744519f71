"""Warm child processes that render PDFs: isolated and killable like a fresh process per
render, but WeasyPrint and the fonts are loaded once per worker instead of per document.

A worker reads one JSON job per line on stdin and answers one JSON line on stdout. The
parent waits at most the job's timeout, then kills the worker (a new one starts for the
next job); each job also raises the worker's own CPU limit by its allowance only.
Workers are recycled after MAX_JOBS renders so memory cannot creep up."""

from __future__ import annotations

import atexit
import json
import os
import queue
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
POOL_SIZE = 2  # default; config RENDER_PROCESSES (PRESSROOM_RENDER_PROCESSES) sets it
MAX_JOBS = 200
_CODE = "from pressroom.rendering.pdf import _worker_loop; _worker_loop()"


class WorkerTimeout(Exception):
    pass


class WorkerFailed(Exception):
    pass


class Worker:
    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p
        )
        # WeasyPrint copies the fonts into a temporary directory and removes it only when
        # the process ends normally. A worker killed at its time limit cannot, so each
        # worker's temporary files go into a directory of its own that the parent removes
        # once the worker has exited, whatever the way.
        self.tmpdir = tempfile.mkdtemp(prefix="pressroom-render-")
        env["TMPDIR"] = self.tmpdir
        self.proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "-c", _CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=str(REPO_ROOT),
        )
        self.jobs = 0

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(self, job: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        try:
            self.proc.stdin.write(json.dumps(job).encode("utf-8") + b"\n")
            self.proc.stdin.flush()
        except OSError as exc:
            raise WorkerFailed(f"worker gone: {exc}") from exc
        deadline = time.monotonic() + timeout_s
        chunks: list[bytes] = []
        fd = self.proc.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise WorkerTimeout
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    raise WorkerFailed(f"worker exited with status {self.proc.wait()}")
                chunks.append(chunk)
                if chunk.endswith(b"\n"):
                    break
        self.jobs += 1
        return json.loads(b"".join(chunks))

    def kill(self) -> None:
        """Stop the worker (if it still runs) and remove its temporary files."""
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        shutil.rmtree(self.tmpdir, ignore_errors=True)


class Pool:
    """At most `size` workers per process, started on demand, reused while healthy."""

    def __init__(self, size: int | None = None) -> None:
        self.size = max(1, size or POOL_SIZE)
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.size)
        self._pid = os.getpid()
        atexit.register(self.close)  # idle workers and their temporary files, at exit

    def run(self, job: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        with self._slots:
            worker = self._take()
            try:
                result = worker.run(job, timeout_s)
            except BaseException:
                worker.kill()  # timed out, crashed or interrupted: never reuse it
                raise
            if worker.jobs >= MAX_JOBS:
                worker.kill()
            else:
                self._idle.put(worker)
            return result

    def _take(self) -> Worker:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return Worker()
            if worker.alive():
                return worker
            worker.kill()  # exited on its own (e.g. its CPU limit): clean up after it

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


_pool: Pool | None = None
_pool_lock = threading.Lock()
_size = POOL_SIZE


def configure(size: int) -> None:
    """Set the number of render processes (create_app, from RENDER_PROCESSES); a pool
    already running keeps its size until it is closed."""
    global _size
    _size = max(1, int(size))


def pool() -> Pool:
    """This process's pool (a forked server worker gets its own, not its parent's)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool._pid != os.getpid():
            _pool = Pool(_size)
        return _pool
