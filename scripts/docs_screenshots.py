"""Current screenshots for the README, taken from the running app in Debian's Chromium.

    .venv/bin/python scripts/docs_screenshots.py [OUT_DIR]     (default: docs/screenshots)

Serves the demo on a fresh SQLite database in a temporary directory (127.0.0.1, a free
port; nothing in ./instance is touched) and drives /usr/bin/chromium through Playwright
with the browser tests' launch options, one fresh profile per person:

  editor.png    the demo statement in the editor, another officer editing at the same time
  review.png    a head of delegation's review page, two of three organizations approved
  newsroom.png  the public newsroom once the statement is published
  pdf-page.png  page 1 of the published English PDF (pdftoppm, 60 dpi)

Pages are 1280x800; every PNG is reduced to a 256-colour palette to stay small.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CHROMIUM = Path("/usr/bin/chromium")
# The same launch as the browser tests (tests/e2e/conftest.py).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
OFFICER = "urdur.gunnarsdottir@odihr.example.org"
OTHER_OFFICER = "klas.bergman@oscepa.example.org"
HEADS = ["lubomir.kopaj@odihr.example.org", "consiglio.dinino@oscepa.example.org"]
LAST_HEAD = "david.wilshire@pace.example.org"


def build_app(data_dir: Path) -> Any:
    os.environ["PRESSROOM_DATA_DIR"] = str(data_dir)  # before the app reads its settings
    from flask_migrate import upgrade

    from pressroom import create_app, demo
    from pressroom.db import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{data_dir / 'pressroom.db'}",
            "DATA_DIR": str(data_dir),
            "SECRET_KEY": secrets.token_urlsafe(32),
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "PUBLIC_FILE_CACHE_SECONDS": 0,
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",  # demo accounts on a throw-away database
        }
    )
    with app.app_context():
        upgrade()
        demo.seed()
        db.session.commit()
    return app


def in_app(app: Any, work: Any) -> Any:
    from pressroom.db import db

    with app.app_context():
        result = work()
        db.session.commit()
        return result


def reduce(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256)
    small.save(path, optimize=True)


def main(out: Path) -> None:
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: bash scripts/system-deps.sh --browser")
    if not shutil.which("pdftoppm"):
        sys.exit("pdftoppm is missing: apt-get install poppler-utils")
    import logging

    import sqlalchemy as sa
    from playwright.sync_api import expect, sync_playwright
    from werkzeug.serving import make_server

    from pressroom import demo
    from pressroom.db import db
    from pressroom.demo import TRANSLATIONS
    from pressroom.models import Statement, User
    from pressroom.services import approvals, publishing, translations

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pressroom-shots-") as tmp:
        work = Path(tmp)
        app = build_app(work / "data")
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        url = f"http://127.0.0.1:{server.server_port}"
        app.config["PUBLIC_BASE_URL"] = "https://press.example.org"  # the PDF's verify line
        threading.Thread(target=server.serve_forever, daemon=True).start()

        def user(email: str) -> User:
            return db.session.scalar(sa.select(User).where(User.email == email))

        def statement() -> Statement:
            return db.session.get(Statement, 1)

        try:
            with sync_playwright() as driver:
                profiles = iter(range(100))

                def browser() -> Any:
                    context = driver.chromium.launch_persistent_context(
                        str(work / f"profile-{next(profiles)}"),
                        executable_path=str(CHROMIUM),
                        headless=True,
                        args=CHROMIUM_ARGS,
                        viewport=VIEWPORT,
                        locale="en-GB",
                        base_url=url,
                    )
                    context.set_default_timeout(15_000)
                    return context.pages[0] if context.pages else context.new_page()

                def login(page: Any, email: str) -> None:
                    page.goto("/login")
                    page.get_by_label("E-mail").fill(email)
                    page.get_by_label("Password").fill(demo.PASSWORD)
                    page.get_by_role("button", name="Sign in").click()
                    page.wait_for_url(lambda u: "/login" not in u)

                # The editor, with a colleague of another organization in it as well.
                other, page = browser(), browser()
                login(other, OTHER_OFFICER)
                other.goto("/statements/1")
                login(page, OFFICER)
                page.goto("/statements/1")
                expect(page.locator("#presence")).to_contain_text("Klas Bergman")
                page.screenshot(path=str(out / "editor.png"))

                # Translated and submitted; two heads approved; the third reviews.
                def review() -> None:
                    s, officer = statement(), user(OFFICER)
                    number = s.current_revision.number
                    for lang, content in TRANSLATIONS.items():
                        translations.save_translation(s, officer, lang, None, number, content)
                    approvals.submit(s, officer)
                    for email in HEADS:
                        approvals.decide(s, user(email), "approve", number)

                in_app(app, review)
                head = browser()
                login(head, LAST_HEAD)
                head.goto("/statements/1/review")
                expect(head.get_by_role("heading", name="Approvals")).to_be_visible()
                head.screenshot(path=str(out / "review.png"))
                head.get_by_role("button", name="Approve revision 1").click()
                expect(head.locator(".review-banner.approved")).to_be_visible()

                # Published now; the newsroom as a journalist sees it.
                def publish() -> str:
                    publishing.publish(statement(), user(OFFICER))
                    return statement().slug

                slug = in_app(app, publish)
                journalist = browser()
                journalist.goto("/en/releases")
                expect(journalist.locator("ol.newsroom-list li")).to_have_count(1)
                journalist.screenshot(path=str(out / "newsroom.png"))

            pdf = work / "release.pdf"
            with urllib.request.urlopen(f"{url}/en/releases/{slug}.pdf", timeout=30) as answer:
                pdf.write_bytes(answer.read())
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(out / "pdf-page"),
                ],
                check=True,
            )
        finally:
            server.shutdown()
            server.server_close()
            from pressroom.rendering import workers

            workers.pool().close()

    for name in ("editor", "review", "newsroom", "pdf-page"):
        path = out / f"{name}.png"
        reduce(path)
        print(
            f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: "
            f"{path.stat().st_size // 1024} KB"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else REPO / "docs" / "screenshots")
