"""The demo's photo: an illustration drawn here with Pillow (no camera, no third-party
image), so the demo carries a medium whose licence is certain (CC0)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

CAPTION = "Illustration: a ballot box at a polling station on election day."
CREDIT = "pressroom demo (drawn illustration)"
ALT = (
    "Drawing of a translucent ballot box on a table, a folded ballot paper dropping into "
    "its slot, in front of a blue wall with a window."
)
LICENCE = "CC0 1.0"
FILENAME = "ballot-box-illustration.jpg"


def draw() -> bytes:
    """A 1800 x 1200 JPEG, the same bytes every time."""
    w, h = 1800, 1200
    image = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(image)
    for y in range(h):  # wall: a soft vertical gradient
        t = y / h
        d.line([(0, y), (w, y)], fill=(int(70 + 40 * t), int(110 + 40 * t), int(170 + 30 * t)))
    d.rectangle([1180, 140, 1620, 560], fill=(225, 238, 248), outline=(240, 240, 240), width=18)
    d.line([(1400, 140), (1400, 560)], fill=(240, 240, 240), width=12)
    d.line([(1180, 350), (1620, 350)], fill=(240, 240, 240), width=12)
    d.rectangle([0, 860, w, h], fill=(150, 105, 70))  # table
    d.rectangle([0, 850, w, 880], fill=(120, 80, 50))
    # the ballot box: a translucent body, a lid with a slot
    box = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    b = ImageDraw.Draw(box)
    b.rectangle(
        [520, 470, 1180, 880], fill=(235, 245, 255, 150), outline=(250, 250, 250, 255), width=10
    )
    b.polygon(
        [(520, 470), (640, 380), (1300, 380), (1180, 470)],
        fill=(245, 250, 255, 200),
        outline=(250, 250, 250, 255),
    )
    b.polygon(
        [(1180, 470), (1300, 380), (1300, 790), (1180, 880)],
        fill=(210, 225, 240, 140),
        outline=(250, 250, 250, 255),
    )
    b.rectangle([820, 415, 1000, 432], fill=(40, 50, 70, 255))
    for i, y in enumerate(range(700, 860, 35)):  # ballots inside
        b.rectangle([580 + 40 * i, y, 820 + 40 * i, y + 28], fill=(250, 250, 245, 230))
    image = Image.alpha_composite(image.convert("RGBA"), box).convert("RGB")
    d = ImageDraw.Draw(image)
    # the ballot being dropped in
    d.polygon(
        [(850, 140), (970, 140), (1000, 420), (880, 420)],
        fill=(252, 252, 248),
        outline=(200, 200, 200),
    )
    d.line([(862, 200), (960, 200)], fill=(160, 160, 160), width=4)
    d.line([(868, 240), (964, 240)], fill=(160, 160, 160), width=4)
    d.ellipse([900, 280, 930, 310], outline=(30, 90, 160), width=5)
    d.line([(905, 295), (915, 305), (935, 270)], fill=(30, 90, 160), width=5)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return out.getvalue()
