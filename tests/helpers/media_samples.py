"""Photos and PDFs made on the spot for the media tests: honest ones and hostile ones."""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg(
    size=(64, 48),
    color=(200, 30, 30),
    *,
    gps: bool = False,
    orientation: int | None = None,
    comment: bytes = b"",
) -> bytes:
    image = Image.new("RGB", size, color)
    image.putpixel((0, 0), (0, 0, 255))  # a marker to follow through a rotation
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (43.0, 14.0, 12.5), 3: "E", 4: (76.0, 57.0, 0.0)}
    if orientation is not None:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=comment, quality=95)
    return out.getvalue()


def png(size=(40, 30), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 120, 200, 128) if mode == "RGBA" else (10, 120, 200)).save(
        out, format="PNG"
    )
    return out.getvalue()


def webp(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 160, 60)).save(out, format="WEBP")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A few hundred bytes whose header announces width x height pixels (1 bit, grey)."""
    row = b"\x00" + b"\x00" * 16
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(row * 8))
        + _chunk(b"IEND", b"")
    )


def zip_payload() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("evil.html", "<script>alert('polyglot')</script>")
    return out.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'
)


def pdf(*, javascript: bool = False, encrypted: bool = False, pages: int = 2) -> bytes:
    doc = pikepdf.new()
    for _ in range(pages):
        doc.add_blank_page(page_size=(595, 842))
    if javascript:
        doc.Root.OpenAction = pikepdf.Dictionary(
            Type=pikepdf.Name.Action,
            S=pikepdf.Name.JavaScript,
            JS=pikepdf.String("app.alert('hi')"),
        )
    out = io.BytesIO()
    if encrypted:
        doc.save(out, encryption=pikepdf.Encryption(owner="owner", user="user"))
    else:
        doc.save(out)
    return out.getvalue()
