"""A release's link-preview image (og:image), drawn from the release itself: its title,
the organizations that sign it and its dateline, with the shipped Noto fonts (pure:
strings in, PNG bytes out; nothing is fetched, no PDF is rasterized)."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from pressroom.resources import resource_dir

FONTS = resource_dir("static") / "fonts"
SIZE = (1200, 630)
INK, RULE, MUTED, PAPER = "#1a1a1a", "#1f3a5f", "#555555", "#ffffff"
_TIME = re.compile(r'<time datetime="[^"]*">([^<]*)</time>')


def dateline_of(stored_html: str) -> str:
    """The dateline ("ASTANA, 19 August 2007") of a stored release page."""
    found = _TIME.search(stored_html)
    return html.unescape(found.group(1)) if found else ""


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Greedy line breaking by measured width; an ellipsis ends a cut text."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and font.getlength(lines[-1] + " \u2026") > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " \u2026"
    return lines


def preview_png(title: str, organizations: Sequence[str], dateline: str, kind: str) -> bytes:
    """1200x630 PNG: organizations across the top, the kind ("PRESS RELEASE" in the
    release's language), the title in up to four lines, the dateline at the bottom."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    margin = 72
    width = SIZE[0] - 2 * margin
    draw.rectangle((0, 0, SIZE[0], 14), fill=RULE)
    orgs_font = _font("NotoSans-Bold.ttf", 26)
    y = 56
    for line in wrap("  \u00b7  ".join(organizations), orgs_font, width, 2):
        draw.text((margin, y), line, font=orgs_font, fill=RULE)
        y += 36
    y += 8
    draw.line((margin, y, SIZE[0] - margin, y), fill=RULE, width=3)
    draw.line((margin, y + 7, SIZE[0] - margin, y + 7), fill=RULE, width=1)
    kind_font = _font("NotoSans-Bold.ttf", 24)
    draw.text((margin, y + 34), kind, font=kind_font, fill=MUTED)
    title_font = _font("NotoSerif-Bold.ttf", 58)
    y += 84
    for line in wrap(title, title_font, width, 4):
        draw.text((margin, y), line, font=title_font, fill=INK)
        y += 72
    date_font = _font("NotoSans-Regular.ttf", 28)
    draw.text((margin, SIZE[1] - 64), dateline, font=date_font, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
