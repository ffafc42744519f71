"""The demo, in one place: the joint release of 19 August 2007 (shared/examples) as
organizations, people, contacts, the statement and its Russian and French translations.

The seed (pressroom.demo.seed), the published demo (publish_demo), the documentation
images (scripts/render_demo.py) and the rendering tests all read these values; the test
tests/rendering/test_demo_fidelity.py compares the English PDF with the original text.
"""

from __future__ import annotations

from typing import Any

# fmt: off
#: slug -> website, and per language: (name, short name, letterhead lines)
ORGANIZATIONS: list[dict[str, Any]] = [
    {
        "slug": "osce-pa", "website": "https://www.oscepa.org",
        "names": {
            "en": ("OSCE Parliamentary Assembly", "OSCE PA", ()),
            "fr": ("Assemblée parlementaire de l'OSCE", "AP de l'OSCE", ()),
            "ru": ("Парламентская ассамблея ОБСЕ", "ПА ОБСЕ", ()),
            "de": ("Parlamentarische Versammlung der OSZE", "PV der OSZE", ()),
            "kk": ("ЕҚЫҰ Парламенттік ассамблеясы", "ЕҚЫҰ ПА", ()),
        },
    },
    {
        "slug": "odihr", "website": "https://www.osce.org/odihr",
        "names": {
            "en": ("OSCE Office for Democratic Institutions and Human Rights", "OSCE/ODIHR",
                   ("Organization for Security and Co-operation in Europe",
                    "Office for Democratic Institutions and Human Rights")),
            "fr": ("Bureau des institutions démocratiques et des droits de l'homme de l'OSCE",
                   "BIDDH de l'OSCE",
                   ("Organisation pour la sécurité et la coopération en Europe",
                    "Bureau des institutions démocratiques et des droits de l'homme")),
            "ru": ("Бюро ОБСЕ по демократическим институтам и правам человека", "БДИПЧ ОБСЕ",
                   ("Организация по безопасности и сотрудничеству в Европе",
                    "Бюро по демократическим институтам и правам человека")),
            "de": ("OSZE-Büro für demokratische Institutionen und Menschenrechte",
                   "OSZE/BDIMR",
                   ("Organisation für Sicherheit und Zusammenarbeit in Europa",
                    "Büro für demokratische Institutionen und Menschenrechte")),
            "kk": ("ЕҚЫҰ Демократиялық институттар және адам құқықтары жөніндегі бюросы",
                   "ЕҚЫҰ ДИАҚБ",
                   ("Еуропадағы қауіпсіздік және ынтымақтастық ұйымы",
                    "Демократиялық институттар және адам құқықтары жөніндегі бюро")),
        },
    },
    {
        "slug": "pace", "website": "https://pace.coe.int",
        "names": {
            "en": ("Parliamentary Assembly of the Council of Europe", "PACE", ()),
            "fr": ("Assemblée parlementaire du Conseil de l'Europe", "APCE", ()),
            "ru": ("Парламентская ассамблея Совета Европы", "ПАСЕ", ()),
            "de": ("Parlamentarische Versammlung des Europarates", "PVER", ()),
            "kk": ("Еуропа Кеңесі Парламенттік ассамблеясы", "ЕКПА", ()),
        },
    },
]

#: (organization, name, phone, e-mail, affiliation as the contact block writes it)
CONTACTS = [
    ("osce-pa", "Klas Bergman", "+7 701 795 0486", "klas@oscepa.dk", "OSCE PA"),
    ("odihr", "Urdur Gunnarsdottir", "+7 701 795 0500", "urdur@odihr.pl", "OSCE ODIHR"),
    ("pace", "Bas Klein", "+33 662 265 489", "bas.klein@coe.int", "PACE"),
]

