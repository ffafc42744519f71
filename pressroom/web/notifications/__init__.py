"""The `notifications` blueprint: a person's inbox and the unread count in the header.
Its routes live in the modules of this package, which pressroom.web.register_blueprints
imports before registering `bp`."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
