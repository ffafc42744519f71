"""Render the demo press release (Kazakh elections 2007) to HTML, PDF and PNG previews.

    .venv/bin/python scripts/render_demo.py [--pdf-only] /tmp/render [en ru fr]

Writes <lang>.html, <lang>.pdf, <lang>-<page>.png (pdftoppm, 60 dpi) and, when chromium
is installed, <lang>-screen.png (1200x1600) and <lang>-phone.png (390x844).
The demo's content is pressroom.demo.content; the document is built by the rules of
publishing (pressroom.rendering.compose), without a database.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pressroom.demo import demo_document  # noqa: E402
from pressroom.rendering import render_pdf, render_release_html  # noqa: E402


def render_files(out: Path, lang: str) -> Path:
    doc = demo_document(lang)
    (out / f"{lang}.html").write_text(render_release_html(doc), encoding="utf-8")
    pdf_path = out / f"{lang}.pdf"
    pdf_path.write_bytes(
        render_pdf(
            render_release_html(doc, for_pdf=True),
            lang=doc.lang,
            title=doc.title,
            author=doc.author,
            subject=doc.dateline,
        )
    )
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf_path), str(out / lang)], check=True)
    return pdf_path


class _Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:  # /static/... from the repo, rest from out
        if path.startswith("/static/"):
            return str(REPO) + path.split("?")[0]
        return super().translate_path(path)

    def log_message(self, *args: object) -> None:
        pass


def screenshots(out: Path, langs: list[str]) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("chromium not found: no HTML screenshots")
        return
    handler = functools.partial(_Handler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        for lang in langs:
            for name, size in (("screen", "1200,1600"), ("phone", "390,844")):
                subprocess.run(
                    [
                        browser,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--hide-scrollbars",
                        "--virtual-time-budget=5000",
                        f"--screenshot={out / f'{lang}-{name}.png'}",
                        f"--window-size={size}",
                        f"http://127.0.0.1:{port}/{lang}.html",
                    ],
                    check=False,
                    capture_output=True,
                    timeout=60,
                )
        server.shutdown()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    pdf_only = "--pdf-only" in argv
    argv = [a for a in argv if a != "--pdf-only"]
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    langs = argv[1:] or ["en", "ru", "fr"]
    for lang in langs:
        print("wrote", render_files(out, lang))
    if not pdf_only:
        screenshots(out, langs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
