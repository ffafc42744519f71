"""Authorization rows for the statements blueprint (see authz_rows.py for the format).

Columns: anonymous, press officer of a participating org (odihr), its head, admin, press
officer of a non-participating org. Other organizations' drafts are 404 (their existence
does not leak); admins never see drafts (separation of duties). Requests carry no form
data: an empty save has no base revision (400), an empty comment comes back with its
error (200), resolve/discard without a pending version and restoring the current revision
redirect (302).
"""

LOGIN = 302

ROWS: dict[tuple[str, str], tuple] = {
    ("statements.new", "GET"): (LOGIN, 200, 200, 403, 200),
    ("statements.new", "POST"): (LOGIN, 200, 200, 403, 200),
    ("statements.edit", "GET"): (LOGIN, 200, 200, 404, 404),
    ("statements.edit", "POST"): (LOGIN, 400, 400, 404, 404),
    ("statements.resolve", "GET"): (LOGIN, 302, 302, 404, 404),
    ("statements.resolve", "POST"): (LOGIN, 302, 302, 404, 404),
    ("statements.discard_pending", "POST"): (LOGIN, 302, 302, 404, 404),
    ("statements.history", "GET"): (LOGIN, 200, 200, 404, 404),
    ("statements.diff", "GET"): (LOGIN, 200, 200, 404, 404),
    ("statements.restore", "POST"): (LOGIN, 302, 302, 404, 404),
    ("statements.presence", "POST"): (LOGIN, 200, 200, 404, 404),
    ("statements.preview", "GET"): (LOGIN, 200, 200, 404, 404),
    ("statements.add_comment", "POST"): (LOGIN, 200, 200, 404, 404),
    ("statements.resolve_comment", "POST"): (LOGIN, 302, 302, 404, 404),
    ("statements.reopen_comment", "POST"): (LOGIN, 302, 302, 404, 404),
    # The live editor's comment JSON: anonymous 401 (no redirect); a POST without a JSON
    # body is a 400.
    ("statements.list_threads", "GET"): (401, 200, 200, 404, 404),
    ("statements.create_thread", "POST"): (401, 400, 400, 404, 404),
    ("statements.reply_to_thread", "POST"): (401, 400, 400, 404, 404),
    ("statements.resolve_thread", "POST"): (401, 200, 200, 404, 404),
    ("statements.reopen_thread", "POST"): (401, 200, 200, 404, 404),
    # Live documents: authorized before the upgrade, which the test client cannot make
    # (400); the WebSocket itself: tests/live/test_websocket.py.
    ("live.statement", "GET"): (401, 400, 400, 404, 404),
    ("live.translation", "GET"): (401, 400, 400, 404, 404),
    ("live.save_version", "POST"): (LOGIN, 302, 302, 404, 404),
    ("live.save_translation_version", "POST"): (LOGIN, 302, 302, 404, 404),
}
