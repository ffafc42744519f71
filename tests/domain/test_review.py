"""The per-language review: source beside translation, changes since the last decision."""

from pressroom.domain.review import side_by_side, with_context

SOURCE = {
    "title": "Elections",
    "lead": "",
    "dateline_city": "Astana",
    "body": "One.\n\nTwo.\n\nThree.\n\nFour.",
    "quotes": [
        {"organization": "pace", "speaker": "D. W.", "function": "Head", "text": "Hard task."}
    ],
}
RU = {
    "title": "Выборы",
    "lead": "",
    "dateline_city": "Астана",
    "body": "Один.\n\nДва.\n\nТри.\n\nЧетыре.",
    "quotes": [{"organization": "pace", "function": "Глава", "text": "Трудная задача."}],
}


def test_rows_pair_every_item_in_reading_order():
    rows = side_by_side(SOURCE, RU, None)
    assert [r.key for r in rows] == [
        "title",
        "dateline_city",
        "body.0",
        "body.1",
        "body.2",
        "body.3",
        "quote.pace.function",
        "quote.pace.text",
    ]
    assert rows[3].source == "Two." and rows[3].translation == "Два." and rows[3].index == 1
    assert not any(r.changed for r in rows)  # no earlier decision: nothing is "changed"


def test_only_the_changed_paragraph_with_its_neighbours():
    edited = {**RU, "body": "Один.\n\nДва.\n\nТри, исправлено.\n\nЧетыре."}
    rows = side_by_side(SOURCE, edited, RU)
    assert [r.key for r in rows if r.changed] == ["body.2"]
    shown = with_context(rows)
    assert [(r.key, changed) for r, changed in shown] == [
        ("body.1", False),
        ("body.2", True),
        ("body.3", False),
    ]
    (change,) = [r for r, changed in shown if changed]
    assert ("insert", ", исправлено") in change.diff


def test_a_changed_quote_is_found_by_its_organization():
    edited = {
        **RU,
        "quotes": [{"organization": "pace", "function": "Глава", "text": "Очень трудная задача."}],
    }
    rows = side_by_side(SOURCE, edited, RU)
    assert [r.key for r in rows if r.changed] == ["quote.pace.text"]
