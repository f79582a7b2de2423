"""The accountants' exports as XLSX workbooks (headings in the user's language, money and
counts as number cells, dates as real date cells): the payments, and the online-payment
share of Decision 766 per agency and per procedure."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .figures import ShareRow
from .models import Payment
from .selectors import method_label

WIDTHS = (18, 30, 26, 14, 30, 12, 12, 22, 22, 14, 40)


def payments_workbook(payments: Iterable[Payment]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = _("Payments")[:31]
    sheet.append(
        [
            _("Started"),
            _("Agency"),
            _("Dossier"),
            _("Payment reference"),
            _("Method"),
            _("Amount"),
            _("Received"),
            _("Status"),
            _("Transaction number"),
            _("Receipt"),
            _("Needs attention"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for payment in payments:
        receipt = getattr(payment, "receipt", None)
        sheet.append(
            [
                timezone.localtime(payment.created_at).replace(tzinfo=None),
                payment.charge.agency.name,
                payment.charge.dossier.code or "",
                payment.reference,
                method_label(payment.method),
                payment.amount,
                payment.received_amount,
                str(Payment.Status(payment.status).label),
                payment.provider_reference,
                receipt.number if receipt is not None else "",
                payment.flag if payment.needs_attention else "",
            ]
        )
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2, min_col=1, max_col=1):
        row[0].number_format = "DD/MM/YYYY HH:MM"
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SHARE_WIDTHS = (50, 14, 18, 12, 14, 14)


def _share_sheet(
    sheet: Any, heading: str, rows: Sequence[ShareRow], total: ShareRow | None
) -> None:
    sheet.append(
        [
            heading,
            _("Code"),
            _("Dossiers owing fees"),
            _("Paid"),
            _("Paid online"),
            _("Share paid online"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.label, row.code, row.fee_bearing, row.paid, row.paid_online, row.share])
    if total is not None:
        sheet.append(
            [_("Total"), "", total.fee_bearing, total.paid, total.paid_online, total.share]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for row_cells in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        row_cells[0].number_format = "0.0%"
    for index, width in enumerate(SHARE_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def share_workbook(
    *,
    start: dt.date,
    end: dt.date,
    by_agency: Sequence[ShareRow],
    by_procedure: Sequence[ShareRow],
    total: ShareRow,
) -> bytes:
    """The online-payment share over ``start``–``end``: a sheet per agency (with the total)
    and one per procedure; a share without fee-bearing dossiers is an empty cell."""
    book = Workbook()
    agencies = book.active
    assert agencies is not None  # noqa: S101 - a new workbook has one sheet
    agencies.title = _("By agency")[:31]
    _share_sheet(agencies, _("Agency"), by_agency, total)
    _share_sheet(book.create_sheet(_("By procedure")[:31]), _("Procedure"), by_procedure, None)
    period = _("Period: %(start)s to %(end)s") % {
        "start": start.strftime("%d/%m/%Y"),
        "end": end.strftime("%d/%m/%Y"),
    }
    for sheet in book.worksheets:
        sheet.append([])
        sheet.append([period])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
