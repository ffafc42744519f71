"""The statement form: what was typed, read without dropping anything, and the row buttons
(add, move, remove quotes and contacts, without JavaScript too). Hand-written rather than
WTForms because rows repeat and nothing typed may be lost when the form comes back with
errors. The content it makes and its error messages: form_content.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from pressroom.domain.errors import ValidationFailed
from pressroom.services.organizations import validate_locale
from pressroom.web.params import parse_int

TEXT_FIELDS = (
    "title",
    "lead",
    "body",
    "dateline_city",
    "dateline_date",
    "further_info_url",
    "quote_style",
)
QUOTE_KEYS = ("id", "organization", "honorific", "speaker", "function", "lead_in", "text")
CONTACT_KEYS = ("organization", "name", "phone", "email")
OTHER = "other"


_ROW_KEY = re.compile(r"^(quotes|contacts)-(\d+)-(\w+)$")
_ROW_ACTION = re.compile(r"^(quote|contact)-(add|up|down|remove)(?:-(\d+))?$")


@dataclass
class Row:
    """One quote or inline contact row, exactly as typed, with its field errors."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def blank(self) -> bool:
        """Nothing typed (the organization select alone does not make a row)."""
        return not any(v.strip() for k, v in self.values.items() if k not in ("organization", "id"))


@dataclass
class StatementForm:
    lead_organization: str  # locked: the creator's organization, or the statement's lead
    values: dict[str, str] = field(default_factory=dict)  # the TEXT_FIELDS
    organizations: list[str] = field(default_factory=list)  # ticked slugs, lead first
    source_language: str = "en"
    other_language: str = ""
    target_languages: str = ""
    quotes: list[Row] = field(default_factory=list)
    directory: list[int] = field(default_factory=list)  # ticked press-contact ids
    contacts: list[Row] = field(default_factory=list)  # inline contact rows
    base_revision: int | None = None
    errors: dict[str, str] = field(default_factory=dict)  # top-level field -> message
    directory_errors: dict[int, str] = field(default_factory=dict)
    message: str = ""  # the summary above the form

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    @property
    def has_errors(self) -> bool:
        return bool(
            self.message
            or self.errors
            or self.directory_errors
            or any(r.errors for r in [*self.quotes, *self.contacts])
        )

    def with_blank_rows(self) -> StatementForm:
        """One empty row at the end of each list, to add a quote or contact without JS."""
        if not self.quotes or not self.quotes[-1].blank():
            self.quotes.append(Row(dict.fromkeys(QUOTE_KEYS, "")))
        if not self.contacts or not self.contacts[-1].blank():
            self.contacts.append(Row(dict.fromkeys(CONTACT_KEYS, "")))
        return self

    # --- languages ----------------------------------------------------------------------

    def language_choice(self) -> str:
        return self.other_language.strip() or self.source_language

    def targets(self) -> list[str]:
        return [t for t in re.split(r"[\s,;]+", self.target_languages) if t]

    def checked_languages(self, *, with_source: bool) -> tuple[str, list[str]]:
        """Normalized source and target codes; errors land next to the language fields."""
        source, targets, errors = "", [], {}
        if with_source:
            try:
                source = validate_locale(self.language_choice())
            except ValidationFailed as exc:
                errors["source_language"] = exc.message
        for code in self.targets():
            try:
                targets.append(validate_locale(code))
            except ValidationFailed as exc:
                errors["target_languages"] = exc.message
        if errors:
            raise ValidationFailed(_("Please correct the marked fields."), details=errors)
        return source, targets


# --- building a form ----------------------------------------------------------------------


def blank_form(lead: str) -> StatementForm:
    return StatementForm(
        lead_organization=lead, values=dict.fromkeys(TEXT_FIELDS, ""), organizations=[lead]
    )


def _rows(data: MultiDict[str, str], prefix: str, keys: tuple[str, ...]) -> list[Row]:
    found: dict[int, dict[str, str]] = {}
    for name in data:
        match = _ROW_KEY.match(name)
        if match and match.group(1) == prefix and match.group(3) in keys:
            found.setdefault(int(match.group(2)), {})[match.group(3)] = data.get(name, "")
    return [Row({k: found[i].get(k, "") for k in keys}) for i in sorted(found)]


def from_request(data: MultiDict[str, str], lead: str) -> StatementForm:
    """Everything the person typed, nothing dropped (blank rows go only at save time)."""
    ticked = [s for s in data.getlist("organizations") if s and s != lead]
    form = StatementForm(
        lead_organization=lead,
        values={name: data.get(name, "") for name in TEXT_FIELDS},
        organizations=[lead, *dict.fromkeys(ticked)],
        source_language=data.get("source_language", "en"),
        other_language=data.get("other_language", ""),
        target_languages=data.get("target_languages", ""),
        quotes=_rows(data, "quotes", QUOTE_KEYS),
        contacts=_rows(data, "contacts", CONTACT_KEYS),
    )
    form.directory = [n for n in map(parse_int, data.getlist("directory")) if n is not None]
    base = data.get("base_revision", "")
    form.base_revision = parse_int(base)
    return form


def apply_row_action(form: StatementForm, action: str) -> bool:
    """Add, move or remove a row when a row button (not "Save") sent the form."""
    match = _ROW_ACTION.match(action or "")
    if not match:
        return False
    kind, verb, index = match.group(1), match.group(2), match.group(3)
    rows = form.quotes if kind == "quote" else form.contacts
    keys = QUOTE_KEYS if kind == "quote" else CONTACT_KEYS
    i = int(index) if index is not None else -1
    if verb == "add":
        rows.append(Row(dict.fromkeys(keys, "")))
    elif not 0 <= i < len(rows):
        return True  # a stale button: show the form again, change nothing
    elif verb == "remove":
        rows.pop(i)
    elif verb == "up" and i > 0:
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif verb == "down" and i + 1 < len(rows):
        rows[i + 1], rows[i] = rows[i], rows[i + 1]
    return True
