"""The one-stop desk's running records: form 06, the control slip that follows a dossier
from hand to hand, and form 07, the tracking book (PDF on A4 landscape, and XLSX).

The columns follow the 01/2018 forms (Mẫu 05 and 06 there), which the 03/2025 forms 06
and 07 carry over; the 2025 column wording is not verified (see ``onestop``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import formats
from .layout import FormPDF, Head, Verification
from .parties import Agency, Applicant


class Timeliness(StrEnum):
    """How a step ended against its allotted time, as the control slip prints it."""

    EARLY = "Trước hạn"
    ON_TIME = "Đúng hạn"
    LATE = "Quá hạn"


@dataclass(frozen=True)
class ControlSlipRow:
    """One hand-over: the step or agency, when, who gave and who took the dossier."""

    step: str
    handed_over_at: dt.datetime | None
    giver: str
    receiver: str
    result: Timeliness | None = None
    notes: str = ""


@dataclass(frozen=True)
class ControlSlipData:
    """Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ."""

    agency: Agency
    dossier_code: str
    procedure_name: str
    applicant: Applicant
    received_at: dt.datetime
    due_at: dt.datetime
    rows: Sequence[ControlSlipRow]
    verification: Verification | None = None


@dataclass(frozen=True)
class TrackingBookRow:
    """One dossier in the book; the empty "Ký nhận" column is for the applicant's signature."""

    dossier_code: str
    procedure_name: str
    applicant_name: str
    received_at: dt.datetime
    due_at: dt.datetime
    applicant_address: str = ""
    applicant_phone: str = ""
    dossier_sets: int = 1
    handling_agency: str = ""
    transferred_at: dt.datetime | None = None  # handed to the processing agency
    result_received_at: dt.datetime | None = None  # result back from that agency
    returned_at: dt.datetime | None = None  # result returned to the applicant
    notes: str = ""


@dataclass(frozen=True)
class TrackingBookData:
    """Mẫu 07: Sổ theo dõi hồ sơ, for a period and optionally a volume number."""

    agency: Agency
    rows: Sequence[TrackingBookRow]
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    volume: str = ""


def control_slip_pdf(data: ControlSlipData) -> bytes:
    title = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
    pdf = FormPDF(title=title)
    pdf.agency_header(managing_body=data.agency.managing_body, agency=data.agency.name)
    pdf.heading(title, subtitle=f"Mã hồ sơ: {data.dossier_code}")
    pdf.field("Kèm theo hồ sơ của", data.applicant.name)
    pdf.field("Thủ tục hành chính", data.procedure_name)
    pdf.field("Thời gian nhận hồ sơ", formats.time_and_date(data.received_at), bold=False)
    pdf.field("Hẹn trả kết quả", formats.time_and_date(data.due_at))
    pdf.ln(1)
    pdf.grid(
        headings=[
            [
                Head("Tên cơ quan, bước xử lý", rowspan=2),
                Head("Thời gian giao, nhận hồ sơ", colspan=3),
                Head("Kết quả giải quyết (trước hạn/ đúng hạn/ quá hạn)", rowspan=2),
                Head("Ghi chú", rowspan=2),
            ],
            [Head("Thời gian"), Head("Người giao"), Head("Người nhận")],
        ],
        rows=[
            [
                row.step,
                formats.short_datetime(row.handed_over_at) if row.handed_over_at else "",
                row.giver,
                row.receiver,
                row.result.value if row.result else "",
                row.notes,
            ]
            for row in data.rows
        ],
        widths=(25, 19, 20, 20, 19, 23),
        align=("L", "C", "L", "L", "C", "L"),
        size=8.5,
    )
    if data.verification is not None:
        pdf.verification_band(data.verification)
    return pdf.render()


