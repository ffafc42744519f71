"""Notifications are optional: logged without SMTP settings, sent with them, and a mail
server that fails never makes the action fail."""

import logging
import smtplib

from pressroom.services import approvals


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
    logged = [r.getMessage() for r in caplog.records]
    assert any("head@pace.example.org" in m and "Approval needed" in m for m in logged)


def test_with_smtp_heads_receive_mail(app, mission, dummy_statement, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent, FakeSMTP.fail = [], False
    app.config["SMTP_HOST"] = "127.0.0.1"
    try:
        approvals.submit(dummy_statement, mission["po_odihr"])
    finally:
        app.config["SMTP_HOST"] = ""
    recipients = sorted(m["To"] for m in FakeSMTP.sent)
    assert recipients == ["head@odihr.example.org", "head@osce-pa.example.org",
                          "head@pace.example.org"]
    assert all("Approval needed" in m["Subject"] for m in FakeSMTP.sent)


def test_a_failing_mail_server_does_not_fail_the_submit(app, mission, dummy_statement,
                                                       monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.fail = True
    app.config["SMTP_HOST"] = "127.0.0.1"
    try:
        approvals.submit(dummy_statement, mission["po_odihr"])
    finally:
        app.config["SMTP_HOST"] = ""
        FakeSMTP.fail = False
    assert dummy_statement.status == "in_review"
