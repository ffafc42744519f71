"""The shape of a live document and its conversion to and from revision content.

Root shared types (docs/live.md):
- ``title``, ``lead``, ``dateline_city``, ``body``: Y.Text (the body is the Markdown text,
  paragraphs separated by blank lines, as in a revision);
- ``quotes``: Y.Array of Y.Map (``id``, ``organization``, ``speaker``, ``honorific``,
  ``function``, ``lead_in``: strings; ``text``: Y.Text);
- ``contacts``: Y.Array of Y.Map of strings (``organization``, ``name``, ``phone``,
  ``email``, ``affiliation``);
- source documents only: ``meta``: Y.Map of strings (``dateline_date``,
  ``further_info_url``, ``quote_style``) and ``organizations``: Y.Array of slugs;
- ``threads``: Y.Map of comment thread id -> time of its last change, written by the
  server (pressroom.live.threads) so editors fetch the comments again; not content, so
  never read into a revision here.

Not content, never read into a revision: ``suggestions`` (Y.Map of the open suggestions of
suggestion mode, assets/live/suggestions.js) and ``suggestion_decisions`` (Y.Array of the
accept/reject decisions browsers logged since the last version; see `take_decisions`).

Writing content into a document changes only what differs (a Y.Text keeps its common
prefix and suffix), so concurrent typing elsewhere in the same field survives.
"""

from __future__ import annotations

from typing import Any

from pycrdt import Array, Doc, Map, Text

TEXTS = ("title", "lead", "dateline_city", "body")
META = ("dateline_date", "further_info_url", "quote_style")
QUOTE_KEYS = ("id", "organization", "speaker", "honorific", "function", "lead_in")
CONTACT_KEYS = ("organization", "name", "phone", "email", "affiliation")
SUGGESTIONS = "suggestions"
DECISIONS = "suggestion_decisions"
#: What a translation's contact holds (pressroom.domain.translation.clean_translation).
TRANSLATED_CONTACT_KEYS = ("email", "name", "affiliation")
#: The client id of the seed transaction: every node seeding the same revision writes the
#: very same update, so two nodes seeding at once cannot duplicate the text.
SEED_CLIENT_ID = 1


def roots(doc: Doc, *, source: bool) -> dict[str, Any]:
    """The document's root types (created on first use)."""
    found: dict[str, Any] = {name: doc.get(name, type=Text) for name in TEXTS}
    found["quotes"] = doc.get("quotes", type=Array)
    found["contacts"] = doc.get("contacts", type=Array)
    if source:
        found["meta"] = doc.get("meta", type=Map)
        found["organizations"] = doc.get("organizations", type=Array)
    return found


def _set_text(text: Text, value: str) -> None:
    old = str(text)
    if old == value:
        return
    start = 0
    limit = min(len(old), len(value))
    while start < limit and old[start] == value[start]:
        start += 1
    end_old, end_new = len(old), len(value)
    while end_old > start and end_new > start and old[end_old - 1] == value[end_new - 1]:
        end_old -= 1
        end_new -= 1
    # pycrdt indexes a Y.Text in UTF-8 bytes, not in code points (Python str indexes).
    at = len(old[:start].encode("utf-8"))
    if end_old > start:
        del text[at : at + len(old[start:end_old].encode("utf-8"))]
    if end_new > start:
        text.insert(at, value[start:end_new])


def _quote_map(quote: dict[str, Any]) -> Map:
    data: dict[str, Any] = {key: str(quote.get(key, "")) for key in QUOTE_KEYS}
    data["text"] = Text(str(quote.get("text", "")))
    return Map(data)


def _update_quote(ymap: Map, quote: dict[str, Any]) -> None:
    for key in QUOTE_KEYS:
        value = str(quote.get(key, ""))
        if ymap.get(key) != value:
            ymap[key] = value
    text = ymap.get("text")
    if isinstance(text, Text):
        _set_text(text, str(quote.get("text", "")))
    else:
        ymap["text"] = Text(str(quote.get("text", "")))


