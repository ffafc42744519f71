"""Issue #16, item 2: a journalist on a phone subscribes to e-mail alerts in Russian,
confirms with the link from a real mailbox (aiosmtpd), receives the release by e-mail the
moment its embargo lifts (the server's clock moved past it, the lift sweeper running as in
`make run`), and unsubscribes in one tap."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from pressroom import demo
from pressroom.db import db
from pressroom.models import Statement, Subscriber, User
from pressroom.services import lifting, publishing
from tests.e2e.conftest import LiveServer
from tests.mail_server import Mailbox, smtp_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}
GUARD = 30.0
EMAIL = "reporter@example.kz"


def _seed() -> None:
    demo.seed()
    demo.translate_and_approve()


@pytest.fixture(scope="module")
def seed_live():  # type: ignore[no-untyped-def]
    return _seed


@pytest.fixture
def mailbox(live_server: LiveServer) -> Iterator[Mailbox]:
    # the alerts only: not the participants' own notifications (published, embargo lifted)
    box = Mailbox(keep=lambda message: not message["X-Pressroom-Notification"])
    with smtp_server(box) as port:
        live_server.app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
        try:
            yield box
        finally:
            live_server.app.config.update(SMTP_HOST="")


def _link(message: Any, marker: str) -> str:
    return next(w for w in message.get_content().split() if marker in w)


def _subscribers(live_server: LiveServer) -> list[str]:
    with live_server.app.app_context():
        return list(db.session.scalars(sa.select(Subscriber.email)))


def test_subscribe_confirm_receive_at_the_lift_and_unsubscribe(
    person: Any, live_server: LiveServer, mailbox: Mailbox, shot: Any
) -> None:
    journalist = person(
        "alerts-journalist", viewport=PHONE, has_touch=True, is_mobile=True, locale="ru-RU"
    )
    page = journalist.page

    # From the newsroom home to the form: one tap.
    page.goto("/")
    page.get_by_role("link", name="Получать пресс-релизы по почте").first.tap()
    page.wait_for_url("**/ru/alerts")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("input[type=email]").fill(EMAIL)
    assert page.get_by_role("checkbox", name="русский").is_checked()  # the page's language
    shot(page, "alerts phone subscribe form")
    page.get_by_role("button", name="Подписаться").tap()
    expect_text(page, "Проверьте почту")
    assert _subscribers(live_server) == []  # nothing stored before the confirmation

    (confirmation,) = mailbox.wait_for(1, timeout=GUARD)
    assert confirmation["To"] == EMAIL
    page.goto(_link(confirmation, "/alerts/confirm/"))
    shot(page, "alerts phone confirm")
    page.get_by_role("button", name="Подтвердить подписку").tap()
    expect_text(page, "Подписка подтверждена")
    assert _subscribers(live_server) == [EMAIL]

    # The lead's press officer schedules the release an hour ahead.
    embargo = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)
    with live_server.app.app_context():
        statement = db.session.scalar(sa.select(Statement).order_by(Statement.id).limit(1))
        officer = db.session.scalar(sa.select(User).where(User.email == demo.DEMO_OFFICER))
        publishing.publish(statement, officer, embargo_until=embargo)
        db.session.commit()
        slug = statement.slug
    live_server.app.config["LIFT_SWEEP_SECONDS"] = 0.2
    sweeper = lifting.start_sweeper(live_server.app)
    try:
        assert len(mailbox.wait_for(2, timeout=1.0)) == 1  # nothing before the embargo
        live_server.clock_offset(embargo - dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5))
        alert = mailbox.wait_for(2, timeout=GUARD)[1]
    finally:
        lifting.stop_sweeper(live_server.app)
        live_server.clock_offset(None)
    assert sweeper is not None
    title_ru = demo.TRANSLATIONS["ru"]["title"]
    assert alert["To"] == EMAIL and alert["Subject"] == title_ru
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = alert.get_content()
    assert f"/ru/releases/{slug}.pdf" in body and "Отказаться от рассылки" in body

    # One tap on the link at the foot of the mail.
    unsubscribe_url = alert["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url in body
    page.goto(unsubscribe_url)
    assert EMAIL in page.content() and _subscribers(live_server) == [EMAIL]  # GET asks only
    shot(page, "alerts phone unsubscribe")
    page.get_by_role("button", name="Отписаться").tap()
    expect_text(page, "Вы отписались")
    assert _subscribers(live_server) == []
    assert not journalist.problems, journalist.problems


def expect_text(page: Any, text: str) -> None:
    page.get_by_text(re.compile(re.escape(text))).first.wait_for()
