"""Render workers clean up after themselves, and the release stylesheet is one that
WeasyPrint reads without complaint."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest

from pressroom.rendering import render_release_html, workers
from pressroom.rendering.pdf import render_pdf_in_process
from tests.rendering.test_pdf import META, demo

REPO = Path(__file__).resolve().parents[2]


def test_killed_workers_leave_no_temporary_files(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    html = render_release_html(demo.demo_document("ru"), for_pdf=True)
    job = {"html": html, **META, "cpu_limit_s": 60}
    pool = workers.Pool()
    try:
        assert pool.run(dict(job), 60)["ok"]  # fonts copied into the worker's temp dir
        with pytest.raises(workers.WorkerTimeout):
            pool.run(dict(job), 0.05)  # the same worker, killed in the middle of a render
    finally:
        pool.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_release_stylesheet_parses_without_warnings(caplog):
    html = render_release_html(demo.demo_document("en"), for_pdf=True)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf_in_process(html, **META)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
