"""The statement form and the content document, both ways: a revision's content into the
editor's form (directory contacts ticked, the rest as rows), the typed form into content
(keeping the base's order), and a ValidationFailed's messages back next to the inputs."""

from __future__ import annotations

from typing import Any

from pressroom.domain.errors import ValidationFailed
from pressroom.models import Contact
from pressroom.web.presenters import display_phone
from pressroom.web.statements.forms import (
    CONTACT_KEYS,
    QUOTE_KEYS,
    TEXT_FIELDS,
    Row,
    StatementForm,
)


def _email_key(email: str) -> str:
    return (email or "").strip().casefold()


def from_content(
    content: dict[str, Any],
    directory: list[Contact],
    *,
    base_revision: int,
    target_languages: list[str],
) -> StatementForm:
    """The editor prefilled from a revision: directory contacts ticked, others as rows."""
    orgs = list(content.get("organizations") or [])
    form = StatementForm(
        lead_organization=orgs[0] if orgs else "",
        values={name: str(content.get(name) or "") for name in TEXT_FIELDS},
        organizations=orgs,
        target_languages=", ".join(target_languages),
        base_revision=base_revision,
    )
    form.quotes = [
        Row({k: str(q.get(k) or "") for k in QUOTE_KEYS}) for q in content.get("quotes") or []
    ]
    by_email = {_email_key(c.email): c for c in directory}
    for entry in content.get("contacts") or []:
        known = by_email.get(_email_key(entry.get("email", "")))
        if known is not None:
            form.directory.append(known.id)
        else:
            values = {k: str(entry.get(k) or "") for k in CONTACT_KEYS}
            values["phone"] = display_phone(values["phone"])
            form.contacts.append(Row(values))
    return form


#: Where a content item came from: ("row", index into form.quotes/contacts) or ("dir", id).
Source = tuple[str, int]


def _order_like(items: list[Any], keys: list[str], base_keys: list[str]) -> list[int]:
    """Positions of `items` sorted as in base (items new to base keep their order after)."""
    rank = {k: i for i, k in enumerate(base_keys)}
    return sorted(range(len(items)), key=lambda i: (rank.get(keys[i], len(rank)), i))


def to_content(
    form: StatementForm, directory: list[Contact], base: dict[str, Any] | None
) -> tuple[dict[str, Any], list[Source], list[Source]]:
    """The content document, and for each quote and contact the form row it came from.

    Items present in `base` keep base's order, so an untouched list stays unchanged."""
    content: dict[str, Any] = {name: form.get(name) for name in TEXT_FIELDS}
    base_orgs = list((base or {}).get("organizations") or [])
    others = [s for s in form.organizations if s != form.lead_organization]
    others = [others[i] for i in _order_like(others, others, base_orgs)]
    content["organizations"] = [form.lead_organization, *others]

    quote_sources: list[Source] = [("row", i) for i, r in enumerate(form.quotes) if not r.blank()]
    content["quotes"] = [dict(form.quotes[i].values) for _k, i in quote_sources]

    base_contacts = {_email_key(c.get("email", "")): c for c in (base or {}).get("contacts") or []}
    entries: list[dict[str, str]] = []
    sources: list[Source] = []
    ticked = set(form.directory)
    for contact in directory:
        if contact.id in ticked:
            kept = base_contacts.get(_email_key(contact.email))
            entries.append(
                dict(kept)
                if kept
                else {
                    "organization": contact.organization.slug,
                    "name": contact.name,
                    "phone": contact.phone,
                    "email": contact.email,
                }
            )
            sources.append(("dir", contact.id))
    for i, row in enumerate(form.contacts):
        if not row.blank():
            entries.append(dict(row.values))
            sources.append(("row", i))
    order = _order_like(
        entries, [_email_key(e.get("email", "")) for e in entries], list(base_contacts)
    )
    content["contacts"] = [entries[i] for i in order]
    return content, quote_sources, [sources[i] for i in order]


def show_errors(
    form: StatementForm,
    exc: ValidationFailed,
    quote_sources: list[Source],
    contact_sources: list[Source],
) -> None:
    """Put each message of a ValidationFailed next to the input it is about."""
    details = exc.details if isinstance(exc.details, dict) else {}
    form.message = exc.message
    for key, message in details.items():
        parts = str(key).split(".")
        head = parts[0]
        if head in ("quotes", "contacts") and len(parts) > 1 and parts[1].isdigit():
            sources = quote_sources if head == "quotes" else contact_sources
            k = int(parts[1])
            if k >= len(sources):
                form.errors[head] = str(message)
                continue
            kind, ident = sources[k]
            if kind == "dir":
                form.directory_errors[ident] = str(message)
            else:
                rows = form.quotes if head == "quotes" else form.contacts
                rows[ident].errors[parts[2] if len(parts) > 2 else "text"] = str(message)
        elif head in (
            *TEXT_FIELDS,
            "organizations",
            "quotes",
            "contacts",
            "source_language",
            "target_languages",
        ):
            form.errors[head] = str(message)
        elif head == "lang":  # validate_locale's own key
            form.errors["target_languages"] = str(message)
    if not details:
        form.errors.setdefault("title", exc.message)
