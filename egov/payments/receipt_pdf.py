"""The electronic receipt (biên lai điện tử) of a fee payment, laid out like the one-stop
forms (``egov.printing.layout``, A5, the embedded Vietnamese font). Built from a plain
dataclass; the text is Vietnamese because the document is.

The layout follows the items an e-receipt of fees and charges must show (Decree 11/2020 and
123/2020 on receipts): the collecting unit, the receipt number, the payer, what was collected
line by line, the total in figures and in words, how and when it was paid. The legal form
and serial ("Mẫu số", "Ký hiệu") a tax office assigns are not modelled yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from egov.printing import formats
from egov.printing.layout import FormPDF, Head, Signer
from egov.printing.parties import Agency

from .words import amount_in_words


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    amount: int
    exemption: str = ""  # the reason, when the line is waived


@dataclass(frozen=True)
class RenderedReceipt:
    """The PDF, and where the agency's signature goes: page (from 0) and box in points."""

    pdf: bytes
    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class ReceiptData:
    agency: Agency
    number: str
    payer: str
    payer_address: str
    dossier_code: str
    procedure_name: str
    lines: Sequence[ReceiptLine]
    total: int
    method: str
    reference: str
    transaction: str
    paid_at: dt.datetime
    issued_at: dt.datetime


_PT = 72 / 25.4
# The signature box in mm, in the space ``signatures`` leaves under the note.
_BOX_W, _BOX_H = 66.0, 17.0


def receipt_pdf(data: ReceiptData) -> RenderedReceipt:
    pdf = FormPDF(title=f"Biên lai {data.number}")
    pdf.agency_header(
        managing_body=data.agency.managing_body,
        agency=data.agency.name,
        number=data.number,
        place_date=formats.place_date(data.agency.place, data.issued_at),
    )
    pdf.heading("Biên lai thu phí, lệ phí", subtitle="(Biên lai điện tử)")
    pdf.field("Người nộp", data.payer)
    if data.payer_address:
        pdf.field("Địa chỉ", data.payer_address, bold=False)
    pdf.field("Hồ sơ", data.dossier_code or "—")
    pdf.field("Thủ tục", data.procedure_name, bold=False)
    rows = []
    for index, line in enumerate(data.lines, start=1):
        text = line.description
        amount = formats.money(0 if line.exemption else line.amount)
        if line.exemption:
            text += f" (miễn: {line.exemption})"
        rows.append([formats.count(index), text, amount])
    rows.append(["", "Tổng cộng", formats.money(data.total)])
    pdf.grid(
        headings=[[Head("STT"), Head("Nội dung thu"), Head("Số tiền")]],
        rows=rows,
        widths=(10, 70, 30),
        align=("C", "L", "R"),
    )
    pdf.field("Số tiền bằng chữ", amount_in_words(data.total))
    pdf.field("Hình thức thanh toán", data.method, bold=False)
    pdf.field("Mã thanh toán", data.reference, bold=False)
    if data.transaction:
        pdf.field("Mã giao dịch", data.transaction, bold=False)
    pdf.field("Thời điểm thanh toán", formats.time_and_date(data.paid_at), bold=False)
    if pdf.will_page_break(_BOX_H + 16):
        pdf.add_page()
    pdf.signatures([Signer("Đơn vị thu", name="", note="(Chữ ký số của đơn vị)")])
    # ``signatures`` leaves 18 mm for the signature under the note, then the (empty) name.
    bottom_mm = pdf.y - 2 - pdf.sizes.line
    left_mm = pdf.l_margin + pdf.epw / 2 + (pdf.epw / 2 - _BOX_W) / 2
    page_h = pdf.h
    box = (
        int(left_mm * _PT),
        int((page_h - bottom_mm) * _PT),
        int((left_mm + _BOX_W) * _PT),
        int((page_h - bottom_mm + _BOX_H) * _PT),
    )
    return RenderedReceipt(pdf=pdf.render(), page=pdf.page_no() - 1, box=box)
