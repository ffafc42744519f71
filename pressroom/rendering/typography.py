"""Language-correct punctuation for release text, applied at rendering (a pure function).

Authors type straight quotes and apostrophes and whatever spacing their keyboard gives;
the published document follows each language's conventions:

* English: “double” and ‘single’ quotation marks, typographic apostrophe (’).
* French: « guillemets » with narrow no-break spaces (U+202F) inside, and a narrow
  no-break space before ``: ; ! ?`` (never inside URLs or times), apostrophe ’.
* Russian (and other Cyrillic-script languages using «ёлочки»): «…» without inner
  spaces; a full stop or comma closing a quotation goes outside it («…». not «….»);
  a no-break space before a dash so that no line starts with it.
* German: „…“, apostrophe ’.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"
NBSP = "\u00a0"

#: (opening, closing) double quotation marks per language (primary subtag).
QUOTES = {
    "en": ("\u201c", "\u201d"),
    "fr": ("\u00ab", "\u00bb"),
    "ru": ("\u00ab", "\u00bb"),
    "uk": ("\u00ab", "\u00bb"),
    "be": ("\u00ab", "\u00bb"),
    "kk": ("\u00ab", "\u00bb"),
    "es": ("\u00ab", "\u00bb"),
    "it": ("\u00ab", "\u00bb"),
    "de": ("\u201e", "\u201c"),
    "cs": ("\u201e", "\u201c"),
    "pl": ("\u201e", "\u201d"),
}
_OPENERS = "\u201c\u201e\u00ab\u2018"
# A quotation mark opens when it starts the text or follows a space, an opening bracket,
# a dash or another opening mark; otherwise it closes.
_OPENS_AFTER = re.compile(r"(?:^|[\s(\[{\u2014\u2013/" + _OPENERS + r"])$")


def primary(lang: str) -> str:
    return (lang or "en").replace("-", "_").split("_")[0].lower()


def _quotes(text: str, lang: str) -> str:
    """Every double quotation mark as the language's own; ' as an apostrophe (’) or, in
    English, an opening single quote (‘) where a word starts with it and a closing one
    follows."""
    opening, closing = QUOTES.get(primary(lang), QUOTES["en"])
    out: list[str] = []
    for i, ch in enumerate(text):
        prev = out[-1] if out else ""
        at_start = not prev or bool(_OPENS_AFTER.search(prev))
        if ch in '"\u201c\u201d\u201e\u00ab\u00bb':
            if ch in "\u201e\u00ab":
                opens = True
            elif ch in "\u201d\u00bb":
                opens = False
            else:  # " and “ (an opening mark in English, a closing one in German)
                opens = at_start
            out.append(opening if opens else closing)
        elif ch == "'":
            single_open = (
                at_start
                and primary(lang) == "en"
                and i + 1 < len(text)
                and text[i + 1].isalnum()
                and re.search(r"\w'(?!\w)", text[i + 1 :]) is not None
            )
            out.append("\u2018" if single_open else "\u2019")
        else:
            out.append(ch)
    return "".join(out)


def _french(text: str) -> str:
    text = re.sub(r"\u00ab[ \u00a0\u202f]*", "\u00ab" + NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*\u00bb", NNBSP + "\u00bb", text)
    # before : ; ! ? when they end a clause (followed by space, end, closing mark or
    # bracket): never "http://", "10:30" or "?q=".
    text = re.sub(
        r"(?<=\S)[ \u00a0\u202f]*([:;!?])(?=[\s\u00bb)\]]|$)", lambda m: NNBSP + m.group(1), text
    )
    return text


def _russian(text: str) -> str:
    text = re.sub(r"\u00ab[ \u00a0\u202f]+", "\u00ab", text)
    text = re.sub(r"[ \u00a0\u202f]+\u00bb", "\u00bb", text)
    text = re.sub(r"([.,])\u00bb", "\u00bb\\1", text)  # «….» -> «…».
    text = re.sub(r"\u00bb\.\.", "\u00bb.", text)
    text = re.sub(r" \u2014", NBSP + "\u2014", text)
    return text


def punctuate(text: str, lang: str) -> str:
    """``text`` with the quotation marks, apostrophes and spaces of ``lang``."""
    if not text:
        return text
    text = _quotes(text, lang)
    lang = primary(lang)
    if lang == "fr":
        text = _french(text)
    elif QUOTES.get(lang, ("",))[0] == "\u00ab":
        text = _russian(text)
    return text


def bind_words(text: str) -> str:
    """A heading's or letterhead line's words bound where a line must not break: a word
    of one or two letters to the word after it ("de l’OSCE", "в Европе"), and the last
    word to the one before it, so no line holds a lone short word."""
    text = re.sub(r"(?<![\w’'])(\w{1,2}) (?=\S)", lambda m: m.group(1) + NBSP, text)
    return re.sub(r" (\S{1,10})$", lambda m: NBSP + m.group(1), text)
