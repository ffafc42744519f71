"""The `auth` blueprint. Its routes live in the modules of this package, which
pressroom.web.register_blueprints imports before registering `bp`."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__)
