"""How long each field may be, in characters (after trimming), for a source revision and
its translations alike. One table: validation, the translation rules and the forms read it."""

from __future__ import annotations

#: Text fields of a statement and of its translations.
FIELD_LIMITS = {
    "title": 300,
    "lead": 2000,
    "body": 100_000,
    "dateline_city": 100,
    "dateline_date": 10,  # ISO date
    "further_info_url": 500,
    "quote_style": 10,
}
#: A quote's id and honorific; every other part of a quote (speaker, function, text...).
QUOTE_SHORT = 100
QUOTE_TEXT = 5000
#: Each part of a press contact (name, phone, e-mail, affiliation): an e-mail's maximum.
CONTACT_PART = 254
#: A comment beside the text; the note of a head who requests changes.
COMMENT = 10_000
DECISION_NOTE = 5000
