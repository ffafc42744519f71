"""HTML -> tagged PDF (PDF/UA-1) with WeasyPrint, isolated and time-limited.

* The only resources WeasyPrint may load are files of the app's own ``static/`` directory,
  addressed as ``/static/...`` (resolved against the fixed, never-resolvable base
  ``https://pressroom.invalid/``). Everything else -- other hosts, ``http:``, ``file:``,
  ``ftp:``, ``data:``, encoded or literal ``..`` -- is refused by :func:`static_only_fetcher`.
* Each rendering runs in a child Python process (a warm worker, see workers.py; job as
  JSON on stdin, result as JSON on stdout): a hung or runaway layout can be killed,
  which a thread cannot be, and nothing is forked from the (threaded) web process. The
  parent waits at most ``timeout_s`` seconds, then kills the worker and raises
  :class:`RenderTimeout`; the worker also caps its own CPU time per job. Any other
  failure raises :class:`RenderError`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import math
import re
import resource
import sys
from pathlib import Path
from typing import Any

from pressroom.rendering import workers
from pressroom.resources import resource_dir

log = logging.getLogger(__name__)

STATIC_DIR = resource_dir("static")
BASE_URL = "https://pressroom.invalid/"
STATIC_PREFIX = BASE_URL + "static/"
PDF_VARIANT = "pdf/ua-1"

CONTENT_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
# Plain path segments only: no "..", no "%", no "\", no empty segment, no query/fragment.
_SAFE_REL_PATH = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$")


class RenderError(RuntimeError):
    """The PDF could not be produced."""


class RenderTimeout(RenderError):
    """Rendering took longer than allowed and was stopped."""


class FetchRefused(ValueError):
    """The renderer asked for a resource outside the app's static files."""


def resolve_static_url(url: str, static_dir: Path | None = None) -> Path:
    """The file under ``static_dir`` that ``url`` names, or FetchRefused."""
    base = (static_dir or STATIC_DIR).resolve()
    if not isinstance(url, str) or not url.startswith(STATIC_PREFIX):
        raise FetchRefused(f"refused (not an app static URL): {url!r:.200}")
    rel = url[len(STATIC_PREFIX) :]
    if not _SAFE_REL_PATH.match(rel) or ".." in rel:
        raise FetchRefused(f"refused (unsafe static path): {url!r:.200}")
    path = (base / rel).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        raise FetchRefused(f"refused (no such static file): {url!r:.200}")
    if path.suffix.lower() not in CONTENT_TYPES:
        raise FetchRefused(f"refused (file type not served): {url!r:.200}")
    return path


_DOCUMENT_DATE = re.compile(r'<time datetime="(\d{4}-\d{2}-\d{2})"')


def authors_of(author: str) -> list[str]:
    """ "OSCE/ODIHR, OSCE PA, PACE" (ReleaseDocument.author) -> one entry per organization,
    written to XMP as a dc:creator sequence."""
    return [name.strip() for name in author.split(", ") if name.strip()]


def document_date(html: str) -> str | None:
    """The release's own date (the dateline's ``<time datetime>``): the PDF's creation and
    modification date, so that the same document always gives the same bytes."""
    found = _DOCUMENT_DATE.search(html)
    return found.group(1) if found else None


def _worker_loop() -> None:
    """Child process (see workers.py): one JSON job per stdin line, one JSON answer per
    stdout line. Each job may use `cpu_limit_s` more seconds of CPU than used so far."""
    logging.basicConfig(level=logging.ERROR)
    for line in sys.stdin:
        job = json.loads(line)
        allowance = int(job.pop("cpu_limit_s"))
        used = resource.getrusage(resource.RUSAGE_SELF)
        ceiling = math.ceil(used.ru_utime + used.ru_stime) + allowance
        with contextlib.suppress(ValueError, OSError):  # belt and braces: CPU cap
            resource.setrlimit(resource.RLIMIT_CPU, (ceiling, ceiling + 1))
        try:
            from pressroom.rendering.weasy import render_pdf_in_process

            pdf, requested = render_pdf_in_process(job.pop("html"), **job)
            result = {
                "ok": True,
                "pdf": base64.b64encode(pdf).decode("ascii"),
                "requested": requested,
            }
        except Exception as exc:
            result = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "requested": []}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


def render_pdf(
    html: str,
    *,
    lang: str,
    title: str,
    author: str,
    subject: str,
    timeout_s: float = 30,
    fetch_log: list[str] | None = None,
) -> bytes:
    """Render ``html`` (from :func:`render_release_html` with ``for_pdf=True``) to PDF/UA-1.

    ``fetch_log``, if given, receives every URL the renderer asked the fetcher for.
    Raises RenderTimeout after ``timeout_s`` seconds, RenderError on any other failure.
    """
    job = {
        "html": html,
        "lang": lang,
        "title": title,
        "author": author,
        "subject": subject,
        "cpu_limit_s": max(1, math.ceil(timeout_s) + 1),
    }
    try:
        result = workers.pool().run(job, timeout_s)
    except workers.WorkerTimeout as exc:
        raise RenderTimeout(f"PDF rendering took longer than {timeout_s:g} s") from exc
    except (workers.WorkerFailed, ValueError) as exc:
        raise RenderError(f"PDF renderer failed: {exc}") from exc
    if fetch_log is not None:
        fetch_log.extend(result.get("requested", []))
    if not result.get("ok"):
        raise RenderError(result.get("error", "unknown error"))
    return base64.b64decode(result["pdf"])


# WeasyPrint is imported on first use (pressroom.rendering.weasy): the web and worker
# processes that hand PDFs to render processes never load it (memory per process).
_IN_WEASY = ("static_only_fetcher", "StaticOnlyURLFetcher", "render_pdf_in_process")


def __getattr__(name: str) -> Any:
    if name in _IN_WEASY:
        from pressroom.rendering import weasy

        return getattr(weasy, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
