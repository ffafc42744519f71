"""Russian and French translations of the demo release, for the documentation images,
the benchmarks and the browser journey (the demo itself starts untranslated)."""

from __future__ import annotations

from typing import Any

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
            {"organization": "osce-pa",
             "function": "Специальный координатор краткосрочных наблюдателей ОБСЕ и глава "
                         "делегации Парламентской ассамблеи ОБСЕ",
             "text": "Несмотря на озабоченности, изложенные в докладе, я считаю, что эти выборы "
                     "продолжают продвигать Казахстан вперед на пути его развития в "
                     "демократическую страну."},
            {"organization": "pace",
             "function": "Глава делегации Парламентской ассамблеи Совета Европы",
             "text": "Построение демократии — долгая и трудная задача. Однако народ Казахстана "
                     "добивается реального прогресса. Меня не удивляет, что предстоит сделать "
                     "еще многое, но огорчает, что среди нерешенных проблем есть и некоторые "
                     "фундаментальные вопросы."},
            {"organization": "odihr",
             "function": "Глава долгосрочной миссии БДИПЧ ОБСЕ по наблюдению за выборами",
             "text": "Власти продемонстрировали готовность совершенствовать избирательный "
                     "процесс, однако наши наблюдения показывают, что Казахстану еще предстоит "
                     "многое улучшить."},
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
            {"organization": "osce-pa",
             "function": "Coordinateur spécial des observateurs à court terme de l'OSCE et chef "
                         "de la délégation de l'Assemblée parlementaire de l'OSCE",
             "text": "Malgré les préoccupations exprimées dans le rapport, je pense que ces "
                     "élections continuent de faire avancer le Kazakhstan sur la voie qui le "
                     "mène vers la démocratie."},
            {"organization": "pace",
             "function": "Chef de la délégation de l'Assemblée parlementaire du Conseil de "
                         "l'Europe",
             "text": "Construire une démocratie est une tâche longue et difficile. Le peuple "
                     "kazakh accomplit cependant de réels progrès. Je ne suis pas surpris qu'il "
                     "reste beaucoup à faire, mais je regrette que les défis à relever touchent "
                     "encore à des questions fondamentales."},
            {"organization": "odihr",
             "function": "Chef de la mission d'observation électorale à long terme du BIDDH de "
                         "l'OSCE",
             "text": "Les autorités ont fait preuve de volonté d'améliorer le processus "
                     "électoral, mais nos observations montrent que le Kazakhstan doit encore "
                     "apporter de nombreuses améliorations."},
        ],
    },
}
