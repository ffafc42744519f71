"""Locale selection and Babel formatting helpers.

Order (design.md): the URL prefix of public pages, then the signed-in user's preference,
then Accept-Language, then English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_time, get_timezone_location
from flask import Flask, current_app, has_app_context, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale, gettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from pressroom.domain import messages
from pressroom.domain.languages import LANGUAGE_NAMES
from pressroom.extensions import babel
from pressroom.rendering.phones import format_phone

STATUS_LABELS = {
    "draft": _l("Draft"),
    "in_review": _l("In review"),
    "approved": _l("Approved"),
    "scheduled": _l("Scheduled"),
    "published": _l("Published"),
    "withdrawn": _l("Withdrawn"),
}


ROLE_LABELS = {
    "press_officer": _l("Press officer"),
    "head_of_delegation": _l("Head of delegation"),
    "admin": _l("Admin"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(str(role), role))


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(str(status), status))


def format_iso_date(value: str, fmt: str = "long") -> str:
    """An ISO date from content ("2007-08-19") in the current locale ("19 August 2007")."""
    from pressroom.services.documents import babel_locale  # en -> en_GB: "19 August 2007"

    try:
        return babel_format_date(
            dt.date.fromisoformat(value), fmt, locale=babel_locale(current_language())
        )
    except (TypeError, ValueError):
        return value


def language_name(code: str) -> str:
    """A language's own name ("русский", "қазақ тілі"), so readers find theirs."""
    try:
        locale = Locale.parse(code)
        name = locale.get_display_name(locale) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def ui_language_name(code: str) -> str:
    """A language named in the interface language ("Russian" in an English interface)."""
    try:
        name = Locale.parse(code).get_display_name(current_language()) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def format_release_date(value: dt.date) -> str:
    """A release's date in the page's language, in the house style of the documents
    themselves ("19 August 2007", "19 августа 2007 г."), so every surface agrees."""
    from pressroom.services.documents import format_long_date

    return format_long_date(value, current_language())


def format_in_zone(value: dt.datetime, zone: str) -> str:
    """A moment in a statement's time zone, named: "19 August 2007, 16:00 (Almaty, UTC+6)"."""
    from pressroom.services.documents import babel_locale

    locale = babel_locale(current_language())
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    local = value.astimezone(tz)
    offset = local.utcoffset() or dt.timedelta()
    hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
    utc = "UTC" + (f"{hours:+d}" if offset else "") + (f":{minutes:02d}" if minutes else "")
    utc_zone = tz.key in ("UTC", "Etc/UTC")
    city = "" if utc_zone else get_timezone_location(tz, locale=locale, return_city=True)
    when = (
        f"{babel_format_date(local, 'long', locale=locale)}, "
        f"{format_time(local, 'short', locale=locale)}"
    )
    return f"{when} ({city}, {utc})" if city else f"{when} ({utc})"


def format_size(size: int) -> str:
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(round(size / 1024)))
    return _("%(size)s MB", size=format_decimal(round(size / 1024 / 1024, 1)))


def ui_languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


PUBLIC_BLUEPRINTS = (
    "public",
    "newsroom",
    "embargoed",
    "public_media",
    "alerts",
)  # alerts: admin pages have no lang


def url_language(languages: list[str]) -> str | None:
    """The interface language a public URL names (`/de/releases/…`); also for an address
    that matched no route (`/de/nothing`), so that its error page speaks German."""
    if request.blueprint in PUBLIC_BLUEPRINTS:
        url_lang = (request.view_args or {}).get("lang")
        if url_lang in languages:
            return str(url_lang)
    if request.url_rule is None or request.blueprint in PUBLIC_BLUEPRINTS:
        first = request.path.lstrip("/").split("/", 1)[0]
        if first in languages:
            return first
    return None


def select_locale() -> str:
    languages = ui_languages()
    # Public pages carry their language in the URL; elsewhere a `lang` in the URL names
    # content (a translation being edited), not the interface.
    if not has_request_context():  # command line, publishing from a script
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if (url_lang := url_language(languages)) is not None:
        return url_lang
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or "en"


def current_language() -> str:
    return str(get_locale() or "en")


CATALOGS_HINT = (
    "Compiled translation catalogs are missing or older than their .po files: {files}. "
    "Build them with `pybabel compile -d translations` (`make catalogs`; `make run` and "
    "`make test` do it) before starting pressroom, or every page is in English. See "
    "docs/production.md."
)


def stale_catalogs(directory: str | Path) -> list[Path]:
    """The .mo files that are missing or older than their .po (they are built, never
    committed)."""
    found = []
    for po in sorted(Path(directory).glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            found.append(mo)
    return found


def check_catalogs(app: Flask) -> None:
    """Refuse to start without the compiled catalogs: a deployment from a clone (`pip
    install .`) would otherwise serve the French newsroom in English without a word. The
    test suite starts anyway; its failures carry the same hint (tests/conftest.py)."""
    stale = stale_catalogs(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    if stale and not app.config.get("TESTING"):
        raise RuntimeError(CATALOGS_HINT.format(files=", ".join(map(str, stale))))


def _translate(msgid: str, params: Mapping[str, Any]) -> str:
    """The domain's messages in the reader's language (English outside the app)."""
    values = messages.text_params(params)
    if not has_app_context():
        return msgid % values if values else msgid
    return gettext(msgid, **values)


def init_app(app: Flask) -> None:
    check_catalogs(app)
    babel.init_app(app, locale_selector=select_locale)
    messages.set_translator(_translate)

    @app.context_processor
    def inject_languages() -> dict[str, object]:
        return {
            "ui_languages": ui_languages(),
            "language_names": LANGUAGE_NAMES,
            "current_language": current_language(),
            "view_functions": app.view_functions,
        }

    # Globals rather than context: imported macros see them too. None reads the database.
    app.jinja_env.globals.update(
        status_label=status_label,
        role_label=role_label,
        format_iso_date=format_iso_date,
        format_phone=format_phone,
        language_name=language_name,
        ui_language_name=ui_language_name,
        format_size=format_size,
        format_datetime=format_datetime,
        format_date=format_date,
        format_release_date=format_release_date,
    )
