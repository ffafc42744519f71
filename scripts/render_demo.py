"""Render the demo press release (Kazakh elections 2007) to HTML, PDF and PNG previews.

    .venv/bin/python scripts/render_demo.py /tmp/render [en ru kk]

Writes <lang>.html, <lang>.pdf, <lang>-<page>.png (pdftoppm, 60 dpi) and, when chromium
is installed, <lang>-screen.png (1200x1600) and <lang>-phone.png (390x844).
The demo documents are also used by tests/rendering.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pressroom.rendering import (  # noqa: E402
    ContactView,
    Labels,
    Letterhead,
    QuoteView,
    ReleaseDocument,
    render_pdf,
    render_release_html,
)

# fmt: off
ORGS = {
    "en": (
        Letterhead("OSCE Parliamentary Assembly", "OSCE PA",
                   ("Organization for Security and Co-operation in Europe",),
                   "https://www.oscepa.org"),
        Letterhead("Organization for Security and Co-operation in Europe", "OSCE/ODIHR",
                   ("Office for Democratic Institutions and Human Rights",),
                   "https://www.osce.org/odihr"),
        Letterhead("Parliamentary Assembly of the Council of Europe", "PACE",
                   ("Council of Europe",), "https://pace.coe.int"),
    ),
    "ru": (
        Letterhead("Парламентская ассамблея ОБСЕ", "ПА ОБСЕ",
                   ("Организация по безопасности и сотрудничеству в Европе",)),
        Letterhead("Организация по безопасности и сотрудничеству в Европе", "БДИПЧ ОБСЕ",
                   ("Бюро по демократическим институтам и правам человека",)),
        Letterhead("Парламентская ассамблея Совета Европы", "ПАСЕ", ("Совет Европы",)),
    ),
    "kk": (
        Letterhead("ЕҚЫҰ Парламенттік ассамблеясы", "ЕҚЫҰ ПА",
                   ("Еуропадағы қауіпсіздік және ынтымақтастық ұйымы",)),
        Letterhead("Еуропадағы қауіпсіздік және ынтымақтастық ұйымы", "ЕҚЫҰ ДИАҚБ",
                   ("Демократиялық институттар және адам құқықтары жөніндегі бюро",)),
        Letterhead("Еуропа Кеңесі Парламенттік ассамблеясы", "ЕКПА", ("Еуропа Кеңесі",)),
    ),
}

LABELS = {
    "en": Labels(),
    "ru": Labels(
        press_release="ПРЕСС-РЕЛИЗ",
        contact_intro="За дополнительной информацией обращайтесь:",
        further_info_intro="Вложения в формате PDF и ссылки на источники дополнительной "
        "информации:",
        tel="тел.", page="Страница {page} из {pages}", published="Опубликовано",
        verify="Проверить подлинность документа",
        superseded="Эта версия заменена исправленной версией.",
        withdrawn="Этот пресс-релиз отозван.", correction="Исправление",
        preview="ПРЕДВАРИТЕЛЬНЫЙ ПРОСМОТР — не опубликовано", version="Версия {version}",
    ),
    "kk": Labels(
        press_release="БАСПАСӨЗ РЕЛИЗІ",
        contact_intro="Қосымша ақпарат алу үшін хабарласыңыз:",
        further_info_intro="PDF тіркемелер мен қосымша ақпарат көздеріне сілтемелер:",
        tel="тел.", page="Бет {page} / {pages}", published="Жарияланған күні",
        verify="Құжаттың түпнұсқалығын тексеру",
        superseded="Бұл нұсқа түзетілген нұсқамен ауыстырылды.",
        withdrawn="Бұл баспасөз релизі кері қайтарылды.", correction="Түзету",
        preview="АЛДЫН АЛА ҚАРАУ — жарияланбаған", version="{version}-нұсқа",
    ),
}

# (name, organization) per language; phone and e-mail are the same in every language
CONTACTS = {
    "en": (("Klas Bergman", "OSCE PA"), ("Urdur Gunnarsdottir", "OSCE ODIHR"),
           ("Bas Klein", "PACE")),
    "ru": (("Клас Бергман", "ПА ОБСЕ"), ("Урдур Гуннарсдоттир", "БДИПЧ ОБСЕ"),
           ("Бас Клейн", "ПАСЕ")),
    "kk": (("Клас Бергман", "ЕҚЫҰ ПА"), ("Урдур Гуннарсдоттир", "ЕҚЫҰ ДИАҚБ"),
           ("Бас Клейн", "ЕКПА")),
}
PHONES_EMAILS = (("+7 701 795 0486", "klas@oscepa.dk"), ("+7 701 795 0500", "urdur@odihr.pl"),
                 ("+33 6 62 26 54 89", "bas.klein@coe.int"))

TEXT = {
    "en": dict(
        title="Kazakh elections: progress and problems",
        dateline="ASTANA, 19 August 2007",
        published_on="20 August 2007",
        lead="While the 2007 parliamentary elections in Kazakhstan reflected welcome progress, "
        "a number of international standards were not met, in particular with regard to "
        "elements of the new legal framework and the vote count, concluded the International "
        "Election Observation Mission deployed to monitor the 18 August elections.",
        body=[
            "Voting was conducted in a calm atmosphere and was assessed positively by observers. "
            "However the vote count was assessed negatively in over 40 per cent of polling "
            "stations visited, mainly due to procedural problems and lack of transparency.",
            "In the pre-election period, candidates enjoyed increased ability to convey their "
            "messages to voters. Candidate list registration was inclusive. The Central Election "
            "Commission worked transparently and adopted numerous decisions to regulate the "
            "election process and conducted extensive voter education. Observers enjoyed good "
            "co-operation with the authorities.",
            "However, a combination of restrictive legal provisions stands in the way of "
            "developing a pluralistic political party system and decreases accountability of "
            "elected representatives to voters. Those include a high threshold for "
            "representation in the parliament, provisions that parties choose only after the "
            "elections which candidates become members of parliament and undue limitations on "
            "the right to seek public office.",
            "Furthermore, nine of the 107 seats in the lower house of parliament are not "
            "contested by popular vote, but appointed, and the governing Nur Otan party "
            "received favourable treatment by authorities and State media.",
        ],
        quotes=[
            ("Senator Consiglio Di Nino", "Special Co-ordinator of the OSCE short-term "
             "observers and Head of the OSCE Parliamentary Assembly delegation", "OSCE PA",
             "Notwithstanding the concerns contained in the report, I believe that these "
             "elections continue to move Kazakhstan forward in its evolution towards a "
             "democratic country."),
            ("David Wilshire", "Head of the delegation of the Parliamentary Assembly of the "
             "Council of Europe", "PACE",
             "Building a democracy is a long and hard task. However, the people of Kazakhstan "
             "are making real progress. I am not surprised that more needs to be done but "
             "saddened that the outstanding challenges include some fundamental matters."),
            ("Ambassador Lubomir Kopaj", "Head of the OSCE/ODIHR long-term election "
             "observation mission", "OSCE/ODIHR",
             "The authorities have demonstrated a willingness to improve the election process, "
             "but our observations show that Kazakhstan still needs to make many improvements."),
        ],
    ),
    "ru": dict(
        title="Выборы в Казахстане: прогресс и проблемы",
        dateline="АСТАНА, 19 августа 2007 г.",
        published_on="20 августа 2007 г.",
        lead="Хотя парламентские выборы 2007 года в Казахстане отразили отрадный прогресс, ряд "
        "международных стандартов не был соблюден, в частности в отношении элементов новой "
        "правовой базы и подсчета голосов, — к такому выводу пришла Международная миссия по "
        "наблюдению за выборами 18 августа.",
        body=[
            "Голосование проходило в спокойной обстановке и получило положительную оценку "
            "наблюдателей. Однако подсчет голосов был оценен отрицательно более чем на 40 "
            "процентах посещенных избирательных участков, главным образом из-за процедурных "
            "проблем и недостаточной прозрачности.",
            "В предвыборный период кандидаты имели больше возможностей донести свои идеи до "
            "избирателей. Центральная избирательная комиссия работала открыто, приняла "
            "многочисленные решения для регулирования избирательного процесса и провела "
            "масштабную разъяснительную работу среди избирателей.",
            "Вместе с тем сочетание ограничительных правовых норм препятствует развитию "
            "плюралистической партийной системы и снижает подотчетность избранных "
            "представителей избирателям. Кроме того, девять из 107 мест в нижней палате "
            "парламента не избираются, а назначаются, а правящая партия «Нур Отан» пользовалась "
            "благоприятным отношением со стороны властей и государственных СМИ.",
        ],
        quotes=[
            ("Сенатор Консильо Ди Нино", "специальный координатор краткосрочных наблюдателей "
             "ОБСЕ, глава делегации Парламентской ассамблеи ОБСЕ", "ПА ОБСЕ",
             "Несмотря на озабоченности, изложенные в докладе, я считаю, что эти выборы "
             "продолжают продвигать Казахстан по пути к демократии"),
            ("Дэвид Уилшир", "глава делегации Парламентской ассамблеи Совета Европы", "ПАСЕ",
             "Построение демократии — долгая и трудная задача. Тем не менее народ Казахстана "
             "добивается реального прогресса"),
            ("Посол Любомир Копай", "глава миссии долгосрочного наблюдения БДИПЧ ОБСЕ",
             "БДИПЧ ОБСЕ", "Власти продемонстрировали готовность совершенствовать "
             "избирательный процесс, однако Казахстану еще предстоит многое улучшить"),
        ],
    ),
    "kk": dict(
        title="Қазақстандағы сайлау: жетістіктер мен проблемалар",
        dateline="АСТАНА, 2007 жылғы 19 тамыз",
        published_on="2007 жылғы 20 тамыз",
        lead="Қазақстанда 2007 жылы өткен парламент сайлауы елеулі ілгерілеушілікті көрсеткенімен, "
        "бірқатар халықаралық стандарттар, атап айтқанда жаңа құқықтық негіз бен дауыстарды "
        "санау тұрғысынан, сақталмады, деп қорытындылады Халықаралық сайлауды бақылау миссиясы.",
        body=[
            "Дауыс беру Астана шаһарында және өңірлерде тыныш жағдайда өтті және бақылаушылар "
            "оны оң бағалады. Алайда бақылаушылар барған сайлау учаскелерінің 40 пайыздан "
            "астамында дауыстарды санау теріс бағаланды.",
            "Сайлау алдындағы кезеңде кандидаттардың өз ұстанымдарын сайлаушыларға жеткізу "
            "мүмкіндігі артты. Орталық сайлау комиссиясы ашық жұмыс істеді.",
            "Сонымен қатар төменгі палатадағы 107 орынның тоғызы дауыс беру арқылы емес, "
            "тағайындау арқылы толтырылады, ал билеуші «Нұр Отан» партиясы мемлекеттік БАҚ "
            "тарапынан қолайлы қарым-қатынасқа ие болды.",
        ],
        quotes=[
            ("Сенатор Консильо Ди Нино", "ЕҚЫҰ Парламенттік ассамблеясы делегациясының басшысы",
             "ЕҚЫҰ ПА", "Баяндамада айтылған алаңдаушылықтарға қарамастан, бұл сайлау "
             "Қазақстанды демократия жолында алға жылжытып келеді деп санаймын."),
            ("Дэвид Уилшир", "Еуропа Кеңесі Парламенттік ассамблеясы делегациясының басшысы",
             "ЕКПА", "Демократия құру — ұзақ әрі қиын міндет. Дегенмен Қазақстан халқы нақты "
             "ілгерілеушілікке қол жеткізіп келеді."),
            ("Елші Любомир Копай", "ЕҚЫҰ ДИАҚБ ұзақ мерзімді бақылау миссиясының басшысы",
             "ЕҚЫҰ ДИАҚБ", "Билік органдары сайлау процесін жетілдіруге дайын екенін көрсетті, "
             "бірақ Қазақстанға әлі де көп нәрсені жақсарту қажет."),
        ],
    ),
}
# fmt: on


def demo_document(lang: str = "en", **overrides: object) -> ReleaseDocument:
    text = TEXT[lang]
    contacts = tuple(
        ContactView(name, org, phone, email)
        for (name, org), (phone, email) in zip(CONTACTS[lang], PHONES_EMAILS, strict=True)
    )
    fields: dict[str, object] = dict(
        lang=lang,
        title=text["title"],
        dateline=text["dateline"],
        lead=text["lead"],
        body_markdown="\n\n".join(text["body"]),
        letterheads=ORGS[lang],
        quotes=tuple(QuoteView(*q) for q in text["quotes"]),
        contacts=contacts,
        further_info_url="http://www.osce.org/item/25959.html",
        labels=LABELS[lang],
        published_on=text["published_on"],
        short_hash="3f9a1c27",
        verify_url="https://press.example.org/verify/3f9a1c27",
        author=", ".join(lh.short_name for lh in ORGS[lang]),
    )
    fields.update(overrides)
    return ReleaseDocument(**fields)  # type: ignore[arg-type]


def render_files(out: Path, lang: str) -> Path:
    doc = demo_document(lang)
    (out / f"{lang}.html").write_text(render_release_html(doc), encoding="utf-8")
    pdf_path = out / f"{lang}.pdf"
    pdf_path.write_bytes(
        render_pdf(
            render_release_html(doc, for_pdf=True),
            lang=doc.lang,
            title=doc.title,
            author=doc.author,
            subject=doc.lead,
        )
    )
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf_path), str(out / lang)], check=True)
    return pdf_path


class _Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:  # /static/... from the repo, rest from out
        if path.startswith("/static/"):
            return str(REPO) + path.split("?")[0]
        return super().translate_path(path)

    def log_message(self, *args: object) -> None:
        pass


def screenshots(out: Path, langs: list[str]) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("chromium not found: no HTML screenshots")
        return
    handler = functools.partial(_Handler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        for lang in langs:
            for name, size in (("screen", "1200,1600"), ("phone", "390,844")):
                subprocess.run(
                    [
                        browser,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--hide-scrollbars",
                        "--virtual-time-budget=5000",
                        f"--screenshot={out / f'{lang}-{name}.png'}",
                        f"--window-size={size}",
                        f"http://127.0.0.1:{port}/{lang}.html",
                    ],
                    check=False,
                    capture_output=True,
                    timeout=60,
                )
        server.shutdown()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    langs = argv[1:] or ["en", "ru", "kk"]
    for lang in langs:
        print("wrote", render_files(out, lang))
    screenshots(out, langs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
