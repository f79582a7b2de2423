"""Pictures for demos and tests, drawn in code (nothing downloaded, nothing committed): a blue
handwritten-looking signature and a red round seal with the agency's name around the rim and
a star in the middle. Both are transparent PNGs; the seal carries its resolution so that it
is shown at its real size (Decree 30/2020, Appendix I). Plainly not a real person's
signature nor a real seal: each is derived from the name it is drawn for.
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from egov.printing.fonts import font_files

DPI = 300
INK_BLUE = (18, 45, 170, 255)
SEAL_RED = (205, 22, 32, 255)
_SUPERSAMPLE = 3


def _mm_to_px(mm: float, dpi: int = DPI) -> int:
    return round(mm / 25.4 * dpi)


def _png(image: Image.Image, dpi: int = DPI) -> bytes:
    out = BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()


def _rng(text: str) -> random.Random:
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    return random.Random(seed)  # noqa: S311 - the shape of a drawing, not a secret


@functools.cache
def signature_png(name: str = "", *, width_mm: float = 50, height_mm: float = 20) -> bytes:
    """A blue scribble, different for each ``name``: a few looped strokes and a flourish."""
    rng = _rng(f"signature:{name}")
    scale = _SUPERSAMPLE
    width, height = _mm_to_px(width_mm) * scale, _mm_to_px(height_mm) * scale
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    stroke = max(2, round(height * 0.035))

    # Looped handwriting: a trochoid whose loops grow and shrink smoothly, a tall capital
    # first, the baseline rising to the right, the pen lifted once between two "words".
    loops = rng.randint(5, 8)
    lift = rng.randint(2, loops - 2)
    sizes = [0.42 * height] + [rng.uniform(0.12, 0.3) * height for _ in range(loops)]
    left, right = width * 0.05, width * 0.8
    words: list[list[tuple[float, float]]] = [[], []]
    steps = 48 * loops
    for i in range(steps + 1):
        t = i / steps * loops * 2 * math.pi
        turn = t / (2 * math.pi)
        k = min(int(turn), loops - 1)
        frac = turn - k
        size = sizes[k] * (1 - frac) + sizes[k + 1] * frac
        progress = i / steps
        x = left + (right - left) * progress - size * 0.6 * math.sin(t)
        y = height * (0.62 - 0.12 * progress) - size * math.cos(t) * 0.9 + size * 0.35
        if lift <= turn < lift + 0.35:
            continue  # the pen is lifted here
        words[0 if turn < lift else 1].append((x + (height - y) * 0.22, y))
    for word in words:
        if len(word) > 1:
            draw.line(word, fill=INK_BLUE, width=stroke, joint="curve")

    # The flourish: a long stroke under the name, rising to the right.
    start = (width * rng.uniform(0.05, 0.15), height * 0.82)
    end = (width * 0.96, height * rng.uniform(0.25, 0.4))
    control = (width * 0.55, height * 1.05)
    curve = []
    for i in range(101):
        t = i / 100
        x = (1 - t) ** 2 * start[0] + 2 * (1 - t) * t * control[0] + t**2 * end[0]
        y = (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * control[1] + t**2 * end[1]
        curve.append((x, y))
    draw.line(curve, fill=INK_BLUE, width=stroke, joint="curve")
    small = image.resize((width // scale, height // scale), Image.Resampling.LANCZOS)
    return _png(small)


def _star(centre: tuple[float, float], outer: float, inner: float) -> list[tuple[float, float]]:
    cx, cy = centre
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _text_on_circle(
    image: Image.Image,
    text: str,
    *,
    centre: tuple[float, float],
    radius: float,
    font: ImageFont.FreeTypeFont,
    colour: tuple[int, int, int, int],
    spacing: float,
) -> None:
    """``text`` clockwise around the top of a circle, centred on the top, letters upright
    towards the rim."""
    advances = [font.getlength(ch) + spacing for ch in text]
    total = sum(advances) / radius  # radians the text spans
    angle = -total / 2
    box = round(font.size * 2)
    for ch, advance in zip(text, advances, strict=True):
        middle = angle + advance / radius / 2
        glyph = Image.new("L", (box, box), 0)
        ImageDraw.Draw(glyph).text((box / 2, box / 2), ch, font=font, fill=255, anchor="mm")
        turned = glyph.rotate(-math.degrees(middle), resample=Image.Resampling.BICUBIC)
        x = centre[0] + radius * math.sin(middle) - box / 2
        y = centre[1] - radius * math.cos(middle) - box / 2
        image.paste(Image.new("RGBA", (box, box), colour), (round(x), round(y)), turned)
        angle += advance / radius


@functools.cache
def seal_png(agency_name: str, *, diameter_mm: float = 36, dpi: int = DPI) -> bytes:
    """A red round seal ``diameter_mm`` across at ``dpi``: two rims, the agency's name in
    capitals around the top and a five-pointed star in the middle."""
    scale = 2
    size = _mm_to_px(diameter_mm, dpi) * scale
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = (size / 2, size / 2)
    outer = size / 2 - size * 0.015
    rim = max(2, round(size * 0.03))
    draw.ellipse(
        [centre[0] - outer, centre[1] - outer, centre[0] + outer, centre[1] + outer],
        outline=SEAL_RED,
        width=rim,
    )
    inner = outer * 0.66
    draw.ellipse(
        [centre[0] - inner, centre[1] - inner, centre[0] + inner, centre[1] + inner],
        outline=SEAL_RED,
        width=max(1, rim // 2),
    )
    text = " ".join(agency_name.upper().split()) or "CƠ QUAN"
    text_radius = (outer - rim + inner) / 2
    font_path = str(font_files()["B"])
    font_size = round((outer - inner - rim) * 0.7)
    # Shrink the letters until the name fits in about 300 degrees of the rim.
    while font_size > 8:
        font = ImageFont.truetype(font_path, font_size)
        if sum(font.getlength(ch) for ch in text) * 1.12 / text_radius <= math.radians(300):
            break
        font_size -= 2
    font = ImageFont.truetype(font_path, font_size)
    _text_on_circle(
        image,
        text,
        centre=(centre[0], centre[1]),
        radius=text_radius - font_size * 0.1,
        font=font,
        colour=SEAL_RED,
        spacing=font_size * 0.12,
    )
    draw.polygon(_star(centre, inner * 0.62, inner * 0.25), fill=SEAL_RED)
    small = image.resize((size // scale, size // scale), Image.Resampling.LANCZOS)
    return _png(small, dpi)
