"""Helpers for tests that use the pages as a browser would: read a form back from the
rendered HTML, sign in as a person with a client of their own, follow a redirect."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from pressroom.db import db
from pressroom.models import Revision, Statement
from tests.conftest import PASSWORD, IsolatedClient


class _FormReader(HTMLParser):
    """The fields a browser would send for one form (ticked boxes, selected options)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.template = form_id, False, 0
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self.template += 1
        if self.template or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type", "text") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
            self.fields.append((name, ""))  # replaced by the selected option
        elif tag == "option" and self._select and "selected" in a:
            self.fields[-1] = (self._select, a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside and not self.template:
            self.inside = False
        elif tag == "template" and self.template:
            self.template -= 1
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)


def form_fields(html: str, form_id: str = "statement-form") -> dict[str, Any]:
    """name -> value (a list when the name repeats), as the browser would submit."""
    reader = _FormReader(form_id)
    reader.feed(html)
    out: dict[str, Any] = {}
    for name, value in reader.fields:
        if name in out:
            out[name] = (out[name] if isinstance(out[name], list) else [out[name]]) + [value]
        else:
            out[name] = value
    return out


def login(app: Flask, user: Any) -> FlaskClient:
    client = IsolatedClient(app, app.response_class, use_cookies=True)  # a browser of its own
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def editor_form(client: FlaskClient, statement: Statement) -> dict[str, Any]:
    response = client.get(f"/statements/{statement.id}")
    assert response.status_code == 200
    return form_fields(response.get_data(as_text=True))


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def flashes(client: FlaskClient, response: Any) -> str:
    """The page a redirect leads to (where the flash messages are shown)."""
    assert response.status_code == 302, text(response)[:2000]
    return text(client.get(response.headers["Location"]))


def current(statement: Statement) -> Revision:
    db.session.refresh(statement)
    assert statement.current_revision is not None
    return statement.current_revision