STATEMENT: dict[str, Any] = {
    "title": "Kazakh elections: progress and problems",
    "dateline_city": "Astana",
    "dateline_date": "2007-08-19",
    "organizations": ["odihr", "osce-pa", "pace"],
    "quote_style": "inline",
    "lead": (
        "While the 2007 parliamentary elections in Kazakhstan reflected welcome progress, a "
        "number of international standards were not met, in particular with regard to elements "
        "of the new legal framework and the vote count, concluded the International Election "
        "Observation Mission deployed to monitor the 18 August elections."
    ),
    "body": "\n\n".join([
        "Voting was conducted in a calm atmosphere and was assessed positively by observers. "
        "However the vote count was assessed negatively in over 40 per cent of polling stations "
        "visited, mainly due to procedural problems and lack of transparency.",
        "In the pre-election period, candidates enjoyed increased ability to convey their "
        "messages to voters. Candidate list registration was inclusive. The Central Election "
        "Commission worked transparently and adopted numerous decisions to regulate the "
        "election process and conducted extensive voter education. Observers enjoyed good "
        "co-operation with the authorities.",
        "However, a combination of restrictive legal provisions stands in the way of developing "
        "a pluralistic political party system and decreases accountability of elected "
        "representatives to voters. Those include a high threshold for representation in the "
        "parliament, provisions that parties choose only after the elections which candidates "
        "become members of parliament and undue limitations on the right to seek public office.",
        "Furthermore, nine of the 107 seats in the lower house of parliament are not contested "
        "by popular vote, but appointed, and the governing Nur Otan party received favourable "
        "treatment by authorities and State media.",
    ]),
    "quotes": [
        {
            "id": "osce-pa", "organization": "osce-pa", "honorific": "Senator",
            "speaker": "Consiglio Di Nino",
            "function": "Special Co-Ordinator of the OSCE short-term observers and Head of the "
                        "OSCE Parliamentary Assembly delegation",
            "lead_in": "",
            "text": "Notwithstanding the concerns contained in the report, I believe that these "
                    "elections continue to move Kazakhstan forward in its evolution towards a "
                    "democratic country.",
        },
        {
            "id": "pace", "organization": "pace", "honorific": "",
            "speaker": "David Wilshire",
            "function": "Head of the delegation of the Parliamentary Assembly of the Council "
                        "of Europe",
            "lead_in": "David Wilshire, the Head of the delegation of the Parliamentary Assembly "
                       "of the Council of Europe, said:",
            "text": "Building a democracy is a long and hard task. However, the people of "
                    "Kazakhstan are making real progress. I am not surprised that more needs to "
                    "be done but saddened that the outstanding challenges include some "
                    "fundamental matters.",
        },
        {
            "id": "odihr", "organization": "odihr", "honorific": "Ambassador",
            "speaker": "Lubomir Kopaj",
            "function": "Head of the long-term election observation mission of the OSCE/ODIHR",
            "lead_in": "Ambassador Lubomir Kopaj, who heads the long-term election observation "
                       "mission of the OSCE Office for Democratic Institutions and Human Rights "
                       "(ODIHR), stressed that the election legislation reform, which was "
                       "interrupted by the early elections, needs to be resumed as soon as "
                       "possible.",
            "text": "The authorities have demonstrated a willingness to improve the election "
                    "process, but our observations show that Kazakhstan still needs to make many "
                    "improvements.",
        },
    ],
    "contacts": [
        {"organization": org, "name": name, "phone": phone, "email": email,
         "affiliation": affiliation}
        for org, name, phone, email, affiliation in CONTACTS
    ],
    "further_info_url": "http://www.osce.org/item/25959.html",
}

