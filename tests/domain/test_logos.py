"""Uploaded logos: SVG rebuilt from an allow-list, raster images re-encoded, limits."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from pressroom.domain.errors import ValidationFailed
from pressroom.domain.logos import MAX_SIDE, MAX_UPLOAD, clean_logo

HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(http://127.0.0.1:9/x.css);</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#123"/></linearGradient></defs>
  <rect width="10" height="10" fill="url(#g)" onclick="alert(3)"/>
  <circle r="3" fill="url(http://127.0.0.1:9/f)"/>
  <image href="http://127.0.0.1:9/i.png" width="5" height="5"/>
  <use xlink:href="http://127.0.0.1:9/s.svg#a"/>
  <use xlink:href="#g"/>
  <foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>
  <a href="javascript:alert(4)"><path d="M0 0L1 1"/></a>
  <text x="1" y="9" font-family="serif">OSCE</text>
</svg>"""


def png(width: int, height: int, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#1f3a5f").save(out, format=fmt)
    return out.getvalue()


def test_svg_keeps_the_drawing_and_nothing_that_runs_or_fetches() -> None:
    logo = clean_logo(HOSTILE_SVG)
    text = logo.data.decode()
    assert logo.media_type == "image/svg+xml" and logo.filename.endswith(".svg")
    for gone in (
        "script",
        "alert",
        "onload",
        "onclick",
        "style",
        "127.0.0.1",
        "image",
        "foreignObject",
        "javascript",
        "<a",
    ):
        assert gone not in text, gone
    for kept in ('fill="url(#g)"', "<rect", 'href="#g"', ">OSCE</text>", "linearGradient"):
        assert kept in text, kept


@pytest.mark.parametrize(
    "svg",
    [
        b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        b"<svg xmlns='http://www.w3.org/2000/svg'><rect",
        b"<?xml version='1.0'?><html/>",
    ],
)
def test_unreadable_or_entity_svg_is_refused(svg: bytes) -> None:
    with pytest.raises(ValidationFailed):
        clean_logo(svg)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_raster_is_re_encoded_as_png_within_the_size_limit(fmt: str) -> None:
    logo = clean_logo(png(1600, 400, fmt))
    assert logo.media_type == "image/png" and logo.filename.endswith(".png")
    with Image.open(io.BytesIO(logo.data)) as image:
        assert image.format == "PNG" and max(image.size) == MAX_SIDE
        assert not image.info.get("exif")


@pytest.mark.parametrize(
    "data", [b"", b"not an image", b"GIF89a" + b"\0" * 20, b"\x89PNG" + b"\0" * (MAX_UPLOAD + 1)]
)
def test_other_files_are_refused(data: bytes) -> None:
    with pytest.raises(ValidationFailed):
        clean_logo(data)
