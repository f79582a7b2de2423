"""Demo certified copies at UBND xã Hòa Thuận: two copies certified (one uploaded online by a
citizen, one scanned at the counter for a walk-in) and one request waiting for its original,
all made through ``egov.certification``'s services with scans drawn here (colour, 200 dpi,
PDF 1.4, as Decree 30/2020 asks). The agency's and the leader's certificates come from the
demo CA (NOT TRUSTED); any that is missing is issued. Skipped when requests exist."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from egov.certification import services
from egov.certification.models import CopyRequest
from egov.orgs.models import Agency, User
from egov.printing.fonts import font_files
from egov.signing import records, selectors
from egov.signing import services as signing

from . import people

AGENCY = "000.00.24.H22"  # Ủy ban nhân dân xã Hòa Thuận
LEADER = "lanhdao.xa1"
DESK = "motcua.xa1"
DPI = 200
PAGE_MM = (148.0, 210.0)  # A5


def _page(title: str, lines: list[str], page: int) -> bytes:
    """One page of a pretend original, as a colour JPEG of A5 at 200 dpi."""
    width, height = (round(mm / 25.4 * DPI) for mm in PAGE_MM)
    image = Image.new("RGB", (width, height), (250, 246, 232))
    draw = ImageDraw.Draw(image)
    font_path = str(font_files()[""])
    big, small = ImageFont.truetype(font_path, 46), ImageFont.truetype(font_path, 30)
    draw.rectangle([40, 40, width - 40, height - 40], outline=(160, 30, 40), width=6)
    draw.text(
        (width // 2, 150),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        font=small,
        anchor="mm",
        fill=(20, 20, 20),
    )
    draw.text((width // 2, 260), title.upper(), font=big, anchor="mm", fill=(160, 30, 40))
    for index, line in enumerate(lines):
        draw.text((120, 380 + index * 60), line, font=small, fill=(20, 20, 90))
    draw.ellipse(
        [width - 380, height - 420, width - 140, height - 180], outline=(200, 0, 0), width=8
    )
    draw.text(
        (width // 2, height - 90), f"Trang {page}", font=small, anchor="mm", fill=(90, 90, 90)
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70, dpi=(DPI, DPI))
    return buffer.getvalue()


def scan(name: str, title: str, lines: list[str], *, pages: int = 1) -> SimpleUploadedFile:
    pdf = FPDF(unit="mm", format=PAGE_MM)
    pdf.set_auto_page_break(False)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.image(io.BytesIO(_page(title, lines, page)), x=0, y=0, w=PAGE_MM[0], h=PAGE_MM[1])
    pdf.pdf_version = "1.4"
    return SimpleUploadedFile(name, bytes(pdf.output()), content_type="application/pdf")


def _certificates(agency: Agency, leader: User) -> None:
    """The agency's and the leader's demo certificates, issued if missing."""
    usable = selectors.certificates_usable_by(leader)
    has_agency = any(c.owner_agency_id == agency.pk for c in usable)
    has_leader = any(c.owner_user_id == leader.pk for c in usable)
    if has_agency and has_leader:
        return
    if selectors.latest_demo_ca() is None:
        signing.local_ca_create(actor=None)
    if not has_agency:
        signing.certificate_issue(owner_agency=agency, actor=None)
    if not has_leader:
        signing.certificate_issue(owner_user=leader, actor=None)


def _citizen(index: int) -> User:
    return User.objects.get(citizen__national_id=people.CITIZENS[index].national_id)


@transaction.atomic
def certification_load() -> str:
    """Load the demo copies once; the line to print (with a code to try at /xac-thuc/)."""
    if CopyRequest.objects.exists():
        return "Certified copies: already loaded."
    agency = Agency.objects.get(code=AGENCY)
    leader = User.objects.get(username=LEADER)
    desk = User.objects.get(username=DESK)
    _certificates(agency, leader)
    diploma = services.copy_request_submit(
        agency=agency,
        document_name="Bằng tốt nghiệp trung học phổ thông",
        scan=scan(
            "bang-tot-nghiep.pdf",
            "Bằng tốt nghiệp trung học phổ thông",
            ["Họ và tên: Nguyễn Văn An", "Ngày sinh: 12/03/1985", "Xếp loại: Khá"],
        ),
        actor=_citizen(0),
    )
    services.copy_request_certify(diploma, actor=leader, compared=True)
    walk_in = services.copy_request_register(
        agency=agency,
        requester_name="Võ Thị Hạnh",
        requester_phone="0909000111",
        document_name="Giấy chứng nhận quyền sử dụng đất",
        scan=scan(
            "so-do.pdf",
            "Giấy chứng nhận quyền sử dụng đất",
            ["Người sử dụng đất: Võ Thị Hạnh", "Thửa đất số: 125, tờ bản đồ số: 7"],
            pages=3,
        ),
        actor=desk,
    )
    services.copy_request_certify(walk_in, actor=leader, compared=True, notes="Sổ đỏ 3 trang")
    services.copy_request_submit(
        agency=agency,
        document_name="Giấy khai sinh",
        scan=scan("giay-khai-sinh.pdf", "Giấy khai sinh", ["Họ và tên: Lê Hoàng Minh"]),
        actor=_citizen(2),
    )
    diploma.refresh_from_db()
    code = diploma.document.code if diploma.document else ""
    return f"Certified copy: {records.verification_path(code)} ({records.display_code(code)})"
