"""Site-wide files that crawlers and browsers ask for (pure)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from .preview import FONTS, RULE

#: The working application: not for search engines (the newsroom, release pages, their
#: files, the verify page and the sitemap are).
APP_PREFIXES = (
    "/statements/",
    "/admin/",
    "/audit",
    "/account",
    "/login",
    "/logout",
    "/language",
    "/api/",
)


def robots_txt(sitemap_url: str, disallow: Sequence[str] = APP_PREFIXES) -> str:
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {p}" for p in disallow)]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def favicon_ico() -> bytes:
    """A "P" in the letterhead's blue, 16-48 px, drawn once."""
    image = Image.new("RGBA", (64, 64), RULE)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONTS / "NotoSerif-Bold.ttf"), 52)
    draw.text((32, 30), "P", font=font, fill="#ffffff", anchor="mm")
    out = io.BytesIO()
    image.save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()
