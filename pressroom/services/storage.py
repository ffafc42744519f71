"""Content-addressed storage of rendered release files, behind one interface with a backend
chosen by PRESSROOM_STORAGE (config STORAGE):

- `local` (the embedded default): <data dir>/artifacts/ab/abcdef….ext, written once (fsync,
  atomic rename, fsync of the directory), never modified. One node, or a shared disk.
- `database`: blobs in the database (`stored_blobs`, cut into `stored_blob_chunks` of
  CHUNK bytes), written in the caller's transaction; a download reads one chunk at a time.
  Any number of app nodes and workers share them through PostgreSQL alone.

An S3-compatible backend fits the same four calls (store, exists, read_bytes, chunks).
The name is the SHA-256 of the bytes, so a download is verified by its own path."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from flask import current_app

EXTENSIONS = {
    "html": ".html",
    "pdf": ".pdf",
    "jpg": ".jpg",
    "png": ".png",  # media: services.media
    "crl": ".crl",
}
CHUNK = 256 * 1024


class Backend(Protocol):
    def store(self, data: bytes, kind: str) -> tuple[str, int]: ...
    def exists(self, sha256: str, kind: str) -> bool: ...
    def size(self, sha256: str, kind: str) -> int | None: ...
    def chunks(self, sha256: str, kind: str) -> Iterator[bytes]: ...


def root() -> Path:
    path = Path(current_app.config["DATA_DIR"]) / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(sha256: str, kind: str) -> Path:
    """Where the local backend keeps a file (nginx's X-Accel-Redirect target)."""
    return root() / sha256[:2] / f"{sha256}{EXTENSIONS[kind]}"


class LocalBackend:
    def store(self, data: bytes, kind: str) -> tuple[str, int]:
        digest = hashlib.sha256(data).hexdigest()
        target = path_for(digest, kind)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())  # the bytes are on disk before the name points
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
            _fsync_directory(target.parent)  # and the rename itself survives a power cut
        return digest, len(data)

    def exists(self, sha256: str, kind: str) -> bool:
        return path_for(sha256, kind).is_file()

    def size(self, sha256: str, kind: str) -> int | None:
        path = path_for(sha256, kind)
        return path.stat().st_size if path.is_file() else None

    def chunks(self, sha256: str, kind: str) -> Iterator[bytes]:
        with path_for(sha256, kind).open("rb") as fh:
            while block := fh.read(CHUNK):
                yield block


class DatabaseBackend:
    def store(self, data: bytes, kind: str) -> tuple[str, int]:
        from pressroom.db import db
        from pressroom.models import BlobChunk, StoredBlob

        digest = hashlib.sha256(data).hexdigest()
        if self.exists(digest, kind):
            return digest, len(data)
        count = max(1, -(-len(data) // CHUNK))
        try:
            # A savepoint: another worker storing the same bytes at once is not an error.
            with db.session.begin_nested():
                db.session.execute(
                    sa.insert(StoredBlob),
                    [{"sha256": digest, "kind": kind, "size": len(data), "chunks": count}],
                )
                db.session.execute(
                    sa.insert(BlobChunk),
                    [
                        {"sha256": digest, "seq": i, "data": data[i * CHUNK : (i + 1) * CHUNK]}
                        for i in range(count)
                    ],
                )
        except sa.exc.IntegrityError:
            pass  # the same content, stored by someone else meanwhile
        return digest, len(data)

    def exists(self, sha256: str, kind: str) -> bool:
        return self.size(sha256, kind) is not None

    def size(self, sha256: str, kind: str) -> int | None:
        from pressroom.db import db
        from pressroom.models import StoredBlob

        return db.session.scalar(
            sa.select(StoredBlob.size).where(StoredBlob.sha256 == sha256, StoredBlob.kind == kind)
        )

    def chunks(self, sha256: str, kind: str) -> Iterator[bytes]:
        """One query per chunk: at most CHUNK bytes of a file in memory at a time."""
        from pressroom.db import db
        from pressroom.models import BlobChunk, StoredBlob

        count = db.session.scalar(
            sa.select(StoredBlob.chunks).where(StoredBlob.sha256 == sha256, StoredBlob.kind == kind)
        )
        for seq in range(count or 0):
            yield (
                db.session.scalar(
                    sa.select(BlobChunk.data).where(
                        BlobChunk.sha256 == sha256, BlobChunk.seq == seq
                    )
                )
                or b""
            )


_BACKENDS: dict[str, Backend] = {"local": LocalBackend(), "database": DatabaseBackend()}


def backend() -> Backend:
    name = current_app.config.get("STORAGE", "local") or "local"
    try:
        return _BACKENDS[name]
    except KeyError:
        raise RuntimeError(
            f"PRESSROOM_STORAGE must be one of {sorted(_BACKENDS)}, not {name!r}"
        ) from None


def is_local() -> bool:
    return isinstance(backend(), LocalBackend)


def store(data: bytes, kind: str) -> tuple[str, int]:
    """Store bytes; returns (sha256, size). Storing the same bytes twice is a no-op."""
    return backend().store(data, kind)


def size(sha256: str, kind: str) -> int | None:
    return backend().size(sha256, kind)


def chunks(sha256: str, kind: str) -> Iterator[bytes]:
    return backend().chunks(sha256, kind)


def read_bytes(sha256: str, kind: str) -> bytes:
    """A whole file: for small ones (pages); downloads stream `chunks`."""
    return b"".join(chunks(sha256, kind))


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
