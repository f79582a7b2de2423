"""The figures table as an XLSX workbook, with Vietnamese headers whatever the page language:
it is handed on to the People's Committee and the provincial reports as it is."""

from __future__ import annotations

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from egov.workcalendar.services import VN_TZ

from .figures import Counts, Figures
from .figures_table import COLUMNS, agency_heading, dimension_text, header_rows, value

_NUMBER_FORMATS = {"count": "#,##0", "share": "0.0%", "days": "0.0", "rating": "0.0"}
_BOLD = Font(bold=True)
_FIRST_DATA_COLUMN = 5  # agency code, agency, procedure code, procedure


def _data(sheet: Worksheet, row: int, counts: Counts, *, bold: bool = False) -> None:
    for offset, column in enumerate(COLUMNS):
        cell = sheet.cell(row=row, column=_FIRST_DATA_COLUMN + offset)
        cell.value = value(counts, column)
        cell.number_format = _NUMBER_FORMATS[column.kind]
        if bold:
            cell.font = _BOLD


def figures_workbook(figures: Figures) -> bytes:
    """One sheet: title, period and moment, which dossiers (handled by or received at), two
    header rows, then per agency its total and one row per procedure, and the grand total."""
    with translation.override("vi"):
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # noqa: S101  (a new workbook has one sheet)
        sheet.title = _("Figures")
        period = figures.period
        sheet["A1"] = _("Dossier figures from %(start)s to %(end)s") % {
            "start": f"{period.start:%d/%m/%Y}",
            "end": f"{period.end:%d/%m/%Y}",
        }
        sheet["A1"].font = Font(bold=True, size=14)
        moment = timezone.localtime(figures.as_of, VN_TZ)
        if figures.as_of == period.end_at:
            sheet["A2"] = _("In process and waiting: at the end of %(day)s") % {
                "day": f"{period.end:%d/%m/%Y}"
            }
        else:
            sheet["A2"] = _("In process and waiting: as of %(moment)s") % {
                "moment": f"{moment:%H:%M %d/%m/%Y}"
            }
        sheet["A3"] = dimension_text(figures)
        top, bottom = header_rows()
        for col, label in enumerate(
            [_("Agency code"), agency_heading(figures), _("Procedure code"), _("Procedure")],
            start=1,
        ):
            sheet.cell(row=4, column=col, value=label)
            sheet.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
        col = _FIRST_DATA_COLUMN
        lower = iter(bottom)
        for head in top:
            sheet.cell(row=4, column=col, value=str(head.label))
            if head.rowspan == 2:
                sheet.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
            else:
                sheet.merge_cells(
                    start_row=4, start_column=col, end_row=4, end_column=col + head.colspan - 1
                )
                for offset in range(head.colspan):
                    sheet.cell(row=5, column=col + offset, value=str(next(lower).label))
            col += head.colspan
        for header_row in sheet.iter_rows(min_row=4, max_row=5):
            for cell in header_row:
                cell.font = _BOLD
                cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        row = 6
        # Per procedure, each agency's total comes first, in bold; per agency, one row each.
        subtotal = Font(bold=figures.per_procedure)
        for group in figures.by_agency():
            sheet.cell(row=row, column=1, value=group.agency_code).font = subtotal
            sheet.cell(row=row, column=2, value=group.agency_name).font = subtotal
            if not figures.per_procedure:
                _data(sheet, row, group.total)
                row += 1
                continue
            sheet.cell(row=row, column=4, value=_("All procedures")).font = _BOLD
            _data(sheet, row, group.total, bold=True)
            row += 1
            for line in group.rows:
                sheet.cell(row=row, column=1, value=line.agency_code)
                sheet.cell(row=row, column=2, value=line.agency_name)
                sheet.cell(row=row, column=3, value=line.procedure_code)
                sheet.cell(row=row, column=4, value=line.procedure_name)
                _data(sheet, row, line.counts)
                row += 1
        sheet.cell(
            row=row, column=1, value=pgettext("figures", "Total of all agencies")
        ).font = _BOLD
        _data(sheet, row, figures.total, bold=True)
        for col, width in ((1, 16), (2, 32), (3, 12), (4, 48)):
            sheet.column_dimensions[get_column_letter(col)].width = width
        for offset in range(len(COLUMNS)):
            sheet.column_dimensions[get_column_letter(_FIRST_DATA_COLUMN + offset)].width = 12
        sheet.freeze_panes = "E6"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
