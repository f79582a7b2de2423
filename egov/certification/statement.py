"""The certification statement page (lời chứng) that follows the scanned pages of an
electronic copy: the statement "Chứng thực bản sao đúng với bản chính", the certification
number and book, place and date, the certifying official, and the verification code with
its QR. Decree 23/2015 puts the statement after the copy (on its last page or on a sheet
attached to it); egov adds it as the last page, where the signatures go.

The page is an A5 form of ``egov.printing``; the boxes the digital signatures fill are
returned in PDF points so the signer knows where they go without reading the PDF back. The
text stays in Vietnamese: the document is legally Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egov.printing import formats
from egov.printing.fonts import FAMILY
from egov.printing.layout import A5, FormPDF, nfc

STATEMENT = "Chứng thực bản sao đúng với bản chính."
SIGNER_HEADING = "NGƯỜI THỰC HIỆN CHỨNG THỰC"
SIGN_NOTE = "(Ký, ghi rõ họ tên và đóng dấu)"
_PT_PER_MM = 72 / 25.4
_GAP = 26.0  # mm between the signer's title and name, where the signatures appear
_PERSON_BOX = (56.0, 22.0)  # width, height in mm
_AGENCY_BOX = (34.0, 22.0)
_QR = 30.0

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


@dataclass(frozen=True)
class StatementPage:
    pdf: bytes
    person_box: Box  # where the certifying official's signature goes
    agency_box: Box  # the agency's, at the left of the person's
    agency_alone_box: Box  # the agency's when the official has no certificate


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
    pdf.ln(3)

    line = pdf.sizes.line
    half = pdf.epw / 2
    right_x = pdf.l_margin + half
    if pdf.will_page_break(line * 4 + _GAP + 12):
        pdf.add_page()
    top = pdf.y
    pdf.set_font(FAMILY, "B", pdf.sizes.body - 0.5)
    _centred(pdf, right_x, half, line, SIGNER_HEADING)
    if data.certifier_title:
        _centred(pdf, right_x, half, line, data.certifier_title.upper())
    pdf.set_font(FAMILY, "I", pdf.sizes.body - 1.5)
    _centred(pdf, right_x, half, line - 0.5, SIGN_NOTE)
    gap_top = pdf.y + 1
    pdf.set_y(gap_top + _GAP)
    pdf.set_font(FAMILY, "B", pdf.sizes.body)
    _centred(pdf, right_x, half, line, data.certifier_name)
    bottom = pdf.y

    qr_caption = f"Mã xác thực:\n{data.verification_code}"
    qr_bottom = pdf.qr(data.verification_url, x=pdf.l_margin, y=top, width=_QR, caption=qr_caption)
    pdf.set_xy(pdf.l_margin, max(bottom, qr_bottom) + 1.5)
    pdf.set_font(FAMILY, "", pdf.sizes.small)
    pdf.multi_cell(
        0,
        pdf.sizes.small * 0.45,
        nfc(f"Kiểm tra bản sao tại: {data.verification_url}"),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )

    person_w, person_h = _PERSON_BOX
    person_x = right_x + (half - person_w) / 2
    agency_w, agency_h = _AGENCY_BOX
    # The agency's signature stands at the left of the official's, touching it, where the
    # seal goes on paper (Decree 30/2020 Annex I); two text boxes must not cover each other.
    agency_x = person_x - agency_w + 1
    return StatementPage(
        pdf=pdf.render(),
        person_box=_points(person_x, gap_top + 1, person_w, person_h),
        agency_box=_points(agency_x, gap_top + 3, agency_w, agency_h - 4),
        agency_alone_box=_points(right_x + (half - agency_w) / 2, gap_top + 1, agency_w, agency_h),
    )