# Any editor can put anything into the document: entries that are not maps, values that
# are nested types. What the schema does not expect is read as nothing (and replaced when
# a revision is written back), never str()-ed: a deeply nested type would recurse.
def _plain(value: Any) -> str:
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _maps(array: Array) -> list[Map]:
    return [entry for entry in array if isinstance(entry, Map)]


def _set_quotes(array: Array, quotes: list[dict[str, Any]]) -> None:
    ids = [_plain(m.get("id", "")) if isinstance(m, Map) else None for m in array]
    wanted = [str(q.get("id", "")) for q in quotes]
    if ids == wanted:
        for ymap, quote in zip(array, quotes, strict=True):
            _update_quote(ymap, quote)
        return
    array.clear()
    array.extend([_quote_map(q) for q in quotes])


def _set_records(array: Array, records: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    wanted = [{k: str(r.get(k, "")) for k in keys} for r in records]
    if len(_maps(array)) == len(array) and _records(array, keys) == wanted:
        return
    array.clear()
    array.extend([Map({k: str(r.get(k, "")) for k in keys}) for r in records])


def _records(array: Array, keys: tuple[str, ...]) -> list[dict[str, str]]:
    return [{k: _plain(m.get(k, "")) for k in keys} for m in _maps(array)]


def write_content(doc: Doc, content: dict[str, Any], *, source: bool) -> None:
    """Make the document say `content` (a revision's content), changing only what differs."""
    parts = roots(doc, source=source)
    with doc.transaction():
        for name in TEXTS:
            _set_text(parts[name], str(content.get(name, "")))
        _set_quotes(parts["quotes"], list(content.get("quotes") or []))
        _set_records(parts["contacts"], list(content.get("contacts") or []), CONTACT_KEYS)
        if source:
            meta = parts["meta"]
            for key in META:
                value = str(content.get(key, ""))
                if meta.get(key) != value:
                    meta[key] = value
            orgs = [str(s) for s in content.get("organizations") or []]
            if [_plain(s) for s in parts["organizations"]] != orgs:
                parts["organizations"].clear()
                parts["organizations"].extend(orgs)


def read_content(doc: Doc, base: dict[str, Any], *, source: bool) -> dict[str, Any]:
    """The document as revision content; fields the document does not hold come from
    `base` (the revision it started from)."""
    parts = roots(doc, source=source)
    out = dict(base)
    for name in TEXTS:
        out[name] = str(parts[name])
    quotes = []
    for ymap in _maps(parts["quotes"]):
        quote = {key: _plain(ymap.get(key, "")) for key in QUOTE_KEYS}
        quote["text"] = _plain(ymap.get("text", ""))
        quotes.append(quote)
    out["quotes"] = quotes
    out["contacts"] = _records(
        parts["contacts"], CONTACT_KEYS if source else TRANSLATED_CONTACT_KEYS
    )
    if source:
        for key in META:
            out[key] = _plain(parts["meta"].get(key, base.get(key, "")))
        out["organizations"] = [s for s in parts["organizations"] if isinstance(s, str)]
    return out


def take_decisions(doc: Doc) -> list[dict[str, Any]]:
    """The suggestions accepted or rejected since the last version, as browsers logged
    them in ``suggestion_decisions`` (``decision``, ``field``, ``original``, ``insert``,
    ``author``, ``by``, ``at``); they are removed from the document."""
    array = doc.get(DECISIONS, type=Array)
    entries = [dict(entry) for entry in array if isinstance(entry, dict)]
    if len(array):
        with doc.transaction():
            del array[0 : len(array)]
    return entries


def seed_update(content: dict[str, Any], *, source: bool) -> bytes:
    """The update that writes `content` into an empty document, the same on every node."""
    doc: Doc[Any] = Doc(client_id=SEED_CLIENT_ID)
    write_content(doc, content, source=source)
    return doc.get_update()
