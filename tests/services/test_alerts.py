"""E-mail alerts (issue #16 point 2): double opt-in by a signed, expiring link, nothing stored
but the address and preferences, no enumeration, rate limits; alerts in batches when a
release becomes public, once per subscriber whatever is retried, with one-click
unsubscribe headers; admins export and delete a subscriber's data."""

from __future__ import annotations

import datetime as dt
import smtplib
from contextlib import contextmanager
from email.message import EmailMessage

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.models import AlertDelivery, AuditEvent, Subscriber
from pressroom.services import alerts, lifting, notifications, publishing
from pressroom.services.signin import Client, Throttled
from tests.services.test_lifting import T0, approve_all, clock  # noqa: F401  (fixture)

CLIENT = Client("192.0.2.7")


class Outbox(list[EmailMessage]):
    fail_after: int | None = None  # the mail server breaks after this many messages


@pytest.fixture
def outbox(monkeypatch) -> Outbox:  # type: ignore[no-untyped-def]
    """Every message the app sends (through notifications.connection) but the
    participants' own notifications (services.notifications marks them)."""
    box = Outbox()

    @contextmanager
    def connection():  # type: ignore[no-untyped-def]
        def deliver(message: EmailMessage) -> None:
            if message["X-Pressroom-Notification"]:
                return
            if box.fail_after is not None and len(box) >= box.fail_after:
                raise smtplib.SMTPServerDisconnected("the mail server went away")
            box.append(message)

        yield deliver

    monkeypatch.setattr(notifications, "connection", connection)
    return box


def subscribe(
    email: str,
    *,
    orgs: list[str] | None = None,
    langs: list[str] | None = None,
) -> Subscriber:
    prefs = alerts.check_preferences(
        email, all_organizations=orgs is None, organizations=orgs or [], languages=langs or ["en"]
    )
    return alerts.confirm(alerts.confirmation_token(prefs))


def _link(message: EmailMessage) -> str:
    body = message.get_content()
    return next(word for word in body.split() if "/alerts/confirm/" in word)


def test_nothing_is_stored_until_the_link_is_followed(app, mission, outbox, clock):  # noqa: F811
    prefs = alerts.check_preferences(
        " Journalist@Example.ORG",
        all_organizations=False,
        organizations=["pace", "odihr"],
        languages=["ru", "en"],
    )
    alerts.request_subscription(prefs, CLIENT, "ru")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Subscriber)) == 0
    (message,) = outbox
    assert message["To"] == "journalist@example.org"
    assert message["Subject"] == "Подтвердите подписку на пресс-релизы"
    token = _link(message).rsplit("/", 1)[1]
    clock.set(T0 + dt.timedelta(hours=47))
    subscriber = alerts.confirm(token)
    db.session.flush()
    assert subscriber.email == "journalist@example.org"
    assert subscriber.confirmed_at == T0 + dt.timedelta(hours=47)  # consent time
    assert [o.slug for o in subscriber.organizations] == ["odihr", "pace"]
    assert subscriber.languages == ["ru", "en"] and not subscriber.all_organizations
    # Only address and preferences: no name, no IP address, in the row or the audit log.
    assert set(Subscriber.__table__.columns.keys()) == {
        "id",
        "email",
        "all_organizations",
        "languages",
        "confirmed_at",
        "key",
    }
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.object_type == "subscriber")
    ).all()
    assert events and all("example.org" not in str(e.details) + e.actor for e in events)


def test_links_expire_and_cannot_be_forged(app, mission, clock):  # noqa: F811
    prefs = alerts.check_preferences(
        "a@example.org", all_organizations=True, organizations=[], languages=["en"]
    )
    token = alerts.confirmation_token(prefs)
    clock.set(T0 + dt.timedelta(hours=48, seconds=1))
    with pytest.raises(alerts.InvalidLink):
        alerts.confirm(token)
    clock.set(T0)
    for forged in (token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), "not-a-token", ""):
        with pytest.raises(alerts.InvalidLink):
            alerts.confirm(forged)
    with pytest.raises(alerts.InvalidLink):
        alerts.subscriber_for_unsubscribe(token)  # a confirmation link does not unsubscribe


