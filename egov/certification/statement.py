"""The certification statement page (lời chứng) that follows the scanned pages of an
electronic copy: the statement "Chứng thực bản sao đúng với bản chính", the document, the
certification number and book, place and date, the certifying official's name and title,
the verification code with its QR, and the place of the signatures. Decree 23/2015 puts the
statement after the copy (on its last page or a sheet attached to it); egov adds it as the
last page, where the signatures go.

The page is an A5 form of ``egov.printing``. When the official signs personally, the
signature block (title, signature picture, name: Decree 30/2020) is the signature's own
appearance, drawn by ``egov.signing`` in the box this page keeps free, with the agency's
seal over its left third; otherwise the page prints the block and the agency's signature
fills its middle. The boxes are returned in PDF points. The text stays in Vietnamese: the
document is legally Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egov.printing import formats
from egov.printing.fonts import FAMILY
from egov.printing.layout import A5, FormPDF, nfc
from egov.signing.appearance import PERSONAL_WIDTH
from egov.signing.layout import personal_height

STATEMENT = "Chứng thực bản sao đúng với bản chính."
SIGNER_HEADING = "NGƯỜI THỰC HIỆN CHỨNG THỰC"
_PT_PER_MM = 72 / 25.4
_QR = 28.0  # mm
_GAP = 24.0  # mm between the printed title and name, for the agency's signature
_AGENCY_BOX = (60.0, 20.0)  # mm

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class StatementData:
    agency_name: str
    managing_body: str
    place: str
    certified_at: dt.datetime
    document_name: str
    pages: int
    certification_number: str  # "Số chứng thực: 12, Quyển số 01/2026-SCT/BS"
    certifier_name: str
    certifier_title: str
    verification_code: str  # as printed, "7KQ2-M9XD-4HTP"
    verification_url: str
    person_signs: bool  # the official holds a personal certificate


@dataclass(frozen=True)
class StatementPage:
    pdf: bytes
    signer_title: str  # the title lines of the signature block
    person_box: Box | None  # where the official's signature block goes, if they sign
    agency_box: Box | None  # where the agency's signature goes when it signs alone


def signer_title(certifier_title: str) -> str:
    lines = [SIGNER_HEADING]
    if certifier_title.strip():
        lines.append(certifier_title.strip().upper())
    return "\n".join(lines)


def _points(x: float, top: float, width: float, height: float) -> Box:
    """A box given in mm from the top left of an A5 page, in PDF points from bottom left."""
    page_h = A5[1]
    return (
        round(x * _PT_PER_MM),
        round((page_h - top - height) * _PT_PER_MM),
        round((x + width) * _PT_PER_MM),
        round((page_h - top) * _PT_PER_MM),
    )


def _centred(pdf: FormPDF, x: float, width: float, height: float, text: str) -> None:
    pdf.set_x(x)
    pdf.multi_cell(width, height, nfc(text), align="C", new_x="LEFT", new_y="NEXT")


def _verification(pdf: FormPDF, data: StatementData) -> None:
    """The QR code of the verification page with the code and the address beside it."""
    top = pdf.y
    pdf.qr(data.verification_url, x=pdf.l_margin, y=top, width=_QR)
    x = pdf.l_margin + _QR + 2
    width = pdf.epw - _QR - 2
    small = pdf.sizes.small + 1
    pdf.set_xy(x, top + 4)
    pdf.set_font(FAMILY, "B", pdf.sizes.body)
    pdf.multi_cell(width, pdf.sizes.line, nfc(f"Mã xác thực: {data.verification_code}"))
    pdf.set_x(x)
    pdf.set_font(FAMILY, "", small)
    for line in (
        f"Kiểm tra bản sao tại: {data.verification_url}",
        "Quét mã QR hoặc nhập mã xác thực để đối chiếu bản sao với bản đã cấp.",
    ):
        pdf.set_x(x)
        pdf.multi_cell(width, small * 0.45, nfc(line), new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, max(pdf.y, top + _QR) + 2)


def statement_pdf(data: StatementData) -> StatementPage:
    title = "Lời chứng chứng thực bản sao điện tử từ bản chính"
    pdf = FormPDF(title=title)
    pdf.agency_header(
        managing_body=data.managing_body,
        agency=data.agency_name,
        place_date=formats.place_date(data.place, data.certified_at),
    )
    pdf.heading("Lời chứng", subtitle="Chứng thực bản sao điện tử từ bản chính")
    pdf.paragraph(STATEMENT, style="B")
    pdf.ln(1)
    pdf.field("Giấy tờ, văn bản", data.document_name)
    pdf.field("Bản sao gồm", f"{data.pages} trang, đứng trước trang lời chứng này")
    pdf.paragraph(data.certification_number, style="B")
    pdf.field("Ngày chứng thực", formats.short_date(data.certified_at))
    certifier = ", ".join(p for p in (data.certifier_name, data.certifier_title) if p)
    pdf.field("Người thực hiện chứng thực", certifier)
    pdf.ln(2)

    heading = signer_title(data.certifier_title)
    block_h = personal_height(heading) / _PT_PER_MM  # mm
    if pdf.will_page_break(_QR + 4 + block_h + 4):
        pdf.add_page()
    _verification(pdf, data)

    top = pdf.y + 2
    right = pdf.l_margin + pdf.epw
    if data.person_signs:
        width = PERSONAL_WIDTH / _PT_PER_MM
        return StatementPage(
            pdf=pdf.render(),
            signer_title=heading,
            person_box=_points(right - width, top, width, block_h),
            agency_box=None,
        )
    half = pdf.epw / 2
    x = pdf.l_margin + half
    line = pdf.sizes.line
    pdf.set_y(top)
    pdf.set_font(FAMILY, "B", pdf.sizes.body - 0.5)
    for text in heading.splitlines():
        _centred(pdf, x, half, line, text)
    gap_top = pdf.y + 1
    pdf.set_y(gap_top + _GAP)
    pdf.set_font(FAMILY, "B", pdf.sizes.body)
    _centred(pdf, x, half, line, data.certifier_name)
    width, height = _AGENCY_BOX
    return StatementPage(
        pdf=pdf.render(),
        signer_title=heading,
        person_box=None,
        agency_box=_points(x + (half - width) / 2, gap_top + 2, width, height),
    )
