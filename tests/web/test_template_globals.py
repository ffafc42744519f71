"""Templates get their data from the route: no template global reads the database."""

import inspect


def test_no_template_global_comes_from_queries_or_services(app):
    readers = {
        name: value.__module__
        for name, value in app.jinja_env.globals.items()
        if callable(value)
        and (inspect.getmodule(value) or value).__name__.startswith(
            ("pressroom.queries", "pressroom.services", "pressroom.models", "pressroom.db")
        )
    }
    assert readers == {}
