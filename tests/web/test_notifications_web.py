"""The inbox (issue #14 point 5): one's own notifications only, newest first, unread ones
highlighted and counted in the header; opening or marking one read is a POST with the
CSRF token; another person's notification is a 404; e-mail choices on /account."""

from __future__ import annotations

import re

import pytest

from pressroom.db import db
from pressroom.domain.notifications import Kind
from pressroom.queries import notifications as inbox_queries
from pressroom.services import approvals, comments


@pytest.fixture
def submitted(mission, create_statement):  # type: ignore[no-untyped-def]
    """A statement submitted by ODIHR's press officer: each head has one unread entry."""
    statement = create_statement(targets=[])
    approvals.submit(statement, mission["po_odihr"])
    return statement


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def _badge(html: str) -> str | None:
    found = re.search(r'class="inbox"[^>]*>.*?<span class="count"[^>]*>(.*?)</a>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else None


def _ticked(html: str) -> set[str]:
    """The kinds ticked in the account page's e-mail choices."""
    boxes = re.findall(r'<input ([^>]*)name="mail-kinds" type="checkbox" value="(\w+)">', html)
    return {value for attrs, value in boxes if "checked" in attrs}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/notifications/read").status_code == 302


def test_the_inbox_shows_only_ones_own_newest_first_with_the_badge(
    client, auth, mission, submitted
):
    comments.add_comment(submitted, mission["po_pace"], "@Head pace, one more thing.")
    auth.login(mission["head_pace"])
    page = client.get("/notifications").get_data(as_text=True)
    assert _badge(page) == "(2 unread)"
    entries = re.findall(r'<li id="notification-(\d+)" class="notification unread">', page)
    assert len(entries) == 2 and int(entries[0]) > int(entries[1])  # newest first
    assert "Officer pace (PACE) mentioned you in a comment: @Head pace, one more thing." in page
    assert "Head odihr" not in page
    assert "Officer odihr (ODIHR) submitted the statement for review." in page
    # nothing here for ODIHR's press officer, who submitted it
    auth.logout()
    auth.login(mission["po_odihr"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "No notifications." in page and _badge(page) is None


def test_the_text_is_in_the_readers_interface_language(client, auth, mission, submitted):
    auth.login(mission["head_pace"])
    client.post("/language", data={"lang": "ru"})
    page = client.get("/notifications").get_data(as_text=True)
    assert "Требуется утверждение: Kazakh elections: progress and problems" in page


def test_open_marks_read_by_post_and_goes_to_the_place(client, auth, mission, submitted):
    auth.login(mission["head_pace"])
    (note,) = inbox_queries.inbox(mission["head_pace"])
    assert client.get(f"/notifications/{note.id}/open").status_code == 405  # no GET writes
    response = client.post(f"/notifications/{note.id}/open")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/statements/{submitted.id}/review"
    db.session.expire_all()
    assert inbox_queries.unread_count(mission["head_pace"]) == 0
    page = client.get("/notifications").get_data(as_text=True)
    assert f'<a href="/statements/{submitted.id}/review">' in page and _badge(page) is None


def test_mark_read_and_mark_all_read(client, auth, mission, submitted):
    comments.add_comment(submitted, mission["po_pace"], "@Head pace, and this.")
    auth.login(mission["head_pace"])
    first, second = inbox_queries.inbox(mission["head_pace"])
    assert client.post(f"/notifications/{first.id}/read").status_code == 302
    db.session.expire_all()
    assert [n.read_at is None for n in inbox_queries.inbox(mission["head_pace"])] == [False, True]
    assert client.post("/notifications/read").status_code == 302
    db.session.expire_all()
    assert inbox_queries.unread_count(mission["head_pace"]) == 0


def test_another_persons_notification_is_not_found(client, auth, mission, submitted):
    (theirs,) = inbox_queries.inbox(mission["head_pace"])
    auth.login(mission["head_odihr"])
    assert client.post(f"/notifications/{theirs.id}/open").status_code == 404
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    client.post("/notifications/read")  # all of one's own: theirs stays unread
    db.session.expire_all()
    assert inbox_queries.unread_count(mission["head_pace"]) == 1


def test_marking_read_needs_the_csrf_token(app, client, auth, mission, submitted):
    auth.login(mission["head_pace"])
    (note,) = inbox_queries.inbox(mission["head_pace"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        token = _token(client.get("/notifications").get_data(as_text=True))
        assert client.post(f"/notifications/{note.id}/read").status_code == 400
        assert client.post("/notifications/read").status_code == 400
        db.session.expire_all()
        assert inbox_queries.unread_count(mission["head_pace"]) == 1
        assert client.post("/notifications/read", data={"csrf_token": token}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert inbox_queries.unread_count(mission["head_pace"]) == 0


def test_email_choices_on_the_account_page(client, auth, mission):
    auth.login(mission["head_pace"])
    assert _ticked(client.get("/account").get_data(as_text=True)) == {k.value for k in Kind} - {
        "translation_outdated"
    }  # the defaults
    response = client.post(
        "/account",
        data={"mail-kinds": ["mentioned", "translation_outdated"], "mail-submit": "1"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    user = mission["head_pace"]
    assert {k for k, on in user.email_notifications.items() if on} == {
        "mentioned",
        "translation_outdated",
    }
    assert _ticked(client.get("/account").get_data(as_text=True)) == {
        "mentioned",
        "translation_outdated",
    }


def test_the_inbox_reads_a_constant_number_of_queries(
    client, auth, api_token, mission, create_statement
):
    from tests.helpers.queries import counting

    headers = api_token(mission["head_pace"])
    auth.login(mission["head_pace"])

    def add(count: int) -> None:
        for n in range(count):
            statement = create_statement(title=f"Statement {n}", targets=[])
            approvals.submit(statement, mission[("po_odihr", "po_osce-pa")[n % 2]])
            comments.add_comment(statement, mission["po_osce-pa"], "@Head pace, look.")
        db.session.commit()

    def measure() -> dict[str, int]:
        found = {}
        for path, extra in (("/notifications", {}), ("/api/v1/notifications", headers)):
            client.get(path, headers=extra)  # warm
            with counting() as seen:
                assert client.get(path, headers=extra).status_code == 200
            found[path] = len(seen)
        return found

    add(2)
    small = measure()
    add(20)  # 44 notifications from two different actors' organizations
    assert small == measure()
