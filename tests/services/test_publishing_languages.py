"""The demo journey's output: the release of 19 August 2007 in English, Russian and French,
each PDF carrying what the example release carries, in its own language."""

import io
import re

from pypdf import PdfReader

from pressroom import demo
from pressroom.models import ArtifactKind
from pressroom.queries import releases
from pressroom.services import storage

EXPECTED = {
    "en": [
        "PRESS RELEASE",
        "Kazakh elections: progress and problems",
        "ASTANA, 19 August 2007",
        "Building a democracy is a long and hard task.",
        "For further information",
    ],
    "ru": [
        "ПРЕСС-РЕЛИЗ",
        "Выборы в Казахстане: прогресс и проблемы",
        "АСТАНА, 19 августа 2007\u202fг.",
        "Построение демократии\u00a0— долгая и трудная задача.",  # no line starts with a dash
        "За дополнительной информацией",
    ],
    "fr": [
        "COMMUNIQUÉ DE PRESSE",
        "Élections au Kazakhstan",
        "ASTANA, 19 août 2007",
        "Construire une démocratie est une tâche longue et difficile.",
        "Pour de plus amples informations",
    ],
}
CONTACTS = [
    ("Klas Bergman", "+7 701 795 0486", "klas@oscepa.dk"),
    ("Urdur Gunnarsdottir", "+7 701 795 0500", "urdur@odihr.pl"),
    ("Bas Klein", "+33 6 62 26 54 89", "bas.klein@coe.int"),
]
#: Names written differently in a language (the translation's contact names).
LOCAL_NAMES = {
    "ru": {
        "Klas Bergman": "Клас Бергман",
        "Urdur Gunnarsdottir": "Урдур Гуннарсдоттир",
        "Bas Klein": "Бас Клейн",
    }
}
#: Speakers as each language writes them, honorific included (issue #15).
SPEAKERS = {
    "en": ["Senator Consiglio Di Nino", "David Wilshire", "Ambassador Lubomir Kopaj"],
    "ru": ["сенатор Консильо Ди Нино", "Дэвид Уилшир", "Посол Любомир Копай"],
    "fr": ["le sénateur Consiglio Di Nino", "David Wilshire", "L’ambassadeur Lubomir Kopaj"],
}


def test_demo_release_in_english_russian_and_french(app) -> None:
    statement = demo.publish_demo()
    release = releases.public_release(statement.slug)
    # Published at its historical moment, dated as its dateline.
    assert release.public_at.date().isoformat() == "2007-08-19"
    assert release.date.isoformat() == "2007-08-19"
    assert sorted(releases.languages(release)) == ["en", "fr", "ru"]
    for lang, phrases in EXPECTED.items():
        artifact = releases.artifact(release, lang, ArtifactKind.pdf)
        reader = PdfReader(io.BytesIO(storage.path_for(artifact.sha256, "pdf").read_bytes()))
        text = re.sub(r"[ \n]+", " ", " ".join(page.extract_text() for page in reader.pages))
        for expected in [*phrases, *SPEAKERS[lang]]:
            assert expected in text, (lang, expected)
        for name, phone, email in CONTACTS:
            name = LOCAL_NAMES.get(lang, {}).get(name, name)
            assert name in text and phone in text and email in text, (lang, name)
        if lang == "ru":
            assert not any(name in text for name in LOCAL_NAMES["ru"])
            assert "Ambassador" not in text and "Senator" not in text
        assert reader.trailer["/Root"]["/Lang"] == lang
        assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
        assert "http://www.osce.org/item/25959.html" in text
