"""Telephone numbers as the documents show them (the rule itself is pressroom.domain.phones)."""

from pressroom.domain.phones import format_phone, normalize_phone

__all__ = ["format_phone", "normalize_phone"]
