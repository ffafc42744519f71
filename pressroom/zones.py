"""Time zones chosen by city, in the interface language: the options of the `<datalist>`
("Almaty — Kazakhstan (UTC+05:00)") from Babel's localized city and country names, and the
way back from what someone typed (an option, a city in any interface language or English,
a well-known capital that has no zone of its own such as Astana, or an IANA name)."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location

from pressroom.domain.languages import UI_LANGUAGES

#: Cities people write in datelines whose zone is named after another city (CLDR knows
#: no exemplar city for them). Keys are folded (see _fold).
CITY_ALIASES = {
    "astana": "Asia/Almaty",
    "nur-sultan": "Asia/Almaty",
    "астана": "Asia/Almaty",
    "strasbourg": "Europe/Paris",
    "страсбург": "Europe/Paris",
    "geneva": "Europe/Zurich",
    "geneve": "Europe/Zurich",
    "genf": "Europe/Zurich",
    "женева": "Europe/Zurich",
    "the hague": "Europe/Amsterdam",
    "la haye": "Europe/Amsterdam",
    "den haag": "Europe/Amsterdam",
    "гаага": "Europe/Amsterdam",
    "washington": "America/New_York",
    "вашингтон": "America/New_York",
    "bonn": "Europe/Berlin",
    "warsaw": "Europe/Warsaw",
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "киев": "Europe/Kyiv",
    "bishkek": "Asia/Bishkek",
}


@dataclass(frozen=True)
class ZoneOption:
    zone: str  # IANA name
    label: str  # "Almaty — Kazakhstan (UTC+05:00)"
    city: str


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _offset(zone: str, now: dt.datetime) -> str:
    offset = now.astimezone(ZoneInfo(zone)).utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


@functools.lru_cache(maxsize=16)
def _options(locale: str, day: dt.date) -> tuple[ZoneOption, ...]:
    territories = get_global("zone_territories")
    names = Locale.parse(locale).territories
    now = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    found = [ZoneOption("UTC", f"UTC ({_offset('UTC', now)})", "UTC")]
    for zone in sorted(available_timezones() & set(territories)):
        if territories[zone] == "001":  # "world": CST6CDT and the like, no city
            continue
        city = get_timezone_location(zone, locale=locale, return_city=True)
        country = names.get(territories[zone], territories[zone])
        label = (
            f"{city} — {country} ({_offset(zone, now)})"
            if country != city
            else f"{city} ({_offset(zone, now)})"
        )
        found.append(ZoneOption(zone, label, city))
    return tuple(sorted(found, key=lambda o: _fold(o.label)))


def zone_options(locale: str) -> tuple[ZoneOption, ...]:
    """Every zone as its city and country in `locale`, sorted by label (offsets of today)."""
    return _options(locale if locale in UI_LANGUAGES else "en", dt.datetime.now(dt.UTC).date())


@functools.lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    cities: dict[str, str] = {}
    for locale in UI_LANGUAGES:
        for option in _options(locale, dt.date(2000, 1, 1)):
            cities.setdefault(_fold(option.city), option.zone)
    cities.update(CITY_ALIASES)
    return cities


def zone_for_city(city: str) -> str | None:
    """A dateline city's zone ("Astana" -> Asia/Almaty), or None if unknown."""
    return _cities().get(_fold(city)) if city.strip() else None


def find_zone(text: str, locale: str) -> str | None:
    """What someone typed or picked -> an IANA zone, or None."""
    if not text.strip():
        return None
    folded = _fold(text)
    for option in zone_options(locale):
        if _fold(option.label) == folded:
            return option.zone
    if (zone := zone_for_city(text.split("—")[0].split("(")[0])) is not None:
        return zone
    try:
        return ZoneInfo(text.strip()).key
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_label(zone: str, locale: str) -> str:
    """The option label of `zone` (its IANA name when it has none)."""
    return next((o.label for o in zone_options(locale) if o.zone == zone), zone)
