"""Authorization rows for the translation pages and API calls (format: authz_rows.py).

`lang` is "ru", a target language of the sample statement. Requests carry no form data: a
POST to the editor without its hidden source revision is a bad request (400)."""

LOGIN = 302
API_ANON = 401

ROWS: dict[tuple[str, str], tuple] = {
    ("translations.matrix", "GET"): (LOGIN, 200, 200, 404, 404),
    ("translations.edit", "GET"): (LOGIN, 200, 200, 404, 404),
    ("translations.edit", "POST"): (LOGIN, 400, 400, 404, 404),
    ("api.get_translation", "GET"): (API_ANON, 200, 200, 404, 404),
    ("api.save_translation", "PUT"): (API_ANON, 400, 400, 404, 404),
}