# The tracking book: (heading, width in mm on A4 landscape) per column.
_BOOK_COLUMNS = (
    ("TT", 7),
    ("Mã hồ sơ", 37),
    ("Tên thủ tục hành chính", 33),
    ("Số lượng hồ sơ (bộ)", 10),
    ("Tên cá nhân, tổ chức", 25),
    ("Địa chỉ, số điện thoại", 28),
    ("Cơ quan chủ trì giải quyết", 21),
    ("Nhận hồ sơ", 16),
    ("Hẹn trả kết quả", 16),
    ("Chuyển hồ sơ đến cơ quan giải quyết", 16),
    ("Nhận kết quả từ cơ quan giải quyết", 16),
    ("Trả kết quả cho cá nhân, tổ chức", 16),
    ("Ký nhận", 13),
    ("Ghi chú", 16),
)
_DATES = slice(7, 12)  # the columns grouped under "Ngày, tháng, năm"


def _when(moment: dt.datetime | None) -> str:
    return formats.short_datetime(moment) if moment else ""


def _book_cells(number: int, row: TrackingBookRow) -> list[str]:
    reach = ", ".join(part for part in (row.applicant_address, row.applicant_phone) if part)
    return [
        str(number),
        row.dossier_code,
        row.procedure_name,
        formats.count(row.dossier_sets),
        row.applicant_name,
        reach,
        row.handling_agency,
        _when(row.received_at),
        _when(row.due_at),
        _when(row.transferred_at),
        _when(row.result_received_at),
        _when(row.returned_at),
        "",
        row.notes,
    ]


def _period(data: TrackingBookData) -> str:
    lines = [f"Quyển số: {data.volume}"] if data.volume else []
    span = []
    if data.period_start:
        span.append(f"Từ ngày {formats.short_date(data.period_start)}")
    if data.period_end:
        span.append(f"đến ngày {formats.short_date(data.period_end)}")
    if span:
        text = " ".join(span)
        lines.append(text[0].upper() + text[1:])
    return "\n".join(lines)


def tracking_book_pdf(data: TrackingBookData) -> bytes:
    title = "Sổ theo dõi hồ sơ"
    pdf = FormPDF(title=title, a4_landscape=True)
    pdf.agency_header(managing_body=data.agency.managing_body, agency=data.agency.name)
    pdf.heading(title, subtitle=_period(data))
    names = [name for name, _ in _BOOK_COLUMNS]
    dates = names[_DATES]
    pdf.grid(
        headings=[
            [Head(name, rowspan=2) for name in names[: _DATES.start]]
            + [Head("Ngày, tháng, năm", colspan=len(dates))]
            + [Head(name, rowspan=2) for name in names[_DATES.stop :]],
            [Head(name) for name in dates],
        ],
        rows=[_book_cells(n, row) for n, row in enumerate(data.rows, start=1)],
        widths=[width for _, width in _BOOK_COLUMNS],
        align=("C", "L", "L", "C", "L", "L", "L", "C", "C", "C", "C", "C", "L", "L"),
        size=8.5,
    )
    return pdf.render()


def tracking_book_xlsx(data: TrackingBookData) -> bytes:
    """The same columns as the PDF, one header row, dates as Excel dates in Vietnam time."""
    book = Workbook()
    book.remove(book.worksheets[0])
    sheet = book.create_sheet("Sổ theo dõi hồ sơ")
    sheet.append([name for name, _ in _BOOK_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for number, row in enumerate(data.rows, start=1):
        values: list[object] = list(_book_cells(number, row))
        values[0] = number
        values[3] = row.dossier_sets
        moments = (
            row.received_at,
            row.due_at,
            row.transferred_at,
            row.result_received_at,
            row.returned_at,
        )
        values[_DATES] = [formats.local(m).replace(tzinfo=None) if m else None for m in moments]
        sheet.append(values)
    for index, (_, width) in enumerate(_BOOK_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width * 0.9
    for column in sheet.iter_cols(min_col=_DATES.start + 1, max_col=_DATES.stop, min_row=2):
        for cell in column:
            cell.number_format = "dd/mm/yyyy hh:mm"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
