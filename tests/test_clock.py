"""One source of "now": the clock the app is given stamps rows too."""

import datetime as dt

from pressroom.db import db
from pressroom.models import AuditEvent
from pressroom.services import audit


def test_row_timestamps_follow_the_injected_clock(app, monkeypatch):
    moment = dt.datetime(2007, 8, 19, 6, 0, tzinfo=dt.UTC)
    monkeypatch.setitem(app.config, "CLOCK", lambda: moment)
    event = audit.record("test.clock", actor=None, object_type="test", object_id="1")
    db.session.flush()
    assert isinstance(event, AuditEvent) and event.at == moment
