"""An organization's uploaded logo, made safe to store, serve and print (pure).

* SVG: parsed (no DOCTYPE, no entities), rebuilt from an allow-list of drawing elements
  and presentation attributes. Scripts, event handlers, styles, foreign objects and every
  reference outside the file (``href`` other than ``#id``, ``url(...)`` other than
  ``url(#id)``) are dropped: nothing in a logo can run or make the renderer or a browser
  fetch anything.
* Raster images (PNG, JPEG, GIF, WebP): decoded by Pillow and re-encoded as PNG, at most
  MAX_SIDE pixels on the longer side, without metadata; the uploaded bytes are never kept.

Never fetched from a URL: the caller passes the uploaded bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from pressroom.domain.errors import ValidationFailed
from pressroom.domain.messages import msg

MAX_UPLOAD = 512 * 1024  # bytes
MAX_SIDE = 800  # pixels, raster logos after re-encoding
MAX_PIXELS = 25_000_000  # refuse decompression bombs before decoding
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

ELEMENTS = {
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "defs",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "title",
    "desc",
    "use",
    "symbol",
}
ATTRIBUTES = {
    "id",
    "class",
    "viewBox",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "points",
    "transform",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "opacity",
    "clip-path",
    "clip-rule",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "fx",
    "fy",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "letter-spacing",
    "preserveAspectRatio",
    "dx",
    "dy",
    "href",
    "version",
}
_LOCAL_URL = re.compile(r"^url\(\s*#[A-Za-z][\w.-]*\s*\)$")
_ANY_URL = re.compile(r"url\s*\(|javascript:|data:|expression\s*\(", re.I)


@dataclass(frozen=True)
class Logo:
    media_type: str  # "image/svg+xml" or "image/png"
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def filename(self) -> str:
        """Content-addressed file name: "<sha256>.svg" / ".png"."""
        return f"{self.sha256}.{'svg' if self.media_type == 'image/svg+xml' else 'png'}"


def _refuse(message: object) -> ValidationFailed:
    return ValidationFailed(str(message), details={"logo": str(message)})


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _clean_svg_element(element: ET.Element) -> ET.Element | None:
    name = _local(element.tag)
    if name not in ELEMENTS:
        return None
    clean = ET.Element(f"{{{SVG_NS}}}{name}")
    for key, value in element.attrib.items():
        attr = _local(key)
        if attr not in ATTRIBUTES or attr.lower().startswith("on"):
            continue
        if attr == "href":
            if not re.fullmatch(r"#[A-Za-z][\w.-]*", value.strip()):
                continue  # only references inside the file
            key = "href"
        elif _ANY_URL.search(value) and not _LOCAL_URL.match(value.strip()):
            continue
        clean.set(attr if key != "href" else "href", value)
    if name in ("text", "tspan", "title", "desc"):
        clean.text = element.text
    for child in element:
        kept = _clean_svg_element(child)
        if kept is not None:
            kept.tail = child.tail if name in ("text", "tspan") else None
            clean.append(kept)
    return clean


def clean_svg(data: bytes) -> bytes:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise _refuse(msg("An SVG logo must not declare a DOCTYPE or entities."))
    try:
        root = ET.fromstring(data)  # noqa: S314 - DOCTYPE and entities refused above
    except ET.ParseError:
        raise _refuse(msg("This SVG file cannot be read.")) from None
    if _local(root.tag) != "svg":
        raise _refuse(msg("This SVG file cannot be read."))
    clean = _clean_svg_element(root)
    assert clean is not None
    ET.register_namespace("", SVG_NS)
    svg: bytes = ET.tostring(clean, encoding="utf-8", xml_declaration=False)
    return svg


def clean_raster(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("PNG", "JPEG", "GIF", "WEBP"):
                raise _refuse(msg("A logo is an SVG, PNG, JPEG, GIF or WebP image."))
            if probe.width * probe.height > MAX_PIXELS:
                raise _refuse(msg("This image is too large."))
            probe.seek(0)
            image = probe.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise _refuse(msg("A logo is an SVG, PNG, JPEG, GIF or WebP image.")) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def clean_logo(data: bytes) -> Logo:
    """The logo to store, from the uploaded bytes; ValidationFailed when refused."""
    if not data:
        raise _refuse(msg("Choose a file."))
    if len(data) > MAX_UPLOAD:
        raise _refuse(msg("A logo file may have at most %(n)d KB.", n=MAX_UPLOAD // 1024))
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5].lower()
    if start.startswith((b"<?xml", b"<svg", b"<!--")):
        return Logo("image/svg+xml", clean_svg(data))
    return Logo("image/png", clean_raster(data))
