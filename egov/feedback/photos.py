"""Photos sent with a report: checked by content, then re-encoded without their metadata.

A phone photo carries EXIF data: the GPS position of the reporter's home, the phone's
serial number, the time. Published reports must not leak it, so every photo is decoded and
encoded again from its pixels alone (after turning it upright, which EXIF also says), and
large photos are scaled down: nothing of the original file is kept.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile, File
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from egov.core.errors import ValidationFailed
from egov.core.uploads import FileKind, check_upload

MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2560  # pixels: plenty for a photo of a pothole, far less to store
MAX_PIXELS = 60_000_000  # refuse decompression bombs before decoding them
JPEG_QUALITY = 85
PHOTO_KINDS = frozenset({FileKind.JPEG, FileKind.PNG})


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store: new bytes, no metadata."""

    content: ContentFile[bytes]
    name: str
    content_type: str
    size: int
    sha256: str


def clean_photo(uploaded: File[Any]) -> CleanPhoto:
    """Check ``uploaded`` (JPEG or PNG by content) and return it re-encoded without EXIF,
    GPS, text chunks or colour-profile comments. Refuses anything Pillow cannot decode."""
    checked = check_upload(uploaded, allowed=PHOTO_KINDS, max_bytes=MAX_PHOTO_BYTES)
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationFailed(
                    _("The photo is too large (too many pixels)."), code="photo_too_large"
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
            pixels = _pixels_only(upright, png=checked.kind is FileKind.PNG)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed(
            _("The photo is damaged and cannot be read."), code="photo_damaged"
        ) from None
    finally:
        uploaded.seek(0)
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if checked.kind is FileKind.PNG:
        pixels.save(out, format="PNG", optimize=True)
    else:
        pixels.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    data = out.getvalue()
    return CleanPhoto(
        content=ContentFile(data, name=checked.name),
        name=checked.name,
        content_type=checked.kind.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _pixels_only(image: Image.Image, *, png: bool) -> Image.Image:
    """A new image holding the pixels and nothing else (``info`` is left behind)."""
    mode = image.mode
    if png:
        wanted = "RGBA" if mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    else:
        wanted = "RGB"
    converted = image.convert(wanted)
    bare = Image.new(wanted, converted.size)
    bare.paste(converted)
    return bare
