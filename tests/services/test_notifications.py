"""Notifications are optional: logged without SMTP settings, sent with them, and a mail
server that fails never makes the action fail. Mail leaves only after the commit."""

import logging
import smtplib

from pressroom.db import db
from pressroom.services import approvals
from tests.mail_server import Mailbox, smtp_server


class FakeSMTP:
    sent: list = []
    fail = False

    def __init__(self, host, port, timeout):  # type: ignore[no-untyped-def]
        self.host = host

    def __enter__(self):  # type: ignore[no-untyped-def]
        if FakeSMTP.fail:
            raise OSError("connection refused")
        return self

    def __exit__(self, *exc):  # type: ignore[no-untyped-def]
        return False

    def send_message(self, message):  # type: ignore[no-untyped-def]
        FakeSMTP.sent.append(message)


def test_without_smtp_the_mail_is_logged(app, mission, dummy_statement, caplog):
    app.config["SMTP_HOST"] = ""
    with caplog.at_level(logging.INFO, logger="pressroom.notifications"):
        approvals.submit(dummy_statement, mission["po_odihr"])
        db.session.commit()
    logged = [r.getMessage() for r in caplog.records]
    assert any("head@pace.example.org" in m and "Approval needed" in m for m in logged)


def test_with_smtp_heads_receive_mail(app, mission, dummy_statement, monkeypatch):
    db.session.commit()  # the statement's own notifications (translations needed) leave here
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent, FakeSMTP.fail = [], False
    app.config["SMTP_HOST"] = "127.0.0.1"
    try:
        approvals.submit(dummy_statement, mission["po_odihr"])
        assert FakeSMTP.sent == []  # not before the commit
        db.session.commit()
    finally:
        app.config["SMTP_HOST"] = ""
    recipients = sorted(m["To"] for m in FakeSMTP.sent)
    assert recipients == [
        "head@odihr.example.org",
        "head@osce-pa.example.org",
        "head@pace.example.org",
    ]
    assert all("Approval needed" in m["Subject"] for m in FakeSMTP.sent)


def test_a_failing_mail_server_does_not_fail_the_submit(app, mission, dummy_statement, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.fail = True
    app.config["SMTP_HOST"] = "127.0.0.1"
    try:
        approvals.submit(dummy_statement, mission["po_odihr"])
        db.session.commit()
    finally:
        app.config["SMTP_HOST"] = ""
        FakeSMTP.fail = False
    assert dummy_statement.status == "in_review"


def test_nothing_is_sent_for_a_rolled_back_action(app, mission, dummy_statement):
    db.session.commit()
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
        try:
            approvals.submit(dummy_statement, mission["po_odihr"])
            db.session.rollback()
            db.session.commit()
            assert mailbox.messages == []
            # the same action, committed: the heads get their mail (inline jobs in tests)
            approvals.submit(dummy_statement, mission["po_odihr"])
            db.session.commit()
            received = mailbox.wait_for(3, timeout=30)
        finally:
            app.config.update(SMTP_HOST="", SMTP_PORT=25)
    assert sorted(m["To"] for m in received) == [
        "head@odihr.example.org",
        "head@osce-pa.example.org",
        "head@pace.example.org",
    ]


def test_changes_requested_mail_goes_to_the_others_after_the_commit(app, mission, dummy_statement):
    approvals.submit(dummy_statement, mission["po_odihr"])
    db.session.commit()
    mailbox = Mailbox()
    mission["po_pace"].locale = "ru"
    with smtp_server(mailbox) as port:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
        try:
            approvals.decide(
                dummy_statement,
                mission["head_pace"],
                "request_changes",
                dummy_statement.current_revision.number,
                "Shorter, please.",
            )
            assert mailbox.messages == []
            db.session.commit()
            received = mailbox.wait_for(5, timeout=30)
        finally:
            app.config.update(SMTP_HOST="", SMTP_PORT=25)
    by_recipient = {m["To"]: m for m in received}
    assert "head@pace.example.org" not in by_recipient and len(received) == 5
    assert by_recipient["po@pace.example.org"]["Subject"].startswith("Запрошены изменения")
    assert "Shorter, please." in by_recipient["po@pace.example.org"].get_content()
