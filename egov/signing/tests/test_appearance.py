"""The visible signatures of Decree 30/2020, read back from the rendered page: the signer's
blue signature between the title and the name, the red seal over the left third of it,
text instead when no picture is set, and the attachment stamp (number, notation, time)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import translation
from fpdf import FPDF
from PIL import Image, ImageChops
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.core.models import AuditEvent
from egov.orgs.images import Picture, check_picture
from egov.orgs.services import agency_set_seal_image, official_set_signature_image
from egov.printing.fonts import FAMILY, font_files
from egov.printing.tests.pdfcheck import text
from egov.signing.demo_images import seal_png, signature_png
from egov.signing.pdf import Appearance, placement_of, sign_pdf, sign_person_then_organisation
from egov.signing.tests.test_sign_pdf import pdfsig
from egov.signing.verify import verify_pdf

SCALE = 2  # pixels per PDF point when rendering (144 dpi)
TITLE = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
ISO_VIETNAM = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00\b")


def blank_document(heading: str = "QUYẾT ĐỊNH") -> bytes:
    """An A4 page with a heading and a paragraph at the top, the lower half left free."""
    pdf = FPDF(format="A4")
    for style, path in font_files().items():
        pdf.add_font(FAMILY, style, str(path))
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 14)
    pdf.set_y(30)
    pdf.cell(0, 10, heading, align="C")
    pdf.ln(14)
    pdf.set_font(FAMILY, "", 12)
    pdf.multi_cell(0, 7, "Điều 1. Nội dung quyết định, để thử chữ ký số. " * 3)
    return bytes(pdf.output())


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is missing; install Debian's poppler-utils")
    return path


def render(pdf: bytes, page: int = 1) -> Image.Image:
    """The page as pdftoppm draws it (annotations included), SCALE pixels per point."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 - fixed tool, our own temp file
            [
                _tool("pdftoppm"),
                *("-r", str(72 * SCALE), "-png", "-singlefile", "-f", str(page), "-l", str(page)),
                str(source),
                str(Path(tmp) / "page"),
            ],
            check=True,
            capture_output=True,
        )
        with Image.open(Path(tmp) / "page.png") as image:
            return image.convert("RGB")


