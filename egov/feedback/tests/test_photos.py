"""Photos are re-encoded from their pixels: EXIF, GPS and text chunks do not survive."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from egov.core.errors import ValidationFailed
from egov.feedback.photos import MAX_SIDE, clean_photo

from .conftest import jpeg_bytes, photo_upload, submitted

GPS_IFD = 0x8825


def exif_of(data: bytes) -> Image.Exif:
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif()


def test_the_fixture_really_has_gps() -> None:
    exif = exif_of(jpeg_bytes())
    assert exif.get_ifd(GPS_IFD)  # a test that cannot fail would prove nothing
    assert exif[0x010F] == "PhoneMaker"


def test_jpeg_loses_exif_and_gps() -> None:
    photo = clean_photo(photo_upload())
    data = photo.content.read()
    assert photo.content_type == "image/jpeg"
    exif = exif_of(data)
    assert not exif.get_ifd(GPS_IFD)
    assert len(exif) == 0
    assert b"Exif" not in data and b"PhoneMaker" not in data and b"SecretPhone" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (64, 48)


def test_orientation_is_applied_before_dropping_it() -> None:
    image = Image.new("RGB", (40, 20), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    photo = clean_photo(SimpleUploadedFile("xoay.jpg", out.getvalue()))
    with Image.open(photo.content) as cleaned:
        assert cleaned.size == (20, 40)
        assert 0x0112 not in cleaned.getexif()


def test_png_loses_text_and_exif() -> None:
    image = Image.new("RGBA", (10, 10), (0, 0, 255, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "nhà tôi ở số 5")
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (21.0, 1.0, 30.0)}
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info, exif=exif)
    assert b"nh" in out.getvalue() and exif_of(out.getvalue()).get_ifd(GPS_IFD)
    photo = clean_photo(SimpleUploadedFile("anh.png", out.getvalue()))
    data = photo.content.read()
    assert photo.content_type == "image/png"
    assert b"Comment" not in data and b"eXIf" not in data
    with Image.open(io.BytesIO(data)) as cleaned:
        assert cleaned.mode == "RGBA"
        assert not cleaned.getexif()


def test_large_photos_are_scaled_down() -> None:
    photo = clean_photo(photo_upload(size=(4000, 3000), gps=False))
    with Image.open(photo.content) as image:
        assert max(image.size) == MAX_SIDE


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.jpg", b"%PDF-1.4\n%%EOF\n"),
        ("a.jpg", b"\xff\xd8\xff\xe0 truncated jpeg"),
        ("a.png", jpeg_bytes()),  # the name says PNG, the content is JPEG
        ("a.gif", b"GIF89a\x01\x00\x01\x00"),
    ],
)
def test_refused(name: str, data: bytes) -> None:
    with pytest.raises(ValidationFailed):
        clean_photo(SimpleUploadedFile(name, data))


@pytest.mark.django_db
def test_the_stored_file_has_no_exif_or_gps(world) -> None:
    report = submitted(world, photos=[photo_upload()])
    stored = report.files.get()
    with stored.file.open("rb") as handle:
        data = handle.read()
    assert stored.size == len(data)
    assert b"Exif" not in data and b"PhoneMaker" not in data
    assert not exif_of(data).get_ifd(GPS_IFD)
