"""The accountant's export of payments as an XLSX workbook (headings in the user's language,
money as whole-number cells, dates as real date cells)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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
