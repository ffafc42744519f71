"""Authorization rows for the media blueprints (see authz_rows.py for the format).

The sample statement (a draft in which odihr takes part) has one photo. Without form data
an upload is incomplete (400) and an edit lacks its caption (400, the form again);
moving and removing redirect. Admins and other organizations do not learn the statement or
its files exist (404). Publicly, nothing is published: every file and kit is 404.
"""

LOGIN = 302

ROWS: dict[tuple[str, str], tuple] = {
    ("media.index", "GET"): (LOGIN, 200, 200, 404, 404),
    ("media.upload", "POST"): (LOGIN, 400, 400, 404, 404),
    ("media.update", "POST"): (LOGIN, 400, 400, 404, 404),
    ("media.move", "POST"): (LOGIN, 302, 302, 404, 404),
    ("media.statement_file", "GET"): (LOGIN, 200, 200, 404, 404),
    ("media.remove", "POST"): (LOGIN, 302, 302, 404, 404),
    ("public_media.public_file", "GET"): (404, 404, 404, 404, 404),
    ("public_media.media_kit", "GET"): (404, 404, 404, 404, 404),
    ("public_media.version_media_kit", "GET"): (404, 404, 404, 404, 404),
}
