"""Link-preview images of published releases: drawn on first request from the stored,
frozen release page (never from the draft), then kept next to the artifacts."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app

from pressroom.models import Artifact
from pressroom.rendering.compose import labels_for
from pressroom.rendering.preview import dateline_of, preview_png
from pressroom.services import storage


def preview_path(artifact: Artifact, organizations: list[str]) -> Path:
    """The PNG for the HTML artifact of one release language (made if missing)."""
    names = hashlib.sha256("\x00".join(organizations).encode("utf-8")).hexdigest()[:12]
    key = f"{artifact.sha256}-{names}"
    folder = Path(current_app.config["DATA_DIR"]) / "previews"
    path = folder / f"{key}.png"
    if not path.is_file():
        stored = storage.read_bytes(artifact.sha256, "html").decode("utf-8")
        data = preview_png(
            artifact.title,
            organizations,
            dateline_of(stored),
            labels_for(artifact.lang).press_release,
        )
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_bytes(data)
        partial.replace(path)
    return path
