"""The text of a published release page as plain text for e-mail: what the reader sees
(title, text, quotes, contacts, links), one paragraph per block, without the letterhead, the
page furniture or any markup. Read from the stored page, so the mail says exactly what was
published."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "li",
    "blockquote",
    "address",
    "section",
    "div",
    "ul",
    "ol",
    "br",
}
_SKIPPED_TAGS = {"script", "style", "nav", "footer", "head", "title", "template"}
_SKIPPED_CLASSES = {
    "letterhead",
    "preview-band",
    "release__verify-link",
    "release__kind",
    "release__title",
    "contact__vcard",
}
_VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.in_main = False

    @property
    def skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "main":
            self.in_main = True
        if tag in _BLOCKS:
            self._flush()
        if tag in _VOID:
            return
        self.stack.append((tag, tag in _SKIPPED_TAGS or bool(classes & _SKIPPED_CLASSES)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack:
            open_tag, _skipped = self.stack.pop()
            if open_tag == tag:
                break
        if tag in _BLOCKS:
            self._flush()
        if tag == "main":
            self.in_main = False

    def handle_data(self, data: str) -> None:
        if self.in_main and not self.skipping:
            self.current.append(data)


def release_text(page_html: str) -> str:
    """The readable text of a stored release page, without its title (the mail sets it
    above): blocks separated by a blank line."""
    parser = _Text()
    parser.feed(page_html)
    parser.close()
    parser._flush()
    return "\n\n".join(parser.blocks)
