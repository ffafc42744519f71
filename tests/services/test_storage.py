"""Stored artifacts survive a crash: the file's bytes reach the disk before the rename
makes them visible, and the directory entry after it."""

from __future__ import annotations

import os
import stat

from pressroom.services import storage


def test_store_syncs_the_file_before_the_rename_and_the_directory_after(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "DATA_DIR", str(tmp_path))
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst) -> None:  # type: ignore[no-untyped-def]
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    digest, size = storage.store(b"%PDF-1.7 test", "pdf")
    assert events == ["fsync file", "rename", "fsync dir"]
    assert storage.path_for(digest, "pdf").read_bytes() == b"%PDF-1.7 test" and size == 13
    assert [p.name for p in storage.path_for(digest, "pdf").parent.iterdir()] == [
        f"{digest}.pdf"
    ]  # no temporary file left behind
    events.clear()
    storage.store(b"%PDF-1.7 test", "pdf")
    assert events == []  # the same bytes again: nothing to write


def test_database_storage_keeps_files_in_chunks_and_streams_them(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE", "database")
    monkeypatch.setitem(app.config, "DATA_DIR", str(tmp_path))
    monkeypatch.setattr(storage, "CHUNK", 1000)
    data = os.urandom(2500)
    digest, size = storage.store(data, "pdf")
    assert size == 2500 and storage.size(digest, "pdf") == 2500
    assert [len(c) for c in storage.chunks(digest, "pdf")] == [1000, 1000, 500]
    assert storage.read_bytes(digest, "pdf") == data
    assert storage.store(data, "pdf") == (digest, 2500)  # again: nothing new, no error
    assert not (tmp_path / "artifacts").exists() or not any((tmp_path / "artifacts").iterdir())
    assert storage.size(digest, "html") is None


def test_unknown_storage_backend_is_refused(app, monkeypatch):
    import pytest

    monkeypatch.setitem(app.config, "STORAGE", "nfs")
    with pytest.raises(RuntimeError, match="PRESSROOM_STORAGE"):
        storage.store(b"x", "pdf")
