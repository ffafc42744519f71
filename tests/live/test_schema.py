"""Revision content <-> live document, both ways, and minimal writes."""

from __future__ import annotations

from pycrdt import Doc, Text

from pressroom.domain.content import Content
from pressroom.live import schema
from tests.conftest import statement_data


def _content() -> dict:
    data = statement_data()
    data["quotes"][0]["id"] = "pace"
    return Content.from_dict(data).to_dict()


def test_a_revision_survives_the_round_trip():
    content = _content()
    doc = Doc()
    doc.apply_update(schema.seed_update(content, source=True))
    assert schema.read_content(doc, {}, source=True) == content


def test_seeding_twice_does_not_duplicate_the_text():
    content = _content()
    doc = Doc()
    doc.apply_update(schema.seed_update(content, source=True))
    doc.apply_update(schema.seed_update(content, source=True))  # a second node seeding
    assert str(doc.get("title", type=Text)) == content["title"]


def test_writing_keeps_concurrent_typing_elsewhere_in_the_field():
    content = _content()
    server, client = Doc(), Doc()
    seed = schema.seed_update(content, source=True)
    server.apply_update(seed)
    client.apply_update(seed)
    # A client types at the end of the body while the server writes a change at its start.
    before = client.get_state()
    body = client.get("body", type=Text)
    body.insert(len(str(body)), " Typed live.")
    typed = client.get_update(before)
    schema.write_content(
        server,
        {
            **content,
            "body": "Voting was calm and orderly." + content["body"][len("Voting was calm.") :],
        },
        source=True,
    )
    server.apply_update(typed)
    text = str(server.get("body", type=Text))
    assert text.startswith("Voting was calm and orderly.")
    assert text.endswith("Nine seats appointed. Typed live.")


def test_quotes_are_edited_in_place_and_translations_hold_no_source_fields():
    content = _content()
    doc = Doc()
    schema.write_content(doc, content, source=False)
    changed = {**content, "quotes": [{**content["quotes"][0], "text": "A long, hard task."}]}
    schema.write_content(doc, changed, source=False)
    read = schema.read_content(doc, {}, source=False)
    assert read["quotes"][0]["text"] == "A long, hard task."
    assert "organizations" not in read and "dateline_date" not in read


def test_writing_changes_inside_cyrillic_text():
    """pycrdt counts a Y.Text in UTF-8 bytes: a change after non-ASCII letters (a Russian
    translation, a name with accents) lands in the right place."""
    doc = Doc()
    content = {"title": "Выборы в Казахстане", "body": "Голосование прошло спокойно."}
    schema.write_content(doc, content, source=False)
    schema.write_content(
        doc,
        {**content, "title": "Выборы в Казахстане (итоги)", "body": "Голосование прошло."},
        source=False,
    )
    assert str(doc.get("title", type=Text)) == "Выборы в Казахстане (итоги)"
    assert str(doc.get("body", type=Text)) == "Голосование прошло."


def test_a_translation_reads_back_as_translation_content():
    """A translation's contacts are e-mail, name and affiliation only (what
    clean_translation accepts), so a live translation with contacts can be saved."""
    content = {
        "title": "Выборы",
        "lead": "",
        "dateline_city": "Астана",
        "body": "Текст.",
        "quotes": [],
        "contacts": [{"email": "klas@oscepa.dk", "name": "Клас Бергман", "affiliation": "ПА ОБСЕ"}],
    }
    doc = Doc()
    doc.apply_update(schema.seed_update(content, source=False))
    assert schema.read_content(doc, {}, source=False) == content
