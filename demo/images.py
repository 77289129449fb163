"""Distinct, deterministic product photos for the demo catalogue, drawn with Pillow."""

import colorsys
import hashlib
import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

#: Large enough for the 640 px rendition and the 600 px upload minimum; a 1200 px demo
#: photo made the first `make run` twice as slow for no visible gain.
SIZE = (800, 600)
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


@cache
def _font(size: int) -> ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _palette(key: str) -> list[tuple[int, int, int]]:
    """Four harmonious, muted colours around a hue derived from the key."""
    digest = hashlib.sha256(key.encode()).digest()
    hue = digest[0] / 255
    colours = []
    for i, (shift, sat, val) in enumerate(
        [(0, 0.45, 0.55), (0.06, 0.55, 0.8), (0.5, 0.3, 0.9), (0.1, 0.25, 0.95)]
    ):
        jitter = digest[i + 1] / 255 * 0.05
        r, g, b = colorsys.hsv_to_rgb((hue + shift + jitter) % 1, sat, val)
        colours.append((round(r * 255), round(g * 255), round(b * 255)))
    return colours


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def product_photo(*, key: str, title: str, caption: str) -> bytes:
    """An 800×600 JPEG: a pattern coloured from ``key`` with the title drawn on it."""
    colours = _palette(key)
    image = Image.new("RGB", SIZE, colours[0])
    draw = ImageDraw.Draw(image)
    pattern = int(hashlib.md5(key.encode(), usedforsecurity=False).hexdigest(), 16) % 3
    step = 90
    for i, x in enumerate(range(-SIZE[1], SIZE[0], step)):
        colour = colours[1 + i % 3]
        if pattern == 0:
            draw.polygon(
                [
                    (x, 0),
                    (x + step // 2, 0),
                    (x + SIZE[1] + step // 2, SIZE[1]),
                    (x + SIZE[1], SIZE[1]),
                ],
                fill=colour,
            )
        elif pattern == 1:
            for y in range(0, SIZE[1] + step, step):
                draw.ellipse([x + SIZE[1], y - 30, x + SIZE[1] + 60, y + 30], fill=colour)
        else:
            for y in range(0, SIZE[1] + step, step):
                cx = x + SIZE[1] + (step // 2 if (y // step) % 2 else 0)
                draw.polygon([(cx, y - 40), (cx + 40, y), (cx, y + 40), (cx - 40, y)], fill=colour)
    draw.rounded_rectangle([80, 520, 1120, 840], radius=24, fill=(255, 253, 249))
    font, small = _font(54), _font(34)
    y = 550
    for line in _wrap(draw, title, font, 980)[:3]:
        draw.text((110, y), line, font=font, fill=(31, 26, 23))
        y += 66
    draw.text((110, max(y + 8, 770)), caption, font=small, fill=(138, 43, 6))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
