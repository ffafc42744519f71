"""The live documents' WebSocket endpoints (standard y-websocket sync and awareness).

Routed only for WebSocket requests (a plain GET is a 400, as is an upgrade the server
cannot take over). Authorized before the upgrade: the session cookie (Flask-Login) or
`Authorization: Bearer <API token>`; anonymous callers get 401, others who may not see
the statement 404, a page of another site (Origin) 403. While the socket is open the
caller's access is checked again every LIVE_RECHECK_SECONDS; when it ends (signed out,
token revoked, organization no longer taking part) the socket is closed with 1008.

simple-websocket takes over the server's socket: it works under `flask run` (threaded
Werkzeug) and under gunicorn's gthread workers (docs/production.md); the response trick
at the end is the one flask-sock uses."""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Response,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from simple_websocket import (  # type: ignore[import-untyped]  # ships no type information
    ConnectionClosed,
    Server,
)
from werkzeug.wrappers import Response as BaseResponse

from pressroom.db import db
from pressroom.domain.errors import DomainError, NotFound, PermissionDenied, SignInRequired
from pressroom.domain.permissions import Permission
from pressroom.live import access, fanout, versions
from pressroom.live.awareness import Identity
from pressroom.live.guard import RefusedUpdate
from pressroom.live.rooms import Connection
from pressroom.models import User
from pressroom.services import accounts, sessions, statements
from pressroom.web.authz import actor, get_statement
from pressroom.web.errors import json_error
from pressroom.web.live import bp

log = logging.getLogger(__name__)
POLICY_VIOLATION = 1008
INTERNAL_ERROR = 1011


class NoSocket(DomainError):
    code = "websocket_expected"
    status = 400


@bp.get("/statements/<int:statement_id>/live", websocket=True)
def statement(statement_id: int) -> Response:
    return _serve(statement_id, "")


@bp.get("/statements/<int:statement_id>/translations/<lang>/live", websocket=True)
def translation(statement_id: int, lang: str) -> Response:
    return _serve(statement_id, lang)


@bp.post("/statements/<int:statement_id>/live/version")
@login_required
def save_version(statement_id: int) -> BaseResponse:
    return _save_version(statement_id, "")


@bp.post("/statements/<int:statement_id>/translations/<lang>/live/version")
@login_required
def save_translation_version(statement_id: int, lang: str) -> BaseResponse:
    return _save_version(statement_id, lang)


def _save_version(statement_id: int, lang: str) -> BaseResponse:
    """ "Save version": the live document's changes become a revision now. JSON for the
    live editor's script, a redirect back to the editor for a form."""
    user = actor()
    granted = access.check(user, statement_id, lang)
    if not granted.may_write:
        raise PermissionDenied(_("You are not allowed to edit this statement."))
    result = versions.save_version(granted.key, user)
    if result.refused is not None:
        # The live text stays as typed (and in the log); say what must change first.
        if request.accept_mimetypes.best == "application/json" or request.is_json:
            error = result.refused
            return json_error(error.status, error.code, error.message, error.details)
        flash(_refusal(result.refused), "error")
        return redirect(_editor(statement_id, granted.key.lang))
    if result.number is None:
        message = _("Nothing changed since the last revision.")
    else:
        message = _("Saved as revision %(n)d.", n=result.number)
    if not lang and user is not None and _save_languages(statement_id, user):
        message = message + " " + _("Target languages saved.")
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"revision": result.number, "message": message})
    flash(message, "success" if result.number else "info")
    return redirect(_editor(statement_id, granted.key.lang))


def _editor(statement_id: int, lang: str) -> str:
    if lang:
        return url_for("translations.edit", statement_id=statement_id, lang=lang)
    return url_for("statements.edit", statement_id=statement_id)


def _refusal(error: DomainError) -> str:
    details = error.details if isinstance(error.details, dict) else {}
    return " ".join([error.message, *(str(v) for v in details.values())])


def _save_languages(statement_id: int, user: User) -> bool:
    """The live editor's "Save version" also saves the target languages when they were
    changed (JSON `target_languages`: codes separated by commas): they are a setting of
    the statement, not part of the live document."""
    data = request.get_json(silent=True)
    typed = data.get("target_languages") if isinstance(data, dict) else None
    if not isinstance(typed, str):
        return False
    statement = get_statement(statement_id, Permission.edit_statement)
    current = statement.current_revision
    assert current is not None  # revision 1 exists from creation on
    codes = [code for code in re.split(r"[\s,;]+", typed) if code]
    result = statements.save(statement, user, current.number, {}, target_languages=codes)
    db.session.commit()
    return result.languages_changed


LIVE_EDITOR_PAGES = {"statements.edit", "translations.edit"}


@bp.app_template_global()
def live_style_nonce() -> str:
    """A nonce for the <style> CodeMirror adds to the editor page (EditorView.cspNonce)."""
    if "live_style_nonce" not in g:
        g.live_style_nonce = secrets.token_urlsafe(16)
    return str(g.live_style_nonce)


