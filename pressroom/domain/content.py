"""The content of a statement revision and of a translation, and its canonical hash.

A revision's content is a plain JSON document (what the API exchanges and what the merge
works on); these dataclasses give it types at the edges. The content hash is the SHA-256
of the canonical JSON serialization (sorted keys, no whitespace, UTF-8), so the same text
always has the same hash on every database and every machine.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

#: How each field of a source revision is merged (see pressroom.domain.merge).
#: "text": one value; "paragraphs": Markdown body, merged per paragraph;
#: "keyed": list of objects merged per item, identified by the named key (or, for items
#: stored before that key existed, the second one: see upgrade_content);
#: "set": list of distinct strings whose order matters (first = lead organization).
SOURCE_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("text",),
    "lead": ("text",),
    "body": ("paragraphs",),
    "dateline_city": ("text",),
    "dateline_date": ("text",),
    "further_info_url": ("text",),
    "quote_style": ("text",),
    "organizations": ("set",),
    "quotes": ("keyed", "id", "organization"),
    "contacts": ("keyed", "email"),
}

#: The translatable subset, merged with the same rules.
TRANSLATION_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("text",),
    "lead": ("text",),
    "body": ("paragraphs",),
    "dateline_city": ("text",),
    "quotes": ("keyed", "id", "organization"),
    "contacts": ("keyed", "email"),
}

#: How quotes are set: "inline" works them into the text as the classic release does
#: ("…," said Senator X, Function. / X, Function, stressed that …. "…"); "block" sets
#: each apart as a block quotation with a credit line.
QUOTE_STYLES = ("inline", "block")


@dataclass(frozen=True)
class Quote:
    organization: str  # slug of the organization the speaker speaks for
    speaker: str  # the name only: "Consiglio Di Nino"
    function: str
    text: str
    id: str = ""  # stable within the statement; translations match quotes by it
    honorific: str = ""  # "Senator", "Ambassador"
    lead_in: str = ""  # inline style: the sentence(s) introducing the quote, if any


@dataclass(frozen=True)
class ContactEntry:
    organization: str  # slug
    name: str
    phone: str  # E.164, e.g. +77017950486
    email: str
    affiliation: str = ""  # as written in the contact block ("OSCE ODIHR"); "" = short name


@dataclass(frozen=True)
class Content:
    """Source-language content of one revision."""

    title: str
    body: str
    dateline_city: str
    dateline_date: str  # ISO date, YYYY-MM-DD
    organizations: tuple[str, ...]  # slugs; the first is the lead
    lead: str = ""
    further_info_url: str = ""
    quote_style: str = "block"
    quotes: tuple[Quote, ...] = field(default_factory=tuple)
    contacts: tuple[ContactEntry, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["organizations"] = list(self.organizations)
        data["quotes"] = [asdict(q) for q in self.quotes]
        data["contacts"] = [asdict(c) for c in self.contacts]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Content:
        return cls(
            title=data.get("title", ""),
            lead=data.get("lead", ""),
            body=data.get("body", ""),
            dateline_city=data.get("dateline_city", ""),
            dateline_date=data.get("dateline_date", ""),
            further_info_url=data.get("further_info_url", ""),
            quote_style=data.get("quote_style") or "block",
            organizations=tuple(data.get("organizations", ())),
            quotes=tuple(Quote(**q) for q in data.get("quotes", ())),
            contacts=tuple(ContactEntry(**c) for c in data.get("contacts", ())),
        )


def upgrade_content(data: dict[str, Any]) -> dict[str, Any]:
    """Stored content of any age in today's shape (a pure function, applied on loading).

    Before quotes had ids there was one quote per organization, so the organization's slug
    is a stable id for old quotes, and translations matched quotes by it: both sides get
    the same id. Missing new fields get their defaults; nothing else changes."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    if "body" in out and "dateline_date" in out and not out.get("quote_style"):
        out["quote_style"] = "block"  # a source revision from before quote styles
    if isinstance(out.get("quotes"), list):
        quotes = []
        for quote in out["quotes"]:
            if isinstance(quote, dict) and not quote.get("id"):
                quote = {**quote, "id": str(quote.get("organization") or "")}
            quotes.append(quote)
        out["quotes"] = quotes
    return out


def new_quote_id(organization: str, taken: set[str]) -> str:
    """An id for a new quote: the organization's slug, then slug-2, slug-3, …"""
    candidate, n = organization or "quote", 1
    while candidate in taken:
        n += 1
        candidate = f"{organization or 'quote'}-{n}"
    return candidate


def canonical_json(data: dict[str, Any]) -> str:
    """The one serialization that is hashed: sorted keys, compact, non-ASCII kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical serialization of a content document."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def split_paragraphs(body: str) -> list[str]:
    """Markdown body -> paragraphs (blocks separated by blank lines), trimmed."""
    blocks = [b.strip() for b in body.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)