def words(pdf: bytes, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """(text, x1, top, x2, bottom) in points from the top left, as pdftotext -bbox reads."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        result = subprocess.run(  # noqa: S603 - fixed tool, our own temp file
            [_tool("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(source), "-"],
            check=True,
            capture_output=True,
        )
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        result.stdout.decode(),
    )
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


def word_box(pdf: bytes, needle: str) -> tuple[float, float, float, float]:
    hits = [(x1, top, x2, bottom) for w, x1, top, x2, bottom in words(pdf) if needle in w]
    assert hits, f"{needle!r} not on the page: {[w[0] for w in words(pdf)]}"
    return hits[0]


def field_rects(pdf: bytes) -> dict[str, tuple[float, float, float, float]]:
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    return {
        name: tuple(float(v) for v in ref.get_object()["/Rect"])  # type: ignore[misc]
        for name, _value, ref in enumerate_sig_fields(reader)
    }


def _above(channel: Image.Image, level: int) -> Image.Image:
    return channel.point(lambda v: 255 if v > level else 0)


def ink(image: Image.Image, colour: str) -> Image.Image:
    """A mask of the pixels in blue ink ("blue") or seal red ("red")."""
    r, g, b = image.split()
    if colour == "blue":
        parts = [_above(b, 110), _above(ImageChops.subtract(b, r), 60)]
        parts.append(_above(ImageChops.subtract(b, g), 40))
    else:
        parts = [_above(r, 140), _above(ImageChops.subtract(r, g), 80)]
        parts.append(_above(ImageChops.subtract(r, b), 80))
    return ImageChops.multiply(ImageChops.multiply(parts[0], parts[1]), parts[2])


def _crop(mask: Image.Image, area: tuple[float, float, float, float] | None) -> Image.Image:
    if area is None:
        return mask
    x1, top, x2, bottom = (max(0, round(v * SCALE)) for v in area)
    return mask.crop((x1, top, min(mask.width, x2), min(mask.height, bottom)))


def count(mask: Image.Image, area: tuple[float, float, float, float] | None = None) -> int:
    """How many pixels of ``mask`` are set (within ``area``: x1, top, x2, bottom in points)."""
    return _crop(mask, area).histogram()[255]


def extent(mask: Image.Image) -> tuple[float, float, float, float]:
    """The bounding box of the set pixels, in points from the top left."""
    box = mask.getbbox()
    assert box is not None
    x1, top, x2, bottom = box
    return x1 / SCALE, top / SCALE, x2 / SCALE, bottom / SCALE


@pytest.fixture
def pictures(leader, agency):
    official_set_signature_image(user=leader, image=signature_png("Lê Thị Hồng"), actor=None)
    agency_set_seal_image(agency=agency, image=seal_png(agency.name), actor=None)


def sign_both(pdf: bytes, *, leader, clerk, personal_cert, agency_cert) -> bytes:
    return sign_person_then_organisation(
        pdf,
        personal=personal_cert,
        organisation=agency_cert,
        actor_person=leader,
        actor_organisation=clerk,
        title=TITLE,
        reason="Ký ban hành quyết định",
        location="Xã Tân Phú",
    )


# --- the pictures made for demos ---------------------------------------------------------


def test_demo_pictures_pass_the_checks_orgs_applies():
    signature = check_picture(signature_png("Lê Thị Hồng"), Picture.SIGNATURE)
    seal = check_picture(seal_png("UBND Xã Tân Phú"), Picture.SEAL)
    assert not signature.made_transparent and not seal.made_transparent
    assert round(seal.width_mm) == 36 == round(seal.height_mm)
    assert signature_png("Lê Thị Hồng") == signature_png("Lê Thị Hồng")
    assert signature_png("Lê Thị Hồng") != signature_png("Trần Văn Bình")
    assert seal_png("UBND Xã Tân Phú") != seal_png("UBND Xã Tân An")


# --- person, then organisation --------------------------------------------------------------


def test_person_then_organisation_verifies_in_order(
    pictures, leader, clerk, personal_cert, agency_cert
):
    signed = sign_both(
        blank_document(),
        leader=leader,
        clerk=clerk,
        personal_cert=personal_cert,
        agency_cert=agency_cert,
    )
    report = verify_pdf(signed)
    assert [s.signer for s in report.signatures] == ["Lê Thị Hồng", "UBND Xã Tân Phú"]
    assert [s.field_name for s in report.signatures] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    assert all(s.intact and s.trusted for s in report.signatures)
    assert report.valid
    out = pdfsig(signed)
    assert out.count("Signature is Valid.") == 2, out
    assert out.index("ChuKyNguoiKy") < out.index("ChuKyCoQuan"), out
    # The first signature covers a revision; only the second covers the whole file.
    assert out.count("Total document signed") == 1, out
    used = AuditEvent.objects.filter(action="signing_certificate_used").order_by("id")
    assert [e.object_id for e in used] == [str(personal_cert.pk), str(agency_cert.pk)]


def test_the_signature_stands_between_title_and_name_under_the_seal(
    pictures, leader, clerk, personal_cert, agency_cert
):
    signed = sign_both(
        blank_document(),
        leader=leader,
        clerk=clerk,
        personal_cert=personal_cert,
        agency_cert=agency_cert,
    )
    page = text(signed)
    assert "KT. CHỦ TỊCH" in page and "PHÓ CHỦ TỊCH" in page and "Lê Thị Hồng" in page
    title = word_box(signed, "PHÓ CHỦ TỊCH")
    name = word_box(signed, "Lê Thị Hồng")
    assert title[3] < name[1]
    image = render(signed)
    blue, red = ink(image, "blue"), ink(image, "red")
    # Blue ink between the bottom of the title and the top of the name, and nowhere else.
    between = (0, title[3], image.width / SCALE, name[1])
    assert count(blue, between) > 200, "no signature between the title and the name"
    assert count(blue) == count(blue, between)
    sig_x1, sig_top, sig_x2, sig_bottom = extent(blue)
    assert sig_x1 < (name[0] + name[2]) / 2 < sig_x2, "the signature is not above the name"
    # The red seal: over the left part of the signature, reaching further left.
    assert count(red) > 500, "no seal on the page"
    seal_x1, seal_top, seal_x2, seal_bottom = extent(red)
    width = sig_x2 - sig_x1
    assert seal_x1 < sig_x1 < seal_x2
    assert sig_x1 + 0.2 * width < seal_x2 < sig_x1 + 0.5 * width, (seal_x2, sig_x1, width)
    assert seal_top < (sig_top + sig_bottom) / 2 < seal_bottom
    assert count(red, (sig_x1, sig_top, sig_x1 + width / 3, sig_bottom)) > 100
    assert count(red, (sig_x1 + width / 2, sig_top, sig_x2, sig_bottom)) == 0
    # Both fields are where the pixels are: the seal's box overlaps the person's box.
    rects = field_rects(signed)
    person, seal = rects["ChuKyNguoiKy"], rects["ChuKyCoQuan"]
    assert seal[0] < person[0] < seal[2]


def test_the_seal_is_drawn_at_its_real_size(pictures, leader, clerk, personal_cert, agency_cert):
    signed = sign_both(
        blank_document(),
        leader=leader,
        clerk=clerk,
        personal_cert=personal_cert,
        agency_cert=agency_cert,
    )
    seal_x1, seal_top, seal_x2, seal_bottom = extent(ink(render(signed), "red"))
    mm = 25.4 / 72
    assert 33 <= (seal_x2 - seal_x1) * mm <= 37
    assert 33 <= (seal_bottom - seal_top) * mm <= 37


def test_without_pictures_both_signatures_show_text(leader, clerk, personal_cert, agency_cert):
    with translation.override("en"):  # printed in the document's language, not the screen's
        signed = sign_both(
            blank_document(),
            leader=leader,
            clerk=clerk,
            personal_cert=personal_cert,
            agency_cert=agency_cert,
        )
    page = text(signed)
    assert "PHÓ CHỦ TỊCH" in page and "Lê Thị Hồng" in page
    assert "Đã ký số" in page
    assert "UBND Xã Tân Phú" in page
    assert len(ISO_VIETNAM.findall(page)) == 2, page
    image = render(signed)
    assert count(ink(image, "blue")) == 0 and count(ink(image, "red")) == 0
    assert verify_pdf(signed).valid
    assert pdfsig(signed).count("Signature is Valid.") == 2


def test_a_seal_without_a_signature_picture_still_overlaps_the_signature_space(
    agency, leader, clerk, personal_cert, agency_cert
):
    agency_set_seal_image(agency=agency, image=seal_png(agency.name), actor=None)
    signed = sign_both(
        blank_document(),
        leader=leader,
        clerk=clerk,
        personal_cert=personal_cert,
        agency_cert=agency_cert,
    )
    rects = field_rects(signed)
    person, seal = rects["ChuKyNguoiKy"], rects["ChuKyCoQuan"]
    assert seal[0] < person[0] < seal[2] < person[2]
    assert count(ink(render(signed), "red")) > 500
    assert verify_pdf(signed).valid


def test_a_long_title_shrinks_to_fit_its_box(pictures, leader, clerk, personal_cert, agency_cert):
    signed = sign_person_then_organisation(
        blank_document(),
        personal=personal_cert,
        organisation=agency_cert,
        actor_person=leader,
        actor_organisation=clerk,
        title="TM. ỦY BAN NHÂN DÂN XÃ TÂN PHÚ HUYỆN CŨ\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH THƯỜNG TRỰC",
        reason="",
        location="",
    )
    person = field_rects(signed)["ChuKyNguoiKy"]
    page_height = 842
    for needle in ("TM. ỦY BAN NHÂN DÂN", "THƯỜNG TRỰC"):
        x1, _top, x2, _bottom = word_box(signed, needle)
        assert person[0] - 1 <= x1 and x2 <= person[2] + 1, needle
    assert person[3] < page_height
    assert verify_pdf(signed).valid


# --- refusals ---------------------------------------------------------------------------


def test_the_certificates_must_be_a_person_then_an_agency(
    leader, clerk, personal_cert, agency_cert
):
    with pytest.raises(ValidationFailed) as refused:
        sign_person_then_organisation(
            blank_document(),
            personal=agency_cert,
            organisation=personal_cert,
            actor_person=clerk,
            actor_organisation=leader,
            title="CHỦ TỊCH",
            reason="",
            location="",
        )
    assert refused.value.code == "not_personal"
    with pytest.raises(ValidationFailed) as refused:
        sign_person_then_organisation(
            blank_document(),
            personal=personal_cert,
            organisation=personal_cert,
            actor_person=leader,
            actor_organisation=leader,
            title="CHỦ TỊCH",
            reason="",
            location="",
        )
    assert refused.value.code == "not_organisation"


def test_nothing_is_signed_when_either_key_is_refused(
    leader, clerk, admin, personal_cert, agency_cert
):
    with pytest.raises(PermissionRefused):
        sign_person_then_organisation(
            blank_document(),
            personal=personal_cert,
            organisation=agency_cert,
            actor_person=leader,
            actor_organisation=admin,  # an administrator holds no signing role
            title="CHỦ TỊCH",
            reason="",
            location="",
        )
    with pytest.raises(PermissionRefused):
        sign_person_then_organisation(
            blank_document(),
            personal=personal_cert,
            organisation=agency_cert,
            actor_person=clerk,  # not the holder of the personal key
            actor_organisation=clerk,
            title="CHỦ TỊCH",
            reason="",
            location="",
        )
    assert not AuditEvent.objects.filter(action="signing_certificate_used").exists()


# --- attachments and the plain text box ----------------------------------------------------


def test_an_attachment_carries_number_notation_and_time_top_right(clerk, agency_cert):
    signed = sign_pdf(
        blank_document("PHỤ LỤC"),
        certificate=agency_cert,
        actor=clerk,
        reason="Ký văn bản kèm theo",
        location="Xã Tân Phú",
        field_name="ChuKyCoQuan",
        appearance=Appearance.attachment(number_notation="15/QĐ-UBND"),
    )
    page = text(signed, page=1)
    assert "15/QĐ-UBND" in page
    [when] = ISO_VIETNAM.findall(page)
    x1, _top, _x2, bottom = word_box(signed, "15/QĐ-UBND")
    assert x1 > 595 / 2 and bottom < 60, "not at the top right"
    heading = word_box(signed, "PHỤ")
    assert bottom < heading[1]
    image = render(signed)
    assert count(ink(image, "red")) == 0 and count(ink(image, "blue")) == 0
    [report] = verify_pdf(signed).signatures
    assert report.intact and report.trusted
    assert report.signed_at is not None
    shown = dt.datetime.fromisoformat(when)
    assert shown.utcoffset() == dt.timedelta(hours=7)
    assert abs((shown - report.signed_at).total_seconds()) < 60
    assert "Signature is Valid." in pdfsig(signed)


def test_the_plain_text_box_shows_vietnam_time(leader, personal_cert):
    with translation.override("en"):
        signed = sign_pdf(
            blank_document(),
            certificate=personal_cert,
            actor=leader,
            reason="",
            location="",
            field_name="ChuKy",
            appearance=Appearance(title="CHỦ TỊCH"),
        )
    page = text(signed)
    assert "Lê Thị Hồng" in page
    assert "Thời gian ký:" in page and "Signing time" not in page
    assert ISO_VIETNAM.search(page), page


def test_a_seal_added_later_finds_the_signature_it_overlaps(
    pictures, leader, clerk, personal_cert, agency_cert
):
    document = blank_document()
    together = field_rects(
        sign_both(
            document,
            leader=leader,
            clerk=clerk,
            personal_cert=personal_cert,
            agency_cert=agency_cert,
        )
    )
    once = sign_pdf(
        document,
        certificate=personal_cert,
        actor=leader,
        reason="Phê duyệt",
        location="",
        field_name="LanhDao",
        appearance=Appearance.personal(title=TITLE),
    )
    placement = placement_of(once, "LanhDao")
    assert placement is not None and placement.page == 0
    assert placement_of(once, "KhongCo") is None
    twice = sign_pdf(
        once,
        certificate=agency_cert,
        actor=clerk,
        reason="Ban hành",
        location="",
        field_name="CoQuan",
        appearance=Appearance.organisation(over=placement),
    )
    later = field_rects(twice)
    assert later["LanhDao"] == together["ChuKyNguoiKy"]
    assert later["CoQuan"] == together["ChuKyCoQuan"]
    assert verify_pdf(twice).valid


@pytest.mark.parametrize("pictures_set", [True, False], ids=["pictures", "text"])
def test_small_boxes_keep_their_text_inside(
    pictures_set, leader, clerk, agency, personal_cert, agency_cert
):
    """A form's own signature boxes are small (about 37 × 20 mm): the letters shrink."""
    if pictures_set:
        official_set_signature_image(user=leader, image=signature_png("Lê Thị Hồng"), actor=None)
        agency_set_seal_image(agency=agency, image=seal_png(agency.name), actor=None)
    person_box, agency_box = (290, 30, 395, 87), (180, 40, 280, 72)
    once = sign_pdf(
        blank_document(),
        certificate=personal_cert,
        actor=leader,
        reason="",
        location="",
        field_name="LanhDao",
        appearance=Appearance.personal(title="CHỦ TỊCH", box=person_box),
    )
    twice = sign_pdf(
        once,
        certificate=agency_cert,
        actor=clerk,
        reason="",
        location="",
        field_name="CoQuan",
        appearance=Appearance.organisation(notation="Số: 15/QĐ-UBND", box=agency_box),
    )
    page_height = 841.89
    for needle, box in [("CHỦ TỊCH", person_box), ("Lê Thị Hồng", person_box)] + (
        []
        if pictures_set
        else [("UBND Xã Tân Phú", agency_box), ("15/QĐ-UBND", agency_box), ("+07:00", agency_box)]
    ):
        x1, top, x2, bottom = word_box(twice, needle)
        assert box[0] - 1 <= x1 and x2 <= box[2] + 1, needle
        assert page_height - box[3] - 1 <= top and bottom <= page_height - box[1] + 1, needle
    if pictures_set:
        image = render(twice)
        red = extent(ink(image, "red"))
        assert agency_box[0] - 1 <= red[0] and red[2] <= agency_box[2] + 1
        blue = extent(ink(image, "blue"))
        assert word_box(twice, "CHỦ TỊCH")[3] <= blue[1] + 1
        assert blue[3] <= word_box(twice, "Lê Thị Hồng")[1] + 1
    assert verify_pdf(twice).valid
