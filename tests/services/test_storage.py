"""Stored artifacts survive a crash: the file's bytes reach the disk before the rename
makes them visible, and the directory entry after it."""

from __future__ import annotations

import os
import stat

from pressroom.services import storage


def test_store_syncs_the_file_before_the_rename_and_the_directory_after(app, tmp_path,
                                                                        monkeypatch):
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
        f"{digest}.pdf"]  # no temporary file left behind
    events.clear()
    storage.store(b"%PDF-1.7 test", "pdf")
    assert events == []  # the same bytes again: nothing to write