TRANSLATIONS: dict[str, dict[str, Any]] = {
    "ru": {
        "title": "Выборы в Казахстане: прогресс и проблемы",
        "dateline_city": "Астана",
        "lead": (
            "Хотя парламентские выборы 2007 года в Казахстане отразили заметный прогресс, ряд "
            "международных стандартов не был соблюден, в частности в отношении отдельных "
            "элементов новой правовой базы и подсчета голосов, — к такому выводу пришла "
            "Международная миссия по наблюдению за выборами, развернутая для наблюдения за "
            "выборами 18 августа."
        ),
        "body": "\n\n".join([
            "Голосование проходило в спокойной обстановке и получило положительную оценку "
            "наблюдателей. Однако подсчет голосов был оценен отрицательно более чем на 40 "
            "процентах посещенных избирательных участков, главным образом из-за процедурных "
            "нарушений и недостаточной прозрачности.",
            "В предвыборный период кандидаты получили больше возможностей донести свои идеи до "
            "избирателей. Регистрация партийных списков носила инклюзивный характер. "
            "Центральная избирательная комиссия работала прозрачно, приняла многочисленные "
            "решения, регулирующие избирательный процесс, и провела масштабную "
            "информационную работу с избирателями. Наблюдатели отметили хорошее "
            "сотрудничество со стороны властей.",
            "Тем не менее сочетание ограничительных правовых норм препятствует развитию "
            "плюралистической партийной системы и снижает подотчетность избранных "
            "представителей перед избирателями. К ним относятся высокий барьер для "
            "представительства в парламенте, положения, согласно которым партии лишь после "
            "выборов определяют, кто из кандидатов станет депутатом, а также необоснованные "
            "ограничения права баллотироваться на выборные должности.",
            "Кроме того, девять из 107 мест в нижней палате парламента не избираются "
            "всенародным голосованием, а назначаются, а правящая партия «Нур Отан» "
            "пользовалась благоприятным отношением со стороны властей и государственных СМИ.",
        ]),
        "quotes": [
            {"id": "osce-pa", "organization": "osce-pa", "honorific": "сенатор",
             "speaker": "Консильо Ди Нино",
             "function": "специальный координатор краткосрочных наблюдателей ОБСЕ и глава "
                         "делегации Парламентской ассамблеи ОБСЕ",
             "lead_in": "",
             "text": "Несмотря на озабоченности, изложенные в докладе, я считаю, что эти выборы "
                     "продолжают продвигать Казахстан вперед на пути его развития в "
                     "демократическую страну."},
            {"id": "pace", "organization": "pace", "honorific": "",
             "speaker": "Дэвид Уилшир",
             "function": "глава делегации Парламентской ассамблеи Совета Европы",
             "lead_in": "Глава делегации Парламентской ассамблеи Совета Европы Дэвид Уилшир "
                        "заявил:",
             "text": "Построение демократии — долгая и трудная задача. Однако народ Казахстана "
                     "добивается реального прогресса. Меня не удивляет, что предстоит сделать "
                     "еще многое, но огорчает, что среди нерешенных проблем есть и некоторые "
                     "фундаментальные вопросы."},
            {"id": "odihr", "organization": "odihr", "honorific": "посол",
             "speaker": "Любомир Копай",
             "function": "глава долгосрочной миссии БДИПЧ ОБСЕ по наблюдению за выборами",
             "lead_in": "Посол Любомир Копай, возглавляющий долгосрочную миссию Бюро ОБСЕ по "
                        "демократическим институтам и правам человека (БДИПЧ) по наблюдению за "
                        "выборами, подчеркнул, что реформу избирательного законодательства, "
                        "прерванную досрочными выборами, необходимо возобновить как можно "
                        "скорее.",
             "text": "Власти продемонстрировали готовность совершенствовать избирательный "
                     "процесс, однако наши наблюдения показывают, что Казахстану еще предстоит "
                     "многое улучшить."},
        ],
        "contacts": [
            {"email": "klas@oscepa.dk", "name": "Клас Бергман", "affiliation": "ПА ОБСЕ"},
            {"email": "urdur@odihr.pl", "name": "Урдур Гуннарсдоттир",
             "affiliation": "БДИПЧ ОБСЕ"},
            {"email": "bas.klein@coe.int", "name": "Бас Клейн", "affiliation": "ПАСЕ"},
        ],
    },
    "fr": {
        "title": "Élections au Kazakhstan : des progrès et des problèmes",
        "dateline_city": "Astana",
        "lead": (
            "Si les élections législatives de 2007 au Kazakhstan ont témoigné de progrès "
            "bienvenus, plusieurs normes internationales n'ont pas été respectées, notamment en "
            "ce qui concerne certains éléments du nouveau cadre juridique et le dépouillement, a "
            "conclu la Mission internationale d'observation des élections déployée pour suivre "
            "le scrutin du 18 août."
        ),
        "body": "\n\n".join([
            "Le vote s'est déroulé dans un climat calme et a été jugé positivement par les "
            "observateurs. Le dépouillement a toutefois été évalué négativement dans plus de "
            "40 pour cent des bureaux de vote visités, principalement en raison de problèmes de "
            "procédure et d'un manque de transparence.",
            "Pendant la période préélectorale, les candidats ont disposé de plus grandes "
            "possibilités de faire passer leurs messages auprès des électeurs. L'enregistrement "
            "des listes de candidats a été inclusif. La Commission électorale centrale a "
            "travaillé de manière transparente, a adopté de nombreuses décisions pour encadrer "
            "le processus électoral et a mené une vaste campagne d'éducation des électeurs. "
            "Les observateurs ont bénéficié d'une bonne coopération de la part des autorités.",
            "Cependant, un ensemble de dispositions juridiques restrictives fait obstacle au "
            "développement d'un système de partis pluraliste et réduit la responsabilité des "
            "élus envers les électeurs. Il s'agit notamment d'un seuil de représentation élevé "
            "au parlement, de dispositions permettant aux partis de choisir, seulement après "
            "les élections, lesquels de leurs candidats deviennent députés, ainsi que de "
            "restrictions injustifiées du droit de se porter candidat.",
            "En outre, neuf des 107 sièges de la chambre basse du parlement ne sont pas pourvus "
            "au suffrage universel mais par nomination, et le parti au pouvoir, Nour Otan, a "
            "bénéficié d'un traitement favorable de la part des autorités et des médias publics.",
        ]),
        "quotes": [
            {"id": "osce-pa", "organization": "osce-pa", "honorific": "le sénateur",
             "speaker": "Consiglio Di Nino",
             "function": "coordinateur spécial des observateurs à court terme de l'OSCE et chef "
                         "de la délégation de l'Assemblée parlementaire de l'OSCE",
             "lead_in": "",
             "text": "Malgré les préoccupations exprimées dans le rapport, je pense que ces "
                     "élections continuent de faire avancer le Kazakhstan sur la voie qui le "
                     "mène vers la démocratie."},
            {"id": "pace", "organization": "pace", "honorific": "",
             "speaker": "David Wilshire",
             "function": "chef de la délégation de l'Assemblée parlementaire du Conseil de "
                         "l'Europe",
             "lead_in": "David Wilshire, chef de la délégation de l'Assemblée parlementaire du "
                        "Conseil de l'Europe, a déclaré :",
             "text": "Construire une démocratie est une tâche longue et difficile. Le peuple "
                     "kazakh accomplit cependant de réels progrès. Je ne suis pas surpris qu'il "
                     "reste beaucoup à faire, mais je regrette que les défis à relever touchent "
                     "encore à des questions fondamentales."},
            {"id": "odihr", "organization": "odihr", "honorific": "l'ambassadeur",
             "speaker": "Lubomir Kopaj",
             "function": "chef de la mission d'observation électorale à long terme du BIDDH de "
                         "l'OSCE",
             "lead_in": "L'ambassadeur Lubomir Kopaj, qui dirige la mission d'observation "
                        "électorale à long terme du Bureau des institutions démocratiques et des "
                        "droits de l'homme (BIDDH) de l'OSCE, a souligné que la réforme de la "
                        "législation électorale, interrompue par les élections anticipées, "
                        "devait reprendre dès que possible.",
             "text": "Les autorités ont fait preuve de volonté d'améliorer le processus "
                     "électoral, mais nos observations montrent que le Kazakhstan doit encore "
                     "apporter de nombreuses améliorations."},
        ],
        "contacts": [
            {"email": "klas@oscepa.dk", "name": "", "affiliation": "AP de l'OSCE"},
            {"email": "urdur@odihr.pl", "name": "", "affiliation": "BIDDH de l'OSCE"},
            {"email": "bas.klein@coe.int", "name": "", "affiliation": "APCE"},
        ],
    },
}
# fmt: on

#: What the printed demo shows for verification (the caller passes them in).
DEMO_SHORT_HASH = "3f9a1c27"
DEMO_VERIFY_URL = "https://press.example.org/verify/3f9a1c27"