def test_preferences_are_checked(app, mission):
    cases = [
        ({"email": "not an address"}, "email"),
        ({"languages": []}, "languages"),
        ({"languages": ["xx-nonsense"]}, "lang"),
        ({"all_organizations": False, "organizations": []}, "organizations"),
        ({"all_organizations": False, "organizations": ["pace", "nope"]}, "organizations"),
    ]
    for change, field in cases:
        args = {
            "email": "a@example.org",
            "all_organizations": True,
            "organizations": [],
            "languages": ["en"],
            **change,
        }
        with pytest.raises(ValidationFailed) as info:
            alerts.check_preferences(**args)
        assert field in info.value.details, (change, info.value.details)


def test_same_answer_for_known_addresses_and_rate_limits(app, mission, outbox):
    subscribe("known@example.org")
    for email in ("known@example.org", "new@example.org"):
        prefs = alerts.check_preferences(
            email, all_organizations=True, organizations=[], languages=["en"]
        )
        assert alerts.request_subscription(prefs, CLIENT, "en") is None
    db.session.commit()
    assert sorted(m["To"] for m in outbox) == ["known@example.org", "new@example.org"]
    prefs = alerts.check_preferences(
        "known@example.org", all_organizations=True, organizations=[], languages=["en"]
    )
    alerts.request_subscription(prefs, Client("192.0.2.8"), "en")
    alerts.request_subscription(prefs, Client("192.0.2.9"), "en")
    with pytest.raises(Throttled):  # 3 per address per hour
        alerts.request_subscription(prefs, Client("192.0.2.10"), "en")


def test_confirming_again_replaces_the_preferences(app, mission):
    first = subscribe("j@example.org", orgs=["pace"], langs=["fr"])
    again = subscribe("j@example.org", langs=["de", "en"])
    assert again.id == first.id and again.all_organizations and again.organizations == []
    assert again.languages == ["de", "en"]


def test_unsubscribe_deletes_everything(app, mission):
    subscriber = subscribe("gone@example.org", orgs=["pace"])
    token = alerts.unsubscribe_token(subscriber)
    assert alerts.unsubscribe(token) is True
    db.session.flush()
    assert (
        db.session.scalar(sa.select(Subscriber).where(Subscriber.email == "gone@example.org"))
        is None
    )
    assert alerts.unsubscribe(token) is False  # done already: not an error
    # Subscribing again makes a new subscription: the old link does not end it.
    renewed = subscribe("gone@example.org")
    assert alerts.subscriber_for_unsubscribe(token) is None
    assert alerts.subscriber_for_unsubscribe(alerts.unsubscribe_token(renewed)) is renewed


def test_alert_languages():
    assert alerts.alert_languages(["en", "fr", "ru"], ["ru", "de"], "en") == ["ru"]
    assert alerts.alert_languages(["en", "fr", "ru"], ["fr", "ru"], "en") == ["fr", "ru"]
    assert alerts.alert_languages(["en", "fr"], ["kk"], "en") == ["en"]
    assert alerts.alert_languages(["fr", "ru"], ["kk"], "en") == ["fr"]


@pytest.fixture
def approved(mission, create_statement):  # type: ignore[no-untyped-def]
    statement = create_statement(targets=[])
    approve_all(statement, mission)
    return statement


