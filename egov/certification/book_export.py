"""The certification book (sổ chứng thực bản sao từ bản chính) as PDF, on the A4 landscape
page of ``egov.printing``, and as XLSX. The columns follow the book of Decree 23/2015:
number, date, requester, document, copies and pages, fee, certifier, notes; the notes also
carry the electronic copy's verification code."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from egov.printing import formats
from egov.printing.layout import FormPDF, Head
from egov.signing.records import display_code

from .models import BookEntry

TITLE = "Sổ chứng thực bản sao từ bản chính"
_COLUMNS = (
    ("Số chứng thực", 18),
    ("Ngày, tháng, năm chứng thực", 24),
    ("Họ, chữ đệm, tên người yêu cầu chứng thực", 40),
    ("Tên bản chính giấy tờ, văn bản", 55),
    ("Số bản sao, số trang", 22),
    ("Lệ phí chứng thực", 24),
    ("Họ tên, chức danh người ký chứng thực", 45),
    ("Ghi chú", 39),
)
_ALIGN = ("C", "C", "L", "L", "C", "R", "L", "L")


@dataclass(frozen=True)
class BookHeader:
    agency_name: str
    managing_body: str
    label: str  # "01/2026-SCT/BS"
    start: dt.date | None = None
    end: dt.date | None = None


def _copies(entry: BookEntry) -> str:
    return f"{entry.copies} bản, {entry.pages} trang"


def _certifier(entry: BookEntry) -> str:
    return ", ".join(part for part in (entry.certifier_name, entry.certifier_title) if part)


def _notes(entry: BookEntry) -> str:
    code = f"Bản sao điện tử, mã xác thực {display_code(entry.verification_code)}"
    return f"{entry.notes}. {code}" if entry.notes else code


def _cells(entry: BookEntry) -> list[str]:
    return [
        str(entry.number),
        formats.short_date(entry.certified_at),
        entry.requester_name,
        entry.document_name,
        _copies(entry),
        formats.money(entry.fee),
        _certifier(entry),
        _notes(entry),
    ]


def _subtitle(header: BookHeader) -> str:
    lines = [f"Quyển số: {header.label}"]
    if header.start or header.end:
        span = []
        if header.start:
            span.append(f"từ ngày {formats.short_date(header.start)}")
        if header.end:
            span.append(f"đến ngày {formats.short_date(header.end)}")
        text = " ".join(span)
        lines.append(text[0].upper() + text[1:])
    return "\n".join(lines)


def book_pdf(header: BookHeader, entries: Iterable[BookEntry]) -> bytes:
    pdf = FormPDF(title=TITLE, a4_landscape=True)
    pdf.agency_header(managing_body=header.managing_body, agency=header.agency_name)
    pdf.heading(TITLE, subtitle=_subtitle(header))
    rows = [_cells(entry) for entry in entries]
    pdf.grid(
        headings=[[Head(name) for name, _width in _COLUMNS]],
        rows=rows,
        widths=[width for _name, width in _COLUMNS],
        align=_ALIGN,
        size=9,
    )
    if not rows:
        pdf.paragraph("Chưa có việc chứng thực nào trong thời gian này.", style="I")
    return pdf.render()


def book_xlsx(header: BookHeader, entries: Iterable[BookEntry]) -> bytes:
    """One sheet, one header row; numbers, dates (Vietnam time) and fees as cell values."""
    book = Workbook()
    book.remove(book.worksheets[0])
    sheet = book.create_sheet(header.label.replace("/", "-"))
    sheet.append([name for name, _width in _COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for entry in entries:
        sheet.append(
            [
                entry.number,
                formats.local(entry.certified_at).replace(tzinfo=None),
                entry.requester_name,
                entry.document_name,
                _copies(entry),
                entry.fee,
                _certifier(entry),
                _notes(entry),
            ]
        )
    for index, (_name, width) in enumerate(_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width * 0.9
    for row in sheet.iter_rows(min_row=2):
        row[1].number_format = "dd/mm/yyyy hh:mm"
        row[5].number_format = '#,##0 "đ"'
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
