"""Uploaded photos and documents: hostile files refused or neutralised, honest ones
re-encoded without their metadata (domain.media)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from pressroom.domain import media
from pressroom.domain.errors import ValidationFailed
from pressroom.domain.media import MediaKind, clean_document, clean_photo, validate_details
from tests.helpers import media_samples as samples


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def refused(fn, *args) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as info:
        fn(*args)
    assert "file" in info.value.details
    return info.value.message


def test_jpeg_is_re_encoded_without_exif_gps_or_comment():
    upload = samples.jpeg(gps=True, comment=b"shot at the secret base")
    assert b"SecretCam" in upload and b"secret base" in upload
    clean = clean_photo(upload, "Polling station.JPG")
    assert clean.ext == "jpg" and clean.mimetype == "image/jpeg"
    assert clean.data != upload
    image = opened(clean.data)
    assert image.format == "JPEG" and image.size == (64, 48)
    assert len(image.getexif()) == 0
    assert b"SecretCam" not in clean.data and b"secret base" not in clean.data
    assert b"Exif" not in clean.data and b"ICC_PROFILE" not in clean.data


def test_orientation_is_applied():
    clean = clean_photo(samples.jpeg(size=(64, 48), orientation=6), "p.jpg")
    assert (clean.width, clean.height) == (48, 64)
    assert opened(clean.data).size == (48, 64)


@pytest.mark.parametrize(
    "payload", [samples.zip_payload(), b"<html><script>alert('polyglot')</script></html>"]
)
def test_polyglot_payload_is_dropped(payload):
    upload = samples.jpeg() + payload
    clean = clean_photo(upload, "poly.jpg")
    assert payload not in clean.data and b"polyglot" not in clean.data
    assert b"evil.html" not in clean.data and b"PK\x03\x04" not in clean.data
    assert clean.data.endswith(b"\xff\xd9")  # nothing after the JPEG's end


def test_png_keeps_transparency_webp_becomes_jpeg():
    clean = clean_photo(samples.png(), "chart.png")
    assert clean.ext == "png" and opened(clean.data).mode == "RGBA"
    clean = clean_photo(samples.webp(), "photo.webp")
    assert clean.ext == "jpg" and opened(clean.data).format == "JPEG"


def test_web_derivative_for_large_photos():
    clean = clean_photo(samples.jpeg(size=(3200, 1600)), "big.jpg")
    assert (clean.width, clean.height) == (3200, 1600)
    assert (clean.web_width, clean.web_height) == (media.WEB_SIDE, 800)
    assert opened(clean.web).size == (media.WEB_SIDE, 800)
    small = clean_photo(samples.jpeg(), "small.jpg")
    assert small.web == small.data


@pytest.mark.parametrize(
    ("upload", "name", "words"),
    [
        (samples.png_bomb(), "bomb.png", "too large"),  # 10^10 pixels announced
        (samples.png_bomb(8000, 6000), "big.png", "too large"),  # 48 MP: above the explicit limit
        (samples.png_bomb(13_000, 10), "strip.png", "too large"),  # one side too long
        (samples.SVG_WITH_SCRIPT, "logo.svg", "SVG"),
        (samples.SVG_WITH_SCRIPT, "logo.png", "SVG"),  # SVG under another name
        (samples.jpeg(), "photo.png", "ends in .png"),  # the name lies about the content
        (samples.png(), "photo.jpg", "ends in .jpg"),
        (samples.jpeg()[:300], "cut.jpg", "damaged"),  # truncated
        (b"GIF89a" + b"\x00" * 64, "anim.gif", "damaged"),  # not an accepted format
        (b"%PDF-1.7 not an image", "doc.jpg", "damaged"),
        (b"", "empty.jpg", "Choose a file"),
    ],
)
def test_hostile_or_wrong_photos_are_refused(upload, name, words):
    assert words in refused(clean_photo, upload, name)


def test_too_many_bytes_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(media, "MAX_PHOTO_BYTES", 100)
    assert "at most" in refused(clean_photo, samples.jpeg(), "p.jpg")


def test_pillow_bomb_limit_is_set():
    assert Image.MAX_IMAGE_PIXELS == media.MAX_PIXELS


def test_pdf_checked_and_kept_byte_for_byte():
    upload = samples.pdf(pages=3)
    clean = clean_document(upload, "Preliminary statement.pdf")
    assert clean.data == upload and clean.pages == 3 and clean.mimetype == "application/pdf"


@pytest.mark.parametrize(
    ("upload", "name", "words"),
    [
        (samples.jpeg(), "statement.pdf", "not a PDF"),  # named .pdf, is not
        (b"%PDF-1.7\n garbage without any objects", "broken.pdf", "cannot be read"),
        (samples.pdf(javascript=True), "script.pdf", "JavaScript"),
        (samples.pdf(encrypted=True), "locked.pdf", "encrypted"),
        (samples.pdf(), "statement.docx", "PDF files (.pdf) only"),
        (samples.SVG_WITH_SCRIPT, "drawing.svg", "PDF files (.pdf) only"),
    ],
)
def test_bad_documents_are_refused(upload, name, words):
    assert words in refused(clean_document, upload, name)


def test_alt_text_caption_credit_licence_required_for_photos():
    with pytest.raises(ValidationFailed) as info:
        validate_details(MediaKind.photo, {"caption": "  Voters  ", "credit": "", "alt": ""})
    assert set(info.value.details) == {"credit", "alt", "licence"}
    assert "alt text" in info.value.details["alt"]
    ok = validate_details(
        MediaKind.photo,
        {
            "caption": " Voters\n in  line ",
            "credit": "OSCE",
            "alt": "A queue",
            "licence": "CC BY 4.0",
        },
    )
    assert ok["caption"] == "Voters in line"
    doc = validate_details(
        MediaKind.document, {"caption": "Preliminary statement", "alt": "ignored"}
    )
    assert doc["alt"] == "" and doc["credit"] == ""


def test_safe_filename():
    assert (
        media.safe_filename("../../Élections à Astana (1).JPEG", "jpg")
        == "Elections-a-Astana-1.jpg"
    )
    assert media.safe_filename("", "pdf") == "file.pdf"
