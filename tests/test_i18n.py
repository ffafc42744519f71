"""Locale selection order and locale-aware datelines."""

import pytest

from pressroom.db import db
from pressroom.models import Role
from pressroom.services.documents import format_dateline, labels_for


@pytest.mark.parametrize(
    ("city", "lang", "expected"),
    [
        ("Astana", "en", "ASTANA, 19 August 2007"),
        ("Astana", "fr", "ASTANA, 19 août 2007"),
        ("Астана", "ru", "АСТАНА, 19 августа 2007\u202fг."),
        ("Astana", "de", "ASTANA, 19. August 2007"),
        ("Астана", "kk", "АСТАНА, 2007\u202fж. 19 тамыз"),
    ],
)
def test_datelines(city: str, lang: str, expected: str) -> None:
    assert format_dateline(city, "2007-08-19", lang) == expected


def test_unknown_date_kept_verbatim() -> None:
    assert format_dateline("Astana", "19/08/2007", "en") == "ASTANA, 19/08/2007"


def test_release_phrases_follow_the_document_language(app) -> None:
    with app.app_context():
        assert labels_for("en").press_release == "PRESS RELEASE"
        assert labels_for("ru").press_release == "ПРЕСС-РЕЛИЗ"
        assert labels_for("fr").contact_intro.startswith("Pour de plus amples informations")
        # Kazakh is a content language only: its catalog carries the release's phrases
        assert labels_for("kk").press_release == "БАСПАСӨЗ РЕЛИЗІ"
        assert labels_for("kk").contact_intro == "Қосымша ақпарат алу үшін хабарласыңыз:"


def test_accept_language_when_anonymous(client) -> None:
    page = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert '<html lang="de">' in page.get_data(as_text=True)
    assert '<html lang="en">' in client.get("/login", headers={"Accept-Language": "ja"}).get_data(
        as_text=True
    )


def test_user_preference_beats_accept_language(client, auth, create_org, create_user) -> None:
    user = create_user(Role.press_officer, create_org())
    user.locale = "fr"
    db.session.commit()
    auth.login(user)
    page = client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="fr">' in page


def test_url_prefix_beats_preference(client, auth, create_org, create_user) -> None:
    user = create_user(Role.press_officer, create_org())
    user.locale = "fr"
    db.session.commit()
    auth.login(user)
    # An unknown release is a 404 page, rendered in the URL's language.
    page = client.get("/ru/releases/nothing", headers={"Accept-Language": "de"})
    assert '<html lang="ru">' in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "zone", "expected"),
    [
        ("en", "Asia/Almaty", "19 August 2007, 16:00 (Almaty, UTC+6)"),
        ("ru", "Asia/Almaty", "19 августа 2007\u202fг., 16:00 (Алматы, UTC+6)"),
        ("de", "Asia/Kolkata", "19. August 2007, 15:30 (Kalkutta, UTC+5:30)"),
        ("fr", "UTC", "19 août 2007, 10:00 (UTC)"),
    ],
)
def test_times_in_the_statements_zone_are_named(app, lang, zone, expected) -> None:
    import datetime as dt

    from flask_babel import force_locale

    from pressroom.i18n import format_in_zone

    with app.test_request_context(), force_locale(lang):
        moment = dt.datetime(2007, 8, 19, 10, 0, tzinfo=dt.UTC)
        assert format_in_zone(moment, zone) == expected


def test_preview_shows_source_for_untranslated_paragraphs() -> None:
    from pressroom.rendering.compose import _fill_untranslated

    assert (
        _fill_untranslated("Первый.\n\n[… 2]\n\nТретий.", "One.\n\nTwo.\n\nThree.")
        == "Первый.\n\nTwo.\n\nТретий."
    )


def test_app_refuses_to_start_without_compiled_catalogs(tmp_path) -> None:
    from pressroom import create_app

    po = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n')
    config = {
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "SECRET_KEY": "x",
        "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path),
    }
    with pytest.raises(RuntimeError, match="pybabel compile -d translations"):
        create_app(config)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source, po.with_suffix(".mo").open("wb") as target:
        write_mo(target, read_po(source))
    assert create_app(config).config["BABEL_TRANSLATION_DIRECTORIES"] == str(tmp_path)
