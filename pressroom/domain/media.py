"""Photos and documents attached to a release, made safe to store, serve and publish (pure).

Nothing here fetches anything: callers pass the uploaded bytes.

* Photos: JPEG, PNG or WebP, recognised by their content (the file name's extension must
  agree). Decoded by Pillow under two limits (the explicit MAX_PIXELS, checked from the
  header before decoding, and Image.MAX_IMAGE_PIXELS, which makes Pillow itself refuse a
  decompression bomb), turned upright by their EXIF orientation, then re-encoded from the
  pixels alone: JPEG in -> JPEG out, PNG in -> PNG out, WebP in -> JPEG (PNG when it has
  transparency). No byte of the upload survives (EXIF with GPS, XMP, ICC profiles,
  comments, anything appended: a JPEG+ZIP or JPEG+HTML polyglot loses its payload). A
  web-size derivative (WEB_SIDE pixels on the longer side) is made for the page. SVG is
  refused: a picture that can carry scripts has no place in a press kit.
* Documents: PDF only (ODT/DOCX cannot be type-checked as strictly: a ZIP of XML that any
  office suite runs macros from). The bytes must start with the PDF magic and open with
  pikepdf (qpdf). Refused, not stripped: encrypted PDFs, and PDFs with JavaScript,
  launch actions, embedded files, XFA forms or rich media. Stripping would change the
  file behind its author's back and break a signature it carries; refusing tells the
  press officer to export it again. Accepted PDFs are kept byte for byte, so a signed
  preliminary statement stays verifiable.
"""

from __future__ import annotations

import enum
import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from pressroom.domain.errors import ValidationFailed
from pressroom.domain.messages import Message, msg

MAX_PHOTO_BYTES = 25 * 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: any real press photo, no decompression bomb
MAX_SIDE = 12_000  # pixels on either side
WEB_SIDE = 1600  # the page's derivative, longer side
JPEG_QUALITY = 90
WEB_QUALITY = 82
# Pillow's own guard: above this it warns (made an error below), above twice it raises.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

LIMITS = {"caption": 1000, "credit": 200, "alt": 500, "licence": 200, "filename": 120}

PHOTO_FORMATS = {"JPEG": ("jpg", "jpeg", "jpe"), "PNG": ("png",), "WEBP": ("webp",)}
# PDF name keys that run code, start programs or carry other files.
_ACTIVE_KEYS = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/XFA",
    "/RichMedia",
}


class MediaKind(enum.StrEnum):
    photo = "photo"
    document = "document"


