"""vCard 3.0 (RFC 2426) for one press contact."""

from __future__ import annotations

import re

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
_E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")


def escape_value(value: str) -> str:
    """Escape a text value: backslash, comma, semicolon, newline (RFC 2426 section 4)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (UTF-8), never inside a
    character; continuation lines start with one space."""
    chunks: list[str] = []
    current, size = "", 0
    limit = MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
            limit = MAX_LINE_OCTETS - 1  # the leading space counts
        current += char
        size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def _split_name(name: str) -> tuple[str, str]:
    """Best effort family/given split for the mandatory N property (FN is authoritative)."""
    parts = name.split()
    if len(parts) < 2:
        return name.strip(), ""
    return parts[-1], " ".join(parts[:-1])


def contact_vcard(name: str, organization: str, phone_e164: str, email: str) -> str:
    """A vCard 3.0 text with CRLF line endings."""
    if not name.strip():
        raise ValueError("A vCard needs a name.")
    if phone_e164 and not _E164.match(phone_e164):
        raise ValueError(f"Phone number {phone_e164!r} is not in E.164 form (+77017950486).")
    family, given = _split_name(name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape_value(family)};{escape_value(given)};;;",
        f"FN:{escape_value(name.strip())}",
    ]
    if organization.strip():
        lines.append(f"ORG:{escape_value(organization.strip())}")
    if phone_e164:
        lines.append(f"TEL;TYPE=WORK,VOICE:{phone_e164}")
    if email.strip():
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape_value(email.strip())}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) + CRLF for line in lines)
