"""A suggestion for writing a Latin-script name in Cyrillic ("David Wilshire" ->
"Дэвид Уилшир"), for translators to accept or correct. Practical transcription by a few
ordered rules: good enough to save typing, never stored without the translator's say."""

from __future__ import annotations

import re

CYRILLIC_LANGUAGES = {"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"}

# Longest first; applied to lower-case text at the current position.
_RULES: tuple[tuple[str, str], ...] = (
    ("shch", "щ"),
    ("sch", "ш"),
    ("tch", "ч"),
    ("gli", "ль"),
    ("ire", "ир"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("tz", "ц"),
    ("ph", "ф"),
    ("th", "т"),
    ("ck", "к"),
    ("qu", "кв"),
    ("ee", "и"),
    ("oo", "у"),
    ("ya", "я"),
    ("yu", "ю"),
    ("yo", "йо"),
    ("ye", "е"),
    ("ja", "я"),
    ("ju", "ю"),
    ("ay", "ей"),
    ("ey", "ей"),
    ("av", "эв"),
    ("a", "а"),
    ("b", "б"),
    ("c", "к"),
    ("d", "д"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "х"),
    ("i", "и"),
    ("j", "дж"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "у"),
    ("x", "кс"),
    ("y", "и"),
    ("z", "з"),
)
_VOWELS = set("aeiouy")
_SOFT_C = re.compile(r"c(?=[eiy])")


def uses_cyrillic(lang: str) -> bool:
    return (lang or "").replace("-", "_").split("_")[0].lower() in CYRILLIC_LANGUAGES


def _word(word: str) -> str:
    low = _SOFT_C.sub("s", word.lower())
    out: list[str] = []
    i = 0
    while i < len(low):
        ch = low[i]
        if (
            ch == "j"
            and i > 0
            and low[i - 1] in _VOWELS
            and (i + 1 == len(low) or low[i + 1] not in _VOWELS)
        ):
            out.append("й")  # Kopaj -> Копай
            i += 1
            continue
        if ch == "e" and i == 0:
            out.append("э")
            i += 1
            continue
        for latin, cyrillic in _RULES:
            if low.startswith(latin, i):
                if latin == "av" and i != 1:
                    continue  # "Dav-" -> "Дэв-" only at the start of a name
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(ch)
            i += 1
    result = "".join(out)
    if word[:1].isupper():
        result = result[:1].upper() + result[1:]
    return result


def to_cyrillic(name: str) -> str:
    """Latin letters of ``name`` transcribed into Russian Cyrillic; the rest unchanged."""
    return re.sub(r"[A-Za-z]+", lambda m: _word(m.group(0)), name)
