"""A non-editable install runs: the wheel carries templates, static files, compiled
catalogs and migrations (setup.py), and the app finds them inside the package
(pressroom/resources.py), not through the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Runs in the fresh virtual environment, from an empty directory.
SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path

    import pressroom
    from pressroom import create_app, resources

    here = Path(pressroom.__file__).resolve().parent
    assert "site-packages" in here.parts, here
    assert resources.installed(), "the wheel carries no _resources"
    repo = Path(sys.argv[1])
    assert not any(Path(p or ".").resolve() == repo for p in sys.path), sys.path

    from flask_migrate import upgrade
    from pypdf import PdfReader
    import io

    app = create_app({"TESTING": True})
    assert Path(app.template_folder).is_relative_to(here), app.template_folder
    with app.app_context():
        upgrade()  # the packaged migrations
    client = app.test_client()
    page = client.get("/fr/releases")
    assert page.status_code == 200, page.status_code
    assert "Communiqués" in page.get_data(as_text=True)  # compiled French catalog
    assert client.get("/static/app.css").status_code == 200

    from pressroom.demo import demo_document
    from pressroom.rendering import render_pdf, render_release_html

    doc = demo_document("ru")
    pdf = render_pdf(render_release_html(doc, for_pdf=True), lang=doc.lang, title=doc.title,
                     author=doc.author, subject=doc.dateline)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "ПРЕСС-РЕЛИЗ" in text, text[:200]  # packaged catalog, fonts and stylesheet
    print("installed pressroom served a page and rendered a PDF")
""")


@pytest.mark.slow
def test_a_non_editable_install_serves_pages_and_renders_pdfs(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("pressroom-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    # The dependencies come from the test environment's site-packages, added as a plain
    # path: its .pth files (among them the editable install's finder) are not run.
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run = tmp_path / "run"
    run.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "DATABASE_URL", "PRESSROOM_DATA_DIR")
    }
    env["PRESSROOM_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [str(python), "-c", SCRIPT, str(REPO)],
        cwd=run,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "served a page and rendered a PDF" in result.stdout
