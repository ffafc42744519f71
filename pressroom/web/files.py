"""Sending stored release files, whatever the storage backend (services/storage.py)."""

from __future__ import annotations

from typing import cast
from urllib.parse import quote

from flask import Response, abort, current_app, request, send_file, stream_with_context

from pressroom.models import ArtifactKind
from pressroom.services import storage


def send_stored(
    sha256: str,
    kind: ArtifactKind | str,
    *,
    cache_control: str,
    download_name: str,
    attachment: bool = False,
    max_age: int = 0,
    mimetype: str | None = None,
) -> Response:
    """A stored file with ETag (its SHA-256) and conditional requests. Local storage: sent
    from disk, or by nginx when PRESSROOM_ACCEL_REDIRECT_PREFIX is set; database storage:
    streamed one chunk at a time. Range requests are answered either way."""
    kind = ArtifactKind(kind) if kind in ("html", "pdf") else kind
    if mimetype is None:
        mimetype = "application/pdf" if kind == ArtifactKind.pdf else "text/html"
    ext = kind.value if isinstance(kind, ArtifactKind) else kind
    accel = current_app.config.get("PRESSROOM_ACCEL_REDIRECT_PREFIX")
    if storage.is_local() and not accel:
        response = send_file(
            storage.path_for(sha256, ext),
            mimetype=mimetype,
            etag=sha256,
            conditional=True,
            download_name=download_name,
            as_attachment=attachment,
            max_age=max_age,
        )
        response.headers["Cache-Control"] = cache_control
        return response
    if storage.is_local() and accel:
        response = Response(mimetype=mimetype)
        response.headers["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{sha256[:2]}/{sha256}.{ext}"
        response.set_etag(sha256)
        response.headers["Cache-Control"] = cache_control
        return cast(Response, response.make_conditional(request))  # it returns self
    size = storage.size(sha256, ext)
    if size is None:
        abort(404)
    response = Response(stream_with_context(storage.chunks(sha256, ext)), mimetype=mimetype)
    response.content_length = size
    response.headers["Content-Disposition"] = (
        f"{'attachment' if attachment else 'inline'}; filename={quote(download_name)}"
    )
    response.set_etag(sha256)
    response.headers["Cache-Control"] = cache_control
    # Range requests (a phone resuming a download) are cut from the chunk stream.
    return cast(
        Response, response.make_conditional(request, accept_ranges=True, complete_length=size)
    )  # typed as werkzeug's base class
