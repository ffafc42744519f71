"""Notification mail through a real SMTP server (aiosmtpd on 127.0.0.1): a head whose
approval a change dismissed gets it in their own language, naming the change, with an
absolute link that opens the review; a head who turned that kind off gets no mail but
still finds it in the inbox."""

from __future__ import annotations

import re

from pressroom.db import db
from pressroom.domain.notifications import Kind
from pressroom.queries import notifications as inbox_queries
from pressroom.services import approvals, notifications, statements
from tests.mail_server import Mailbox, smtp_server

GUARD = 30.0


def test_approval_dismissed_mail_in_the_heads_language_with_a_working_link(
    app, client, auth, mission, create_statement, monkeypatch
):
    statement = create_statement(targets=[])
    approvals.submit(statement, mission["po_odihr"])
    head_ru, head_off = mission["head_pace"], mission["head_osce-pa"]
    head_ru.locale = "ru"
    notifications.set_email_choices(head_off, {"review_requested", "mentioned"})
    approvals.decide(statement, head_ru, "approve", 1)
    approvals.decide(statement, head_off, "approve", 1)
    db.session.commit()
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", port)
        statements.save(statement, mission["po_odihr"], 1, {"title": "Kazakh elections"})
        assert mailbox.messages == []  # nothing before the commit
        db.session.commit()
        (message,) = mailbox.wait_for(1, timeout=GUARD)
    assert len(mailbox.messages) == 1  # the head who turned it off got none
    assert message["To"] == "head@pace.example.org"
    assert message["Subject"] == "Одобрение отменено: Kazakh elections"
    assert message["X-Pressroom-Notification"] == "approval_dismissed"
    assert message["Auto-Submitted"] == "auto-generated"
    body = message.get_content()
    assert "Officer odihr (ODIHR) изменил(а): текст (редакция 1 → 2)." in body
    assert "Одобрение вашей организации больше не действует" in body
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    links = re.findall(re.escape(base) + r"(/\S*)", body)
    assert links[0] == f"/statements/{statement.id}/review"
    auth.login(head_ru)
    page = client.get(links[0])
    assert page.status_code == 200 and "Kazakh elections" in page.get_data(as_text=True)
    assert links[1] == "/account"  # where to change what arrives by e-mail
    # The head who turned the mail off still sees it in the inbox.
    kinds = [n.kind for n in inbox_queries.inbox(head_off)]
    assert Kind.approval_dismissed in kinds
