"""The public newsroom: the list of releases (filters, full-text search, pages), Atom feeds
per language and organization, and the sitemap. No login; anonymous answers are public and
cacheable (ETag from the archive's change stamp, short max-age, 304 before any rendering)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from werkzeug.wrappers import Response as BaseResponse

from pressroom.config import public_url
from pressroom.domain.languages import URL_LANG
from pressroom.queries import newsroom
from pressroom.web.caching import cacheable, not_modified
from pressroom.web.newsroom import bp
from pressroom.web.release_list import release_list

FEED_MAX_AGE = 300
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Characters XML 1.0 cannot carry are dropped (escaping is the template's job)."""
    return _XML_INVALID.sub("", value)


def rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@bp.get("/<lang>/releases")
def index(lang: str) -> Response | tuple[str, int]:
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    return release_list(lang)


@bp.get("/<lang>/", strict_slashes=False)
def language_root(lang: str) -> BaseResponse:
    """`/ru` and `/ru/`: the newsroom in that language (other first segments: not found)."""
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    return redirect(url_for("newsroom.index", lang=lang))


@bp.get("/<lang>/releases/feed.atom")
def feed(lang: str) -> Response:
    if not URL_LANG.fullmatch(lang):
        abort(404)
    filters = newsroom.parse_filters({"organization": request.args.get("organization", "")})
    stamp = newsroom.archive_stamp()
    # Titles are in `lang`; the feed's own title in the UI language, which for a language
    # without a UI (kk) comes from Accept-Language.
    ui_language = lang in current_app.config["LANGUAGES"]
    etag = stamp.etag("feed", lang, filters.organization, "" if ui_language else get_locale())
    if (cached := not_modified(etag, stamp.last_modified, FEED_MAX_AGE)) is not None:
        return cached
    entries = newsroom.feed_entries(lang, filters)
    organization = newsroom.organization(filters.organization_id)
    self_args: dict[str, Any] = (
        {"organization": filters.organization} if filters.organization else {}
    )
    body = render_template(
        "newsroom/feed.xml",
        entries=entries,
        lang=lang,
        organization=organization,
        updated=max((e.release.public_at for e in entries), default=stamp.last_modified),
        self_url=public_url(url_for("newsroom.feed", lang=lang, **self_args)),
        list_url=public_url(
            url_for(
                "newsroom.index", lang=lang if ui_language else "en", language=lang, **self_args
            )
        ),
        absolute=public_url,
        xml_text=xml_text,
        rfc3339=rfc3339,
    )
    response = Response(body, mimetype="application/atom+xml")
    if not ui_language:
        response.vary.add("Accept-Language")
    return cacheable(response, etag, stamp.last_modified, FEED_MAX_AGE)


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    stamp = newsroom.archive_stamp()
    etag = stamp.etag("sitemap")
    if (cached := not_modified(etag, stamp.last_modified, FEED_MAX_AGE)) is not None:
        return cached
    # Tens of thousands of URLs: build them from one pattern, not one url_for each.
    pattern = public_url(url_for("public.release_page", lang="__LANG__", slug="__SLUG__"))

    def release_url(code: str, slug: str) -> str:
        return pattern.replace("__LANG__", quote(code), 1).replace("__SLUG__", quote(slug), 1)

    body = render_template(
        "newsroom/sitemap.xml",
        entries=newsroom.sitemap_entries(),
        release_url=release_url,
        list_urls=[
            (code, public_url(url_for("newsroom.index", lang=code)))
            for code in current_app.config["LANGUAGES"]
        ],
        rfc3339=rfc3339,
    )
    return cacheable(
        Response(body, mimetype="application/xml"), etag, stamp.last_modified, FEED_MAX_AGE
    )
