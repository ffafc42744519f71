"""Telephone numbers: stored as E.164, shown in international format."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat


def _parse(raw: str) -> phonenumbers.PhoneNumber:
    text = (raw or "").strip()
    if not text.startswith("+"):
        raise ValueError(
            f"Phone number {raw!r} must be in international form, starting with '+' "
            "and the country code (e.g. +7 701 795 0486)."
        )
    try:
        number = phonenumbers.parse(text, None)
    except NumberParseException as exc:
        raise ValueError(f"Phone number {raw!r} cannot be read: {exc}") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"Phone number {raw!r} is not a valid number for its country code.")
    return number


def normalize_phone(raw: str) -> str:
    """``"+7 701 795-04-86"`` -> ``"+77017950486"``; ValueError if not international/valid."""
    return phonenumbers.format_number(_parse(raw), PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """``"+77017950486"`` -> ``"+7 701 795 0486"`` (international display format)."""
    return phonenumbers.format_number(_parse(e164), PhoneNumberFormat.INTERNATIONAL)
