"""An alert reaches a real SMTP server (aiosmtpd on 127.0.0.1) when an embargo lifts, with
the app's clock moved past it, carrying RFC 8058 one-click unsubscribe headers."""

from __future__ import annotations

import datetime as dt

from pressroom.db import db
from pressroom.models import Subscriber
from pressroom.services import alerts, lifting, publishing
from tests.mail_server import Mailbox, smtp_server
from tests.services.test_alerts import subscribe
from tests.services.test_lifting import T0, approve_all, clock  # noqa: F401  (fixture)

GUARD = 30.0


def test_an_alert_arrives_when_the_embargo_lifts(
    app,
    client,
    mission,
    create_statement,
    clock,  # noqa: F811 (fixture)
    monkeypatch,
):
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    subscriber_id = subscribe("reporter@example.org", orgs=["odihr"], langs=["en"]).id
    embargo = T0 + dt.timedelta(hours=6)
    publishing.publish(statement, mission["po_odihr"], embargo_until=embargo)
    db.session.commit()
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", port)
        clock.set(embargo - dt.timedelta(minutes=1))
        lifting.sweep()
        assert mailbox.messages == []  # still under embargo
        clock.set(embargo + dt.timedelta(seconds=1))
        lifting.sweep()
        mailbox.wait_for(1, timeout=GUARD)
    # the participants are told too ("embargo lifted", services.notifications): not alerts
    (message,) = [m for m in mailbox.messages if not m["X-Pressroom-Notification"]]
    assert message["To"] == "reporter@example.org"
    assert message["Subject"] == "Kazakh elections: progress and problems"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"]
    assert url.startswith("<http") and url.endswith(">")
    body = message.get_content()
    assert "Voting was calm." in body and f"/en/releases/{statement.slug}.pdf" in body
    # The header's URL unsubscribes with a bare POST, as a mail client sends it.
    path = "/" + url.strip("<>").split("/", 3)[3]
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert alerts.subscriber_for_unsubscribe(path.rsplit("/", 1)[1]) is None
    db.session.expire_all()
    assert db.session.get(Subscriber, subscriber_id) is None
