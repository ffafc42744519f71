"""Real pressroom processes (gunicorn, gthread workers) for the live tests and bench."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from pressroom.config import ROOT

BIN = ROOT / ".venv" / "bin"
SECRET = "live-test-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Node:
    """One gunicorn app node: `--worker-class gthread`, as docs/production.md says."""

    def __init__(
        self, database_url: str, data_dir: Path, name: str, extra_env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.name = name
        data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = data_dir / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "PRESSROOM_DATA_DIR": str(data_dir),
            "SECRET_KEY": SECRET,
            "PRESSROOM_INSECURE_COOKIES": "1",
            "PRESSROOM_JOBS_MODE": "inline",
            "PRESSROOM_RENDER_PROCESSES": "1",
            **(extra_env or {}),
        }
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "--workers",
                    "1",
                    "--threads",
                    "16",
                    "--worker-class",
                    "gthread",
                    "-b",
                    f"127.0.0.1:{self.port}",
                    "--log-level",
                    "warning",
                    "app:app",
                ],
                env=env,
                cwd=str(ROOT),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def _wait(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log_path.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/login", timeout=2)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL to the whole process group: nothing gets to flush or say goodbye."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
