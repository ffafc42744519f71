"""Authorization rows for the public newsroom (see authz_rows.py for the format).

Everything here is public: the same answer for every caller. The sample `lang` is "ru" (a UI
language), so the list page exists; the sample statement is an unpublished draft, so the
lists are empty, but they answer.
"""

ROWS: dict[tuple[str, str], tuple] = {
    ("newsroom.index", "GET"): (200, 200, 200, 200, 200),
    ("newsroom.language_root", "GET"): (302, 302, 302, 302, 302),  # /ru -> /ru/releases
    ("newsroom.feed", "GET"): (200, 200, 200, 200, 200),
    ("newsroom.sitemap", "GET"): (200, 200, 200, 200, 200),
    ("api.list_releases", "GET"): (200, 200, 200, 200, 200),
}
