"""pressroom: joint press statements, co-edited, approved and published in many languages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pressroom import config as settings
from pressroom.resources import default_instance_dir, resource_dir

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides the environment (tests pass their database here)."""
    # Flask is imported here, not at the top: a PDF render process imports pressroom's
    # rendering modules only and stays small.
    from flask import Flask

    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
        instance_path=str(default_instance_dir()),
    )
    app.config.update(settings.DEFAULTS)
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)

    from pressroom import cli, db, i18n
    from pressroom.extensions import csrf, login_manager, migrate
    from pressroom.live import fanout
    from pressroom.rendering import workers
    from pressroom.services import (
        effects,  # noqa: F401  (its session events: after-commit work)
        lifting,
        ratelimit,
    )
    from pressroom.web import register_blueprints

    db.init_app(app)
    migrate.init_app(app, db.db, directory=str(resource_dir("migrations")), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    ratelimit.init_app(app)
    lifting.init_app(app)
    fanout.init_app(app)
    i18n.init_app(app)
    register_blueprints(app)
    cli.init_app(app)
    workers.configure(app.config["RENDER_PROCESSES"])
    if app.config["PROXIES"]:
        # Trust X-Forwarded-For/-Proto only as far as the configured proxies set them.
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXIES"]
        # Flask documents wrapping wsgi_app so; mypy sees a method replaced (method-assign).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    return app
