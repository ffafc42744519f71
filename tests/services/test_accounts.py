"""Account services called directly: each checks its own input and permission."""

import pytest
import sqlalchemy as sa

from pressroom.db import db
from pressroom.domain.errors import ValidationFailed
from pressroom.models import AuditEvent
from pressroom.services import accounts


def _locale_events() -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user.locale")))


def test_set_locale_records_who_changed_it(mission):
    user = mission["po_pace"]
    assert accounts.set_locale(user, "fr") is True
    assert user.locale == "fr"
    (event,) = _locale_events()
    assert (event.actor, event.object_id, event.details["locale"][1]) == (
        user.email,
        str(user.id),
        "fr",
    )
    assert accounts.set_locale(user, "fr") is False  # unchanged: no second event
    assert len(_locale_events()) == 1


@pytest.mark.parametrize("lang", ["kk", "", "xx", "fr_FR"])
def test_set_locale_refuses_a_language_without_an_interface(mission, lang):
    with pytest.raises(ValidationFailed):
        accounts.set_locale(mission["po_pace"], lang)
    assert not _locale_events()
