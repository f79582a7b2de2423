"""The two pictures a digital signature shows (Decree 30/2020, Appendix I): an official's
signature (blue ink, PNG with a transparent background) and an agency's seal (red, PNG with a
transparent background, at the seal's real size).

A picture is checked by content (``egov.core.uploads``), opened with Pillow only after its
header says it is small enough, and stored re-encoded: RGBA, no metadata, the resolution
kept (it gives the seal's real size). A picture without transparency has its white paper
made transparent, since a white box would hide the signature the seal overlaps.
"""

from __future__ import annotations

import enum
import hashlib
import warnings
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile, File
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageChops, ImageStat

from egov.core.errors import ValidationFailed
from egov.core.uploads import FileKind, check_upload

MAX_BYTES = 1024 * 1024
MAX_SIDE_PX = 4000
MIN_SIDE_PX = 40
# Resolution assumed when a PNG does not say (pHYs chunk): what scanners default to.
DEFAULT_DPI = 300.0
# A seal shown at its real size: Vietnamese official seals are about 30–45 mm across.
SEAL_MIN_MM = 20.0
SEAL_MAX_MM = 60.0
MM_PER_INCH = 25.4

# Paper whiter than this (lowest of R, G, B) becomes transparent, darker ink stays opaque.
_PAPER = 235
_INK = 175
_MIN_INK_SHARE = 0.002


class Picture(enum.Enum):
    SIGNATURE = "signature"
    SEAL = "seal"


@dataclass(frozen=True)
class CheckedPicture:
    """A picture ready to store: PNG bytes and what was found."""

    png: bytes
    width: int
    height: int
    dpi: float
    made_transparent: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.png).hexdigest()

    @property
    def width_mm(self) -> float:
        return self.width / self.dpi * MM_PER_INCH

    @property
    def height_mm(self) -> float:
        return self.height / self.dpi * MM_PER_INCH


def resolution(image: Image.Image) -> float:
    """Dots per inch the PNG declares, or ``DEFAULT_DPI``."""
    dpi: Any = image.info.get("dpi")
    try:
        value = float(dpi[0])
    except (TypeError, ValueError, IndexError):
        return DEFAULT_DPI
    return value if 72 <= value <= 2400 else DEFAULT_DPI


def _as_file(upload: File[Any] | bytes) -> File[Any]:
    if isinstance(upload, bytes):
        return ContentFile(upload, name="image.png")
    return upload


def _wrong_size() -> ValidationFailed:
    return ValidationFailed(
        _("The picture must be between %(min)s and %(max)s pixels on each side.")
        % {"min": MIN_SIDE_PX, "max": MAX_SIDE_PX},
        code="image_size",
    )


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(BytesIO(data))
            width, height = probe.size
            if max(width, height) > MAX_SIDE_PX or min(width, height) < MIN_SIDE_PX:
                raise _wrong_size()
            probe.verify()
            image = Image.open(BytesIO(data))
            image.load()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _wrong_size() from None
    except Exception:  # Pillow raises many kinds on damaged files; all mean the same here
        raise ValidationFailed(
            _("The picture is damaged and cannot be read."), code="image_damaged"
        ) from None
    return image


def _with_alpha(image: Image.Image) -> tuple[Image.Image, bool]:
    """RGBA; white paper made transparent when the picture had no transparency at all."""
    rgba = image.convert("RGBA")
    low = rgba.getchannel("A").getextrema()[0]
    if isinstance(low, int) and low < 255:
        return rgba, False
    red, green, blue, _alpha = rgba.split()
    lightest = ImageChops.darker(red, ImageChops.darker(green, blue))
    span = _PAPER - _INK
    alpha = lightest.point(lambda v: 255 if v <= _INK else max(0, (_PAPER - v) * 255 // span))
    rgba.putalpha(alpha)
    return rgba, True


def _check_ink(image: Image.Image, picture: Picture) -> None:
    alpha = image.getchannel("A").point(lambda v: 255 if v >= 128 else 0)
    ink = ImageStat.Stat(alpha).mean[0] / 255
    if ink < _MIN_INK_SHARE:
        raise ValidationFailed(_("The picture is empty."), code="image_empty")
    red, green, blue = ImageStat.Stat(image.convert("RGB"), mask=alpha).mean
    if picture is Picture.SIGNATURE and not blue > max(red, green):
        raise ValidationFailed(
            _("A signature picture must be in blue ink (Decree 30/2020)."), code="image_colour"
        )
    if picture is Picture.SEAL and not red > max(green, blue):
        raise ValidationFailed(
            _("A seal picture must be red (Decree 30/2020)."), code="image_colour"
        )


def check_picture(upload: File[Any] | bytes, picture: Picture) -> CheckedPicture:
    """Refuse anything but a readable PNG of reasonable size in the right colour; return the
    picture re-encoded for storage."""
    file = _as_file(upload)
    check_upload(file, allowed={FileKind.PNG}, max_bytes=MAX_BYTES)
    data = file.read(MAX_BYTES + 1)  # check_upload refused anything longer and rewound
    file.seek(0)
    image = _open(data)
    dpi = resolution(image)
    rgba, made_transparent = _with_alpha(image)
    _check_ink(rgba, picture)
    if picture is Picture.SEAL:
        size_mm = max(rgba.width, rgba.height) / dpi * MM_PER_INCH
        if not SEAL_MIN_MM <= size_mm <= SEAL_MAX_MM:
            raise ValidationFailed(
                _(
                    "At %(dpi)s dpi this seal would be %(size)s mm across; a seal is shown at "
                    "its real size (%(min)s–%(max)s mm). Save the picture with its real "
                    "resolution."
                )
                % {
                    "dpi": round(dpi),
                    "size": round(size_mm),
                    "min": round(SEAL_MIN_MM),
                    "max": round(SEAL_MAX_MM),
                },
                code="seal_size",
            )
    out = BytesIO()
    rgba.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return CheckedPicture(
        png=out.getvalue(),
        width=rgba.width,
        height=rgba.height,
        dpi=dpi,
        made_transparent=made_transparent,
    )
