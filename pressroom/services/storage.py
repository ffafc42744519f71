"""Content-addressed storage of rendered release files: <data dir>/artifacts/ab/abcdef….ext.

Written once (fsync, atomic rename, fsync of the directory), never modified; the name is
the SHA-256 of the bytes, so a download is verified by its own path."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app

EXTENSIONS = {"html": ".html", "pdf": ".pdf"}


def root() -> Path:
    path = Path(current_app.config["DATA_DIR"]) / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(sha256: str, kind: str) -> Path:
    return root() / sha256[:2] / f"{sha256}{EXTENSIONS[kind]}"


def store(data: bytes, kind: str) -> tuple[str, int]:
    """Store bytes; returns (sha256, size). Storing the same bytes twice is a no-op."""
    digest = hashlib.sha256(data).hexdigest()
    target = path_for(digest, kind)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())  # the bytes are on disk before the name points at them
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        _fsync_directory(target.parent)  # and the rename itself survives a power cut
    return digest, len(data)


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
