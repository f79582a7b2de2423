"""Reading a bank statement export (CSV or XLSX) into lines, keeping the ones it cannot read.

Banks export different columns; the header row (within the first ten rows) names them and is
recognised in Vietnamese or English, with or without diacritics:

- date: "Ngày", "Ngày giao dịch", "Ngày hạch toán", "Date", "Transaction date"
- amount: "Số tiền", "Số tiền ghi có", "Ghi có", "Credit", "Amount"
- description: "Nội dung", "Diễn giải", "Mô tả", "Description", "Details"
- bank reference: "Số tham chiếu", "Mã giao dịch", "Số bút toán", "Reference", "Transaction ID"

Amounts are whole đồng written "1.250.000", "1,250,000", "1250000" or "1.250.000,00"; dates
dd/mm/yyyy or yyyy-mm-dd (or real date cells in XLSX).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from egov.core.text import fold

MAX_LINES = 20_000
HEADER_SEARCH_ROWS = 10

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": (
        "ngay",
        "ngay giao dich",
        "ngay hach toan",
        "date",
        "transaction date",
        "booking date",
    ),
    "amount": ("so tien", "so tien ghi co", "ghi co", "credit", "amount", "credit amount"),
    "description": ("noi dung", "dien giai", "mo ta", "description", "details", "noi dung ck"),
    "reference": (
        "so tham chieu",
        "ma giao dich",
        "so but toan",
        "reference",
        "transaction id",
        "ma gd",
    ),
}
REQUIRED = ("amount", "description")


class StatementUnreadable(ValueError):
    """The file as a whole cannot be read (not CSV/XLSX, no header row)."""


@dataclass(frozen=True)
class Line:
    """One data row: parsed values, or ``problem`` saying why it could not be read."""

    number: int
    raw: str
    booked_on: dt.date | None = None
    amount: int | None = None
    description: str = ""
    bank_reference: str = ""
    problem: str = ""


_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_DECIMALS = re.compile(r"^(?P<whole>\d{1,3}([.,]\d{3})*|\d+)[.,](?P<cents>\d{1,2})$")


def parse_amount(value: object) -> int:
    """Whole đồng from a cell; raises ValueError for anything else (fractions of a đồng)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != int(value):
            raise ValueError(value)
        return int(value)
    text = str(value or "").strip().upper()
    for noise in ("VND", "VNĐ", "Đ", " ", "\u00a0", "+"):
        text = text.replace(noise, "")
    negative = text.startswith("-")
    text = text.lstrip("-")
    if text.isdigit():
        amount = int(text)
    elif _GROUPED.match(text) and len({c for c in text if not c.isdigit()}) == 1:
        amount = int(re.sub(r"[.,]", "", text))
    else:
        decimal = _DECIMALS.match(text)
        if decimal is None or int(decimal.group("cents")) != 0:
            raise ValueError(value)
        amount = int(re.sub(r"[.,]", "", decimal.group("whole")))
    return -amount if negative else amount


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise ValueError(value)


def _header(row: Sequence[object]) -> dict[str, int] | None:
    names = [fold(str(cell or "")).strip(" :*") for cell in row]
    found: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for index, name in enumerate(names):
            if name in aliases:
                found.setdefault(key, index)
                break
    return found if all(key in found for key in REQUIRED) else None


def _cell(row: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(row):
        return None
    return row[index]


def _raw(row: Sequence[object]) -> str:
    return " | ".join("" if cell is None else str(cell) for cell in row)[:2000]


def _line(number: int, row: Sequence[object], columns: dict[str, int]) -> Line:
    raw = _raw(row)
    problems = []
    try:
        amount: int | None = parse_amount(_cell(row, columns["amount"]))
    except ValueError:
        amount = None
        problems.append("amount")
    booked_on = None
    if "date" in columns:
        try:
            booked_on = parse_date(_cell(row, columns["date"]))
        except ValueError:
            problems.append("date")
    description = str(_cell(row, columns["description"]) or "").strip()[:500]
    reference = str(_cell(row, columns.get("reference")) or "").strip()[:100]
    if not description and not problems:
        problems.append("description")
    return Line(
        number=number,
        raw=raw,
        booked_on=booked_on,
        amount=amount,
        description=description,
        bank_reference=reference,
        problem=",".join(problems),
    )


def lines_from_rows(rows: Iterable[Sequence[object]]) -> list[Line]:
    """Data lines after the header row; blank rows are skipped, every other row is kept."""
    columns: dict[str, int] | None = None
    lines: list[Line] = []
    for number, row in enumerate(rows, start=1):
        if columns is None:
            columns = _header(row)
            if columns is None and number >= HEADER_SEARCH_ROWS:
                break
            continue
        if not any(str(cell or "").strip() for cell in row):
            continue
        if len(lines) >= MAX_LINES:
            raise StatementUnreadable("too_many_lines")
        lines.append(_line(number, row, columns))
    if columns is None:
        raise StatementUnreadable("no_header")
    return lines


def _csv_text(content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementUnreadable("encoding") from None
    if "\x00" in text:
        raise StatementUnreadable("binary")
    return text


def _csv_lines(text: str) -> list[Line]:
    """Banks separate columns with ";" (Vietnamese Excel), "," or a tab, and may put a title
    above the header: the separator is the one with which a header row is found."""
    for delimiter in (";", ",", "\t"):
        try:
            return lines_from_rows(csv.reader(io.StringIO(text), delimiter=delimiter))
        except StatementUnreadable as error:
            if str(error) != "no_header":
                raise
    raise StatementUnreadable("no_header")


def _xlsx_rows(content: bytes) -> list[tuple[object, ...]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise StatementUnreadable("xlsx") from error
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[object, ...]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(tuple(row))
            if len(rows) > MAX_LINES + HEADER_SEARCH_ROWS + 1000:
                raise StatementUnreadable("too_many_lines")
        return rows
    finally:
        workbook.close()


def read_statement(content: bytes, name: str) -> list[Line]:
    """The lines of a statement file; the kind is decided by content (a ZIP is XLSX)."""
    if content.startswith(b"PK\x03\x04"):
        return lines_from_rows(_xlsx_rows(content))
    if name.lower().endswith(".xlsx"):
        raise StatementUnreadable("xlsx")
    return _csv_lines(_csv_text(content))