@bp.after_app_request
def live_editor_styles(response: Response) -> Response:
    """The live editor's styles: CodeMirror's <style> carries the page's nonce, and
    y-codemirror colours each person's cursor with a style attribute (live.js keeps those
    colours to #rrggbb; images and fonts still come from this site alone). Only on the
    editor page, and only when it used the nonce."""
    policy = response.headers.get("Content-Security-Policy")
    if policy and request.endpoint in LIVE_EDITOR_PAGES and "live_style_nonce" in g:
        response.headers["Content-Security-Policy"] = policy + (
            f"; style-src-elem 'self' 'nonce-{g.live_style_nonce}'; style-src-attr 'unsafe-inline'"
        )
    return response


def _caller() -> tuple[User | None, Callable[[], User | None]]:
    """The caller and how to find them again later (None once their access ended)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()

        def by_token() -> User | None:
            found = accounts.user_for_token(token)
            return found[0] if found else None

        user = by_token()
        if user is None:
            raise SignInRequired(_("The token is invalid, expired or revoked."))
        return user, by_token
    if current_user and current_user.is_authenticated:
        key = current_user.get_id()
        return current_user._get_current_object(), lambda: sessions.load(key)
    raise SignInRequired(_("Sign in to see this page."))


def _same_origin() -> bool:
    """Browsers send cookies with cross-site WebSocket requests: only our own pages may."""
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.host


def _serve(statement_id: int, lang: str) -> Response:
    user, again = _caller()
    if not _same_origin():
        raise PermissionDenied(_("You are not allowed to do this."))
    granted = access.check(user, statement_id, lang)
    identity = _identity(user, granted.key.lang)
    db.session.commit()  # no transaction stays open while the socket lives
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        ws = Server(
            request.environ,
            ping_interval=app.config.get("LIVE_PING_SECONDS", 25),
            max_message_size=app.config.get("LIVE_MAX_MESSAGE_BYTES", 1024 * 1024),
        )
    except (RuntimeError, ConnectionError) as exc:  # no socket to take over (a WSGI test client)
        raise NoSocket(_("This address accepts WebSocket connections only.")) from exc
    hub = fanout.hub(app)
    hub.start()
    room = hub.registry.open(granted.key)
    db.session.commit()
    connection = Connection(ws.send, granted.user_id, granted.may_write, identity)
    publish = lambda message: hub.publish(granted.key, message)  # noqa: E731
    room.join(connection)
    recheck = float(app.config.get("LIVE_RECHECK_SECONDS", 30))
    checked = time.monotonic()
    try:
        while True:
            message = ws.receive(timeout=recheck)
            # Every `recheck` seconds, busy or not: someone typing non-stop whose access
            # ended is closed too, and a statement that stopped being editable stops
            # taking their updates.
            if time.monotonic() - checked >= recheck:
                checked = time.monotonic()
                still = _still_allowed(again, statement_id, lang)
                if still is None:
                    ws.close(POLICY_VIOLATION, "access ended")
                    break
                connection.may_write = still.may_write
            if isinstance(message, bytes):
                room.receive(connection, message, publish)
    except ConnectionClosed:
        pass
    except RefusedUpdate as exc:  # malformed, or nested to crash the decoder
        log.warning("live document %s: update from user %s refused: %s", granted.key, user, exc)
        with contextlib.suppress(Exception):
            ws.close(POLICY_VIOLATION, "update refused")
    except Exception:
        # Not stored, so not acknowledged: the client keeps the change and sends it again
        # when it reconnects (its sync step 2 carries everything the server lacks).
        log.exception("live document %s: closing the socket", granted.key)
        with contextlib.suppress(Exception):
            ws.close(INTERNAL_ERROR, "server error")
    finally:
        if room.leave(connection, publish):
            hub.registry.discard(room)
        db.session.rollback()
    with contextlib.suppress(Exception):  # already closed
        ws.close()
    return _ended(ws)


def _identity(user: User | None, lang: str) -> Identity:
    """What others see next to this caller's cursor: their name and organization as the
    server knows them (in the caller's language), whatever their browser claims."""
    assert user is not None  # access.check refused anonymous callers
    organization = user.organization
    return Identity(
        user_id=user.id,
        person=user.display_name,
        organization=organization.short_name(user.locale or "en") if organization else "",
        lang=lang,
    )


def _still_allowed(
    again: Callable[[], User | None], statement_id: int, lang: str
) -> access.Access | None:
    try:
        return access.check(again(), statement_id, lang)
    except NotFound:
        return None
    finally:
        db.session.rollback()


def _ended(ws: Server) -> Response:
    class WebSocketResponse(Response):
        def __call__(self, *args: Any, **kwargs: Any) -> Iterable[bytes]:
            if ws.mode == "gunicorn":
                raise StopIteration()
            if ws.mode == "werkzeug":
                return super().__call__(*args, **kwargs)
            return []

    return WebSocketResponse()