def test_an_embargo_lifting_alerts_matching_subscribers_once(app, mission, approved, outbox, clock):  # noqa: F811
    everything = subscribe("all@example.org", langs=["ru"])
    pace = subscribe("pace@example.org", orgs=["pace"])
    subscribe("outsider@example.org", orgs=["outsider"])
    embargo = T0 + dt.timedelta(hours=1)
    release = publishing.publish(approved, mission["po_odihr"], embargo_until=embargo)
    db.session.commit()
    assert outbox == []
    clock.set(embargo)
    lifting.sweep()
    assert sorted(m["To"] for m in outbox) == ["all@example.org", "pace@example.org"]
    by_to = {m["To"]: m for m in outbox}
    english = by_to["pace@example.org"]
    assert english["Subject"] == "Kazakh elections: progress and problems"
    text = english.get_content()
    assert "Voting was calm." in text and "Building a democracy is a long and hard task." in text
    assert f"/en/releases/{approved.slug}.pdf" in text
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = english["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith("http") and "/alerts/unsubscribe/" in unsubscribe_url
    assert alerts.subscriber_for_unsubscribe(unsubscribe_url.rsplit("/", 1)[1]) is pace
    # Russian chosen, the release is English only: the English text, the frame in Russian.
    russian = by_to["all@example.org"].get_content()
    assert "Voting was calm." in russian and "Отказаться от рассылки" in russian
    # Retries of the lift or of a batch mail nobody twice.
    assert lifting.lift(release.id) is False
    alerts.send_batch(release.id, [everything.id, pace.id])
    alerts.release_became_public(release)
    db.session.commit()
    assert len(outbox) == 2


def test_batches_and_a_mail_server_failing_midway(
    app,
    mission,
    approved,
    outbox,
    clock,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setitem(app.config, "ALERTS_BATCH_SIZE", 2)
    batches: list[list[int]] = []
    real = alerts.send_batch

    ids = [subscribe(f"j{n}@example.org").id for n in range(5)]
    outbox.fail_after = 3  # the first batch goes, the second breaks after one message
    monkeypatch.setattr(alerts, "send_batch", _recording(batches, real))
    release = publishing.publish(approved, mission["po_odihr"])
    db.session.commit()  # lift -> deliveries -> 3 batch jobs (the second one fails)
    assert batches == [ids[0:2], ids[2:4], ids[4:5]]
    assert len(outbox) == 3
    sent = set(
        db.session.scalars(
            sa.select(AlertDelivery.subscriber_id).where(
                AlertDelivery.release_id == release.id, AlertDelivery.sent_at.is_not(None)
            )
        )
    )
    assert len(sent) == 3
    # The mail server is back; a dead job's rows are taken again after the claim expired.
    outbox.fail_after = None
    clock.set(T0 + dt.timedelta(seconds=app.config["ALERTS_CLAIM_SECONDS"] + 1))
    lifting.sweep()
    assert sorted(m["To"] for m in outbox) == [f"j{n}@example.org" for n in range(5)]
    lifting.sweep()
    assert len(outbox) == 5


def _recording(batches: list[list[int]], real):  # type: ignore[no-untyped-def]
    def send_batch(release_id: int, subscriber_ids: list[int]) -> None:
        batches.append(list(subscriber_ids))
        real(release_id, subscriber_ids)

    send_batch.__module__ = alerts.__name__
    send_batch.__qualname__ = "send_batch"
    return send_batch


def test_admin_export_and_delete(app, mission):
    subscriber = subscribe("data@example.org", orgs=["pace"], langs=["fr"])
    data = alerts.export(subscriber, mission["admin"])
    assert data == {
        "email": "data@example.org",
        "all_organizations": False,
        "organizations": ["pace"],
        "languages": ["fr"],
        "consent_at": subscriber.confirmed_at.isoformat(),
        "alerts_sent": [],
    }
    assert alerts.search("DATA@") == [subscriber] and alerts.search("nobody") == []
    assert alerts.search("%") == []  # a LIKE wildcard is a character like any other
    alerts.delete(subscriber, mission["admin"])
    db.session.flush()
    assert alerts.search("data@") == []
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.object_type == "subscriber")
        .order_by(AuditEvent.id)
    ).all()
    assert actions[-2:] == ["subscriber.export", "subscriber.delete"]


def test_a_withdrawn_release_sends_no_pending_alert(
    app,
    mission,
    approved,
    outbox,
    clock,  # noqa: F811
    monkeypatch,
):
    subscribe("late@example.org")
    outbox.fail_after = 0  # the mail server is down when the release goes out
    release = publishing.publish(approved, mission["po_odihr"])
    db.session.commit()
    assert outbox == []
    publishing.withdraw(approved, mission["head_odihr"], "Withdrawn.")
    db.session.commit()
    outbox.fail_after = None
    clock.set(T0 + dt.timedelta(hours=1))
    assert alerts.requeue_stale() == 0
    alerts.send_batch(release.id, [s.id for s in alerts.search("late@")])
    lifting.sweep()
    assert outbox == []
