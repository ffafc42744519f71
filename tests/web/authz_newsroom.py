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

# E-mail alerts (issue #16.2). Public pages: the sample `token` is not a signed link (400);
# an empty subscribe form is refused (400). Admin pages: admins only; the sample
# `subscriber_id` is a confirmed subscriber (CSRF is off here: export answers the JSON).
ROWS.update(
    {
        ("alerts.subscribe", "GET"): (200, 200, 200, 200, 200),
        ("alerts.subscribe", "POST"): (400, 400, 400, 400, 400),
        ("alerts.confirm", "GET"): (400, 400, 400, 400, 400),
        ("alerts.confirm", "POST"): (400, 400, 400, 400, 400),
        ("alerts.unsubscribe", "GET"): (400, 400, 400, 400, 400),
        ("alerts.unsubscribe", "POST"): (400, 400, 400, 400, 400),
        ("alerts.admin_subscribers", "GET"): (302, 403, 403, 200, 403),
        ("alerts.admin_subscriber", "GET"): (302, 403, 403, 200, 403),
        ("alerts.admin_export", "POST"): (302, 403, 403, {200, 404}, 403),  # 404: deleted first
        ("alerts.admin_delete", "POST"): (302, 403, 403, 302, 403),
    }
)
