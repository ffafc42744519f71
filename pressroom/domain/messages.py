"""Messages of the domain: a message id and its parameters, translated at the edge.

The domain imports no Flask and no Babel. A rule that refuses something returns or raises
`msg("Enter a valid e-mail address.")`; the message becomes text only when it is shown,
through the translator the application installs (`set_translator`), so a French API user
reads French. Extraction picks the ids up through the keyword `msg` (babel.cfg/Makefile).
Without an installed translator (scripts, pure tests) the English id is interpolated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Translator = Callable[[str, Mapping[str, Any]], str]


def _english(msgid: str, params: Mapping[str, Any]) -> str:
    return msgid % text_params(params) if params else msgid


def text_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters that are messages themselves ("… cannot be %(action)s") become text in
    the same language."""
    return {k: str(v) if isinstance(v, Message) else v for k, v in params.items()}


_translator: Translator = _english


def set_translator(translator: Translator | None) -> None:
    """Installed once by the application (pressroom.i18n); None restores English."""
    global _translator
    _translator = translator or _english


@dataclass(frozen=True)
class Message:
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return _translator(self.msgid, self.params)

    def __html__(self) -> str:  # Jinja: escaped like any text
        from html import escape

        return escape(str(self))


def msg(msgid: str, **params: Any) -> Message:
    return Message(msgid, params)