@dataclass(frozen=True)
class CleanFile:
    """A file ready to store: the bytes to keep and what the page shows about them."""

    kind: MediaKind
    data: bytes
    ext: str  # "jpg", "png", "pdf"
    mimetype: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    web: bytes | None = None  # photos: the page's derivative (may equal `data`)
    web_width: int | None = None
    web_height: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _refuse(field: str, message: Message) -> ValidationFailed:
    return ValidationFailed(message, details={field: str(message)})


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def safe_filename(filename: str, ext: str) -> str:
    """A download name from the uploaded one: ASCII letters, digits, dashes; the extension
    is the stored file's own."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9]+", "-", ascii_stem).strip("-")[: LIMITS["filename"] - 8]
    return f"{stem or 'file'}.{ext}"


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")) or b"<svg" in head


def _too_large() -> ValidationFailed:
    return _refuse(
        "file",
        msg(
            "This image is too large: at most %(n)d megapixels and %(side)d pixels a side.",
            n=MAX_PIXELS // 1_000_000,
            side=MAX_SIDE,
        ),
    )


def clean_photo(data: bytes, filename: str) -> CleanFile:
    """The photo to store, re-encoded from its pixels; ValidationFailed when refused."""
    if not data:
        raise _refuse("file", msg("Choose a file."))
    if len(data) > MAX_PHOTO_BYTES:
        raise _refuse(
            "file", msg("A photo may have at most %(n)d MB.", n=MAX_PHOTO_BYTES // (1024 * 1024))
        )
    if _looks_like_svg(data) or extension(filename) == "svg":
        raise _refuse("file", msg("SVG images are not accepted: upload a JPEG, PNG or WebP photo."))
    unreadable = msg("This file is not a JPEG, PNG or WebP image, or it is damaged.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(PHOTO_FORMATS)) as probe:
                fmt = probe.format or ""
                width, height = probe.size
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise _too_large()
                if extension(filename) not in PHOTO_FORMATS[fmt]:
                    raise _refuse(
                        "file",
                        msg(
                            "The file name ends in .%(ext)s but the file is a %(format)s image.",
                            ext=extension(filename) or "?",
                            format=fmt,
                        ),
                    )
                probe.load()  # a truncated file fails here
                upright = ImageOps.exif_transpose(probe)
                image = upright.copy() if upright is not None else probe.copy()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise _refuse("file", unreadable) from None
    transparent = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if fmt == "PNG" or (fmt == "WEBP" and transparent):
        out_format, ext, mimetype = "PNG", "png", "image/png"
        image = image.convert(
            "RGBA" if transparent else ("L" if image.mode in ("L", "I;16") else "RGB")
        )
    else:
        out_format, ext, mimetype = "JPEG", "jpg", "image/jpeg"
        image = image.convert("L" if image.mode in ("L", "I;16", "1") else "RGB")
    # A new image from the pixels alone: `info` (comment, ICC profile, EXIF, text chunks)
    # of the upload would otherwise be written again by Pillow's encoders.
    image = Image.frombytes(image.mode, image.size, image.tobytes())
    full = _encode(image, out_format, JPEG_QUALITY)
    web_image = image
    if max(image.size) > WEB_SIDE:
        web_image = image.copy()
        web_image.thumbnail((WEB_SIDE, WEB_SIDE), Image.Resampling.LANCZOS)
        web = _encode(web_image, out_format, WEB_QUALITY)
    else:
        web = full
    return CleanFile(
        MediaKind.photo,
        full,
        ext,
        mimetype,
        width=image.width,
        height=image.height,
        web=web,
        web_width=web_image.width,
        web_height=web_image.height,
    )


def _encode(image: Image.Image, out_format: str, quality: int) -> bytes:
    """Pixels only: no EXIF, ICC profile, comment or any other block of the upload."""
    out = io.BytesIO()
    if out_format == "JPEG":
        image.save(out, format="JPEG", quality=quality, optimize=True, progressive=True)
    else:
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def clean_document(data: bytes, filename: str) -> CleanFile:
    """The document to store (a PDF, kept as uploaded once checked); ValidationFailed when
    refused."""
    import pikepdf

    if not data:
        raise _refuse("file", msg("Choose a file."))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _refuse(
            "file",
            msg("A document may have at most %(n)d MB.", n=MAX_DOCUMENT_BYTES // (1024 * 1024)),
        )
    if extension(filename) != "pdf":
        raise _refuse("file", msg("Documents are accepted as PDF files (.pdf) only."))
    if not data.startswith(b"%PDF-"):
        raise _refuse("file", msg("This file is named .pdf but it is not a PDF."))
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise _refuse(
                    "file",
                    msg("This PDF is encrypted. Upload it without a password or restrictions."),
                )
            if _active_content(pdf):
                raise _refuse(
                    "file",
                    msg(
                        "This PDF contains JavaScript, attachments or actions that start "
                        "programs. Export it again as a plain PDF (e.g. PDF/A)."
                    ),
                )
            pages = len(pdf.pages)
    except ValidationFailed:
        raise
    except pikepdf.PasswordError:
        raise _refuse(
            "file", msg("This PDF is encrypted. Upload it without a password or restrictions.")
        ) from None
    except (pikepdf.PdfError, ValueError, RuntimeError):
        raise _refuse("file", msg("This PDF cannot be read: it is damaged or not a PDF.")) from None
    if pages == 0:
        raise _refuse("file", msg("This PDF cannot be read: it is damaged or not a PDF."))
    return CleanFile(MediaKind.document, data, "pdf", "application/pdf", pages=pages)


def _active_content(pdf: Any) -> bool:
    """Any dictionary naming JavaScript, a launch action, embedded files, XFA or rich
    media, anywhere in the file: every object, and the dictionaries written inside others
    (an /OpenAction is often a direct dictionary of the catalog)."""
    import pikepdf

    stack: list[Any] = [pdf.trailer, *pdf.objects]
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            if set(obj.keys()) & _ACTIVE_KEYS:
                return True
            kind = obj.get("/S")
            if kind is not None and str(kind) in ("/JavaScript", "/Launch"):
                return True
            stack.extend(obj.values())
        elif isinstance(obj, pikepdf.Array):
            stack.extend(obj)
    return False


def validate_details(kind: MediaKind, fields: dict[str, str]) -> dict[str, str]:
    """Caption, credit, alt text and licence, trimmed; ValidationFailed naming every field
    at fault. Photos need all four (alt text for readers who cannot see them); documents a
    title (the caption)."""
    cleaned = {
        name: " ".join((fields.get(name) or "").split()) for name in LIMITS if name != "filename"
    }
    errors: dict[str, Message] = {}
    required = ("caption", "credit", "alt", "licence") if kind == MediaKind.photo else ("caption",)
    missing = {
        "caption": msg("Give the caption.") if kind == MediaKind.photo else msg("Give the title."),
        "credit": msg("Give the credit."),
        "alt": msg("Give the alt text."),
        "licence": msg("Give the licence."),
    }
    for name, value in cleaned.items():
        if name in required and not value:
            errors[name] = missing[name]
        elif len(value) > LIMITS[name]:
            errors[name] = msg("At most %(n)d characters.", n=LIMITS[name])
    if kind == MediaKind.document:
        cleaned["alt"] = ""
    if errors:
        first = next(iter(errors.values()))
        raise ValidationFailed(first, details={k: str(v) for k, v in errors.items()})
    return cleaned
