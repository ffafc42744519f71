"""Validation of statement content: one pure function, errors keyed by field so forms can
show each message next to its field and the API can name the field."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from pressroom.domain.content import QUOTE_STYLES, Content, new_quote_id
from pressroom.domain.errors import ValidationFailed
from pressroom.domain.limits import CONTACT_PART, QUOTE_SHORT, QUOTE_TEXT
from pressroom.domain.limits import FIELD_LIMITS as LIMIT
from pressroom.domain.messages import msg
from pressroom.domain.phones import normalize_phone

#: Fields that are one line of text: no line breaks or other control characters.
SINGLE_LINE = {
    "title",
    "dateline_city",
    "dateline_date",
    "further_info_url",
    "organization",
    "speaker",
    "function",
    "name",
    "phone",
    "email",
    "id",
    "honorific",
    "affiliation",
    "quote_style",
}
# Control characters (C0, DEL, C1), line and paragraph separators, lone surrogates and
# non-characters: nothing anyone types, and they break titles, PDFs, CSV and JSON readers.
_BAD = r"\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
_CONTROL = re.compile(rf"[\x00-\x1f{_BAD}]")
_CONTROL_MULTILINE = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f{_BAD}]")


def text_error(value: Any, *, multiline: bool, limit: int, required: bool = False) -> str | None:
    """Why `value` is not acceptable text for a field, or None. The one rule for every text
    field: statements, translations, comments, contacts, organizations and users. A
    single-line field takes no line breaks; a multi-line one keeps them (and tabs)."""
    if not isinstance(value, str):
        return str(msg("Must be text."))
    if (_CONTROL_MULTILINE if multiline else _CONTROL).search(value):
        if multiline:
            return str(msg("Control characters are not allowed here."))
        return str(msg("Line breaks and control characters are not allowed here."))
    if required and not value.strip():
        return str(msg("This field is required."))
    if len(value.strip()) > limit:
        return str(msg("At most %(n)d characters.", n=limit))
    return None


def clean_text(
    value: Any, *, field: str, multiline: bool = False, limit: int = 300, required: bool = False
) -> str:
    """`value` stripped, or ValidationFailed naming `field`."""
    if value is None:
        value = ""
    if error := text_error(value, multiline=multiline, limit=limit, required=required):
        raise ValidationFailed(error, details={field: error})
    return str(value).strip()


def _text(
    data: dict[str, Any], name: str, errors: dict[str, str], *, required: bool, limit: int = 2000
) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    error = text_error(value, multiline=name not in SINGLE_LINE, limit=limit, required=required)
    if error:
        errors[name] = error
    return value.strip() if isinstance(value, str) else ""


def _list(data: dict[str, Any], name: str, errors: dict[str, str]) -> list[Any]:
    value = data.get(name) or []
    if not isinstance(value, list):
        errors[name] = str(msg("Must be a list."))
        return []
    return value


def valid_url(url: str) -> bool:
    """An absolute http(s) address with a host; anything urlsplit cannot parse is not."""
    if any(ch.isspace() for ch in url) or "\\" in url:
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 address)
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def validate_content(data: dict[str, Any], known_organizations: set[str]) -> Content:
    """Checked, normalized content, or ValidationFailed with {field: message} details.

    Item errors are keyed like "quotes.1.text" so a form can point at the exact input."""
    errors: dict[str, str] = {}
    title = _text(data, "title", errors, required=True, limit=LIMIT["title"])
    lead = _text(data, "lead", errors, required=False, limit=LIMIT["lead"])
    body = _text(data, "body", errors, required=True, limit=LIMIT["body"])
    city = _text(data, "dateline_city", errors, required=True, limit=LIMIT["dateline_city"])
    date_raw = _text(data, "dateline_date", errors, required=True, limit=LIMIT["dateline_date"])
    if date_raw and "dateline_date" not in errors:
        try:
            date_raw = dt.date.fromisoformat(date_raw).isoformat()
        except ValueError:
            errors["dateline_date"] = str(msg("Enter a date as YYYY-MM-DD."))
    url = _text(data, "further_info_url", errors, required=False, limit=LIMIT["further_info_url"])
    if url and not valid_url(url):
        errors["further_info_url"] = str(msg("Enter an http:// or https:// address."))

    orgs: list[str] = []
    for slug in _list(data, "organizations", errors):
        if not isinstance(slug, str) or slug not in known_organizations:
            errors["organizations"] = str(msg("Unknown organization: %(slug)s", slug=slug))
        elif slug not in orgs:
            orgs.append(slug)
    if not orgs and "organizations" not in errors:
        errors["organizations"] = str(msg("Choose at least one organization."))

    style = (
        _text(data, "quote_style", errors, required=False, limit=LIMIT["quote_style"]) or "block"
    )
    if style not in QUOTE_STYLES:
        errors["quote_style"] = str(msg("Choose how quotes are set."))

    quotes = []
    for i, raw in enumerate(_list(data, "quotes", errors)):
        if not isinstance(raw, dict):
            errors[f"quotes.{i}"] = str(msg("Must be an object."))
            continue
        item_errors: dict[str, str] = {}
        quote = {
            k: _text(
                raw,
                k,
                item_errors,
                required=k in ("organization", "speaker", "text"),
                limit=QUOTE_SHORT if k in ("id", "honorific") else QUOTE_TEXT,
            )
            for k in ("id", "organization", "honorific", "speaker", "function", "lead_in", "text")
        }
        if quote["id"] and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", quote["id"]):
            item_errors["id"] = str(msg("Lower-case letters, digits and hyphens only."))
        errors.update({f"quotes.{i}.{k}": msg for k, msg in item_errors.items()})
        if quote["organization"] and quote["organization"] not in orgs:
            errors[f"quotes.{i}.organization"] = str(
                msg("The speaker's organization must take part in the statement.")
            )
        quotes.append(quote)
    ids = [q["id"] for q in quotes if q["id"]]
    if len(set(ids)) != len(ids):
        errors["quotes"] = str(msg("Each quote needs its own id."))
    taken = set(ids)
    for quote in quotes:  # a new quote gets an id that stays with it from now on
        if not quote["id"]:
            quote["id"] = new_quote_id(quote["organization"], taken)
            taken.add(quote["id"])

    contacts = []
    for i, raw in enumerate(_list(data, "contacts", errors)):
        if not isinstance(raw, dict):
            errors[f"contacts.{i}"] = str(msg("Must be an object."))
            continue
        item_errors = {}
        entry = {
            k: _text(raw, k, item_errors, required=k != "affiliation", limit=CONTACT_PART)
            for k in ("organization", "name", "phone", "email", "affiliation")
        }
        errors.update({f"contacts.{i}.{k}": msg for k, msg in item_errors.items()})
        if entry["organization"] and entry["organization"] not in orgs:
            errors[f"contacts.{i}.organization"] = str(
                msg("The contact's organization must take part in the statement.")
            )
        if entry["phone"]:
            try:
                entry["phone"] = normalize_phone(entry["phone"])
            except ValueError:
                errors[f"contacts.{i}.phone"] = str(
                    msg("Enter the phone number in international format, e.g. +33 662 265 489.")
                )
        if entry["email"]:
            try:
                entry["email"] = validate_email(
                    entry["email"], check_deliverability=False
                ).normalized.lower()
            except EmailNotValidError:
                errors[f"contacts.{i}.email"] = str(msg("Enter a valid e-mail address."))
        contacts.append(entry)
    emails = [c["email"] for c in contacts]
    if len(set(emails)) != len(emails):
        errors["contacts"] = str(msg("Each contact once."))

    if errors:
        raise ValidationFailed(str(msg("Please correct the marked fields.")), details=errors)
    return Content.from_dict(
        {
            "title": title,
            "lead": lead,
            "body": body,
            "dateline_city": city,
            "dateline_date": date_raw,
            "further_info_url": url,
            "organizations": orgs,
            "quote_style": style,
            "quotes": quotes,
            "contacts": contacts,
        }
    )
