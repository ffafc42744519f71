"""The newsroom's list of releases as a page: served by newsroom.index (/<lang>/releases)
and, for anonymous visitors, by dashboard.index (/)."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request, url_for
from flask_babel import format_date, format_decimal

from pressroom import queries
from pressroom.domain.errors import ValidationFailed
from pressroom.queries import newsroom
from pressroom.web.caching import cacheable, not_modified, viewer

LIST_MAX_AGE = 60  # embargo minutes: lists must follow within a minute


def release_list(lang: str, *, home: bool = False) -> Response | tuple[str, int]:
    """The list in `lang`; `home`: served at the site root, in the language chosen from
    Accept-Language (or the visitor's choice), so caches must keep one copy per language."""
    stamp = newsroom.archive_stamp()
    try:
        filters = newsroom.parse_filters(request.args)
    except ValidationFailed as exc:
        return render_template(
            "newsroom/index.html",
            page=None,
            errors=exc.details,
            filters=newsroom.Filters(),
            args={},
            feed_url=url_for("newsroom.feed", lang=lang),
            **_list_context(lang, stamp),
        ), 400
    etag = stamp.etag("home" if home else "index", lang, filters.key(), viewer())
    if (cached := not_modified(etag, stamp.last_modified, LIST_MAX_AGE, home)) is not None:
        return cached
    page = newsroom.releases_page(filters, lang)
    feed_args: dict[str, Any] = (
        {"organization": filters.organization} if filters.organization else {}
    )
    body = render_template(
        "newsroom/index.html",
        page=page,
        errors={},
        filters=filters,
        args=_list_args(filters),
        **_list_context(lang, stamp),
        feed_url=url_for("newsroom.feed", lang=filters.language or lang, **feed_args),
        home=home,
    )
    return cacheable(
        Response(body, mimetype="text/html"), etag, stamp.last_modified, LIST_MAX_AGE, home
    )


def _list_context(lang: str, stamp: newsroom.Stamp) -> dict[str, Any]:
    return {
        "lang": lang,
        "organizations": queries.organizations(contacts=False),
        "languages": newsroom.available_languages(stamp),
        "form": request.args,
        "format_date": format_date,
        "format_number": format_decimal,
    }


def _list_args(filters: newsroom.Filters) -> dict[str, Any]:
    args = {"q": filters.query, "organization": filters.organization, "language": filters.language}
    return {k: v for k, v in args.items() if v}
