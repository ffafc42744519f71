"""Issue #16, item 6: the embargo's time zone is picked by city, in the interface language,
defaulting to the dateline city's zone; Astana is a city people may type."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from pressroom import clock
from pressroom.db import db
from pressroom.models import Release
from pressroom.zones import find_zone, zone_for_city, zone_options
from tests.services.test_publishing import approve_all


def test_cities_in_every_interface_language_and_capitals_without_a_zone():
    assert zone_for_city("Astana") == zone_for_city("астана") == "Asia/Almaty"
    assert zone_for_city("Vienne") == zone_for_city("Вена") == "Europe/Vienna"
    assert find_zone("Wien", "de") == "Europe/Vienna"
    assert find_zone("Europe/Vienna", "en") == "Europe/Vienna"  # the IANA name still works
    assert find_zone("Atlantis", "en") is None
    labels = {o.zone: o.label for o in zone_options("ru")}
    assert labels["Asia/Almaty"].startswith("Алматы — Казахстан (UTC+")
    assert find_zone(labels["Asia/Almaty"], "ru") == "Asia/Almaty"
    assert "CST6CDT" not in labels  # no city, no option


def test_embargo_zone_picked_by_city_defaulting_to_the_dateline(
    client, auth, mission, create_statement
):
    statement = create_statement(targets=[])  # dateline Astana; the statement's zone: UTC
    approve_all(statement, mission)
    auth.login(mission["po_odihr"])
    client.post("/language", data={"lang": "ru", "next": "/"})
    page = client.get(f"/statements/{statement.id}/publish").get_data(as_text=True)
    assert re.search(r'<input[^>]*list="zones"', page)
    assert '<option value="Вена — Австрия (UTC+' in page
    assert re.search(
        r'name="pub-timezone"[^>]*value="Алматы — Казахстан \(UTC\+', page
    ) or re.search(r'value="Алматы — Казахстан \(UTC\+[^"]*"[^>]*name="pub-timezone"', page)
    when = (clock.now() + dt.timedelta(days=2)).astimezone(ZoneInfo("Asia/Almaty"))
    local = when.strftime("%Y-%m-%dT%H:%M")
    bad = client.post(
        f"/statements/{statement.id}/publish",
        data={"pub-embargo_until": local, "pub-timezone": "Атлантида"},
    )
    assert bad.status_code == 400
    assert 'value="Атлантида"' in bad.get_data(as_text=True)  # kept, with a message
    assert "Выберите город" in bad.get_data(as_text=True)
    response = client.post(
        f"/statements/{statement.id}/publish",
        data={"pub-embargo_until": local, "pub-timezone": "Astana"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    release = db.session.query(Release).filter_by(statement_id=statement.id).one()
    assert release.public_at == when.replace(second=0, microsecond=0)


def test_new_statement_zone_from_the_dateline_city(client, auth, mission):
    auth.login(mission["po_odihr"])
    page = client.get("/statements/new").get_data(as_text=True)
    assert 'name="timezone"' in page and '<datalist id="zones">' in page
    client.post(
        "/statements/new",
        data={
            "title": "Zone test",
            "body": "Text.",
            "dateline_city": "Astana",
            "dateline_date": "2007-08-19",
            "source_language": "en",
            "timezone": "",
        },
    )
    from pressroom.models import Statement

    created = db.session.query(Statement).order_by(Statement.id.desc()).first()
    assert created is not None and created.timezone == "Asia/Almaty"
