"""Authorization rows for the inbox and the notification API (see authz_rows.py for the
format). `notification_id` is another person's notification: nobody but its recipient
opens or marks it (404, ids do not leak); everyone signed in has an inbox."""

LOGIN = 302
API_ANON = 401

ROWS: dict[tuple[str, str], tuple] = {
    ("notifications.index", "GET"): (LOGIN, 200, 200, 200, 200),
    ("notifications.open_notification", "POST"): (LOGIN, 404, 404, 404, 404),
    ("notifications.mark_read", "POST"): (LOGIN, 404, 404, 404, 404),
    ("notifications.mark_all_read", "POST"): (LOGIN, 302, 302, 302, 302),
    ("api.list_notifications", "GET"): (API_ANON, 200, 200, 200, 200),
    ("api.mark_notifications_read", "POST"): (API_ANON, 400, 400, 400, 400),  # no body
}
