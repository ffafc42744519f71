"""The public newsroom: the list of releases (filters, full-text search, pages), Atom feeds
per language and organization, and the sitemap. No login; anonymous answers are public and
cacheable (ETag from the archive's change stamp, short max-age, 304 before any rendering)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, format_decimal, get_locale
from flask_login import current_user

from pressroom import newsroom
from pressroom.config import public_url
from pressroom.domain.errors import ValidationFailed

bp = Blueprint("newsroom", __name__)

LIST_MAX_AGE = 60  # embargo minutes: lists must follow within a minute
FEED_MAX_AGE = 300
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LANG = re.compile(newsroom.LANG_PATTERN)


def _viewer() -> str:
    """Signed-in users see their name in the header: their pages are private."""
    return f"user:{current_user.id}" if current_user.is_authenticated else "anonymous"


def _cacheable(response: Response, etag: str, last_modified: dt.datetime,
               max_age: int, negotiated: bool = False) -> Response:
    response.set_etag(etag)
    if negotiated:
        response.vary.add("Accept-Language")
    response.last_modified = last_modified
    scope = "private" if current_user.is_authenticated else "public"
    response.headers["Cache-Control"] = f"{scope}, max-age={max_age}"
    response.vary.add("Cookie")
    return cast(Response, response.make_conditional(request))  # it returns self


def _not_modified(etag: str, last_modified: dt.datetime, max_age: int,
                  negotiated: bool = False) -> Response | None:
    probe = _cacheable(Response(), etag, last_modified, max_age, negotiated)
    return probe if probe.status_code == 304 else None


def xml_text(value: str) -> str:
    """Characters XML 1.0 cannot carry are dropped (escaping is the template's job)."""
    return _XML_INVALID.sub("", value)


def rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _list_args(filters: newsroom.Filters) -> dict[str, Any]:
    args = {"q": filters.query, "organization": filters.organization,
            "language": filters.language}
    return {k: v for k, v in args.items() if v}


@bp.get("/<lang>/releases")
def index(lang: str) -> Response | tuple[str, int]:
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    return release_list(lang)


@bp.get("/<lang>/", strict_slashes=False)
def language_root(lang: str) -> Response:
    """`/ru` and `/ru/`: the newsroom in that language (other first segments: not found)."""
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    return cast(Response, redirect(url_for("newsroom.index", lang=lang)))  # a flask Response


def release_list(lang: str, *, home: bool = False) -> Response | tuple[str, int]:
    """The list in `lang`; `home`: served at the site root, in the language chosen from
    Accept-Language (or the visitor's choice), so caches must keep one copy per language."""
    stamp = newsroom.archive_stamp()
    try:
        filters = newsroom.parse_filters(request.args)
    except ValidationFailed as exc:
        return render_template("newsroom/index.html", page=None, errors=exc.details,
                               filters=newsroom.Filters(), args={},
                               feed_url=url_for("newsroom.feed", lang=lang),
                               **_list_context(lang, stamp)), 400
    etag = stamp.etag("home" if home else "index", lang, filters.key(), _viewer())
    if (cached := _not_modified(etag, stamp.last_modified, LIST_MAX_AGE, home)) is not None:
        return cached
    page = newsroom.releases_page(filters, lang)
    feed_args: dict[str, Any] = (
        {"organization": filters.organization} if filters.organization else {})
    body = render_template("newsroom/index.html", page=page, errors={}, filters=filters,
                           args=_list_args(filters), **_list_context(lang, stamp),
                           feed_url=url_for("newsroom.feed", lang=filters.language or lang,
                                            **feed_args), home=home)
    return _cacheable(Response(body, mimetype="text/html"), etag, stamp.last_modified,
                      LIST_MAX_AGE, home)


def _list_context(lang: str, stamp: newsroom.Stamp) -> dict[str, Any]:
    return {
        "lang": lang, "organizations": newsroom.organizations(),
        "languages": newsroom.available_languages(stamp), "form": request.args,
        "format_date": format_date, "format_number": format_decimal,
    }


@bp.get("/<lang>/releases/feed.atom")
def feed(lang: str) -> Response:
    if not _LANG.fullmatch(lang):
        abort(404)
    filters = newsroom.parse_filters({"organization": request.args.get("organization", "")})
    stamp = newsroom.archive_stamp()
    # Titles are in `lang`; the feed's own title in the UI language, which for a language
    # without a UI (kk) comes from Accept-Language.
    ui_language = lang in current_app.config["LANGUAGES"]
    etag = stamp.etag("feed", lang, filters.organization, "" if ui_language else get_locale())
    if (cached := _not_modified(etag, stamp.last_modified, FEED_MAX_AGE)) is not None:
        return cached
    entries = newsroom.feed_entries(lang, filters)
    organization = newsroom.organization(filters.organization_id)
    self_args: dict[str, Any] = (
        {"organization": filters.organization} if filters.organization else {})
    body = render_template(
        "newsroom/feed.xml", entries=entries, lang=lang, organization=organization,
        updated=max((e.release.public_at for e in entries), default=stamp.last_modified),
        self_url=public_url(url_for("newsroom.feed", lang=lang, **self_args)),
        list_url=public_url(url_for(
            "newsroom.index",
            lang=lang if ui_language else "en",
            language=lang, **self_args)),
        absolute=public_url, xml_text=xml_text, rfc3339=rfc3339,
    )
    response = Response(body, mimetype="application/atom+xml")
    if not ui_language:
        response.vary.add("Accept-Language")
    return _cacheable(response, etag, stamp.last_modified, FEED_MAX_AGE)


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    stamp = newsroom.archive_stamp()
    etag = stamp.etag("sitemap")
    if (cached := _not_modified(etag, stamp.last_modified, FEED_MAX_AGE)) is not None:
        return cached
    # Tens of thousands of URLs: build them from one pattern, not one url_for each.
    pattern = public_url(url_for("public.release_page", lang="__LANG__", slug="__SLUG__"))

    def release_url(code: str, slug: str) -> str:
        return pattern.replace("__LANG__", quote(code), 1).replace("__SLUG__", quote(slug), 1)

    body = render_template(
        "newsroom/sitemap.xml", entries=newsroom.sitemap_entries(), release_url=release_url,
        list_urls=[(code, public_url(url_for("newsroom.index", lang=code)))
                   for code in current_app.config["LANGUAGES"]],
        rfc3339=rfc3339,
    )
    return _cacheable(Response(body, mimetype="application/xml"), etag, stamp.last_modified,
                      FEED_MAX_AGE)
