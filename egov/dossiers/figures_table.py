"""The figures table as the page and the XLSX export show it: one column list, so both
always have the same columns in the same order."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .figures import AgencyFigures, Counts, FigureRow, Figures

Kind = Literal["count", "share", "days", "rating"]


@dataclass(frozen=True)
class Column:
    key: str  # a field or property of ``Counts``
    label: Promise
    group: Promise | None = None
    kind: Kind = "count"

    @property
    def full_label(self) -> str:
        return f"{self.group}: {self.label}" if self.group else str(self.label)


# "Received" and "Refused" alone mean other things elsewhere (a date, a status).
RECEIVED = pgettext_lazy("figures column", "Received")
RESOLVED, IN_PROCESS = _("Resolved"), _("In process")

COLUMNS: tuple[Column, ...] = (
    Column("received", _("Total"), RECEIVED),
    Column("received_in_person", _("In person"), RECEIVED),
    Column("received_online", _("Online"), RECEIVED),
    Column("received_postal", _("By post"), RECEIVED),
    Column("resolved", _("Total"), RESOLVED),
    Column("resolved_early", _("Before time"), RESOLVED),
    Column("resolved_on_time", _("On time"), RESOLVED),
    Column("resolved_late", _("After time"), RESOLVED),
    Column("in_process_on_time", _("On time"), IN_PROCESS),
    Column("in_process_overdue", _("Overdue"), IN_PROCESS),
    Column("waiting_supplement", _("Waiting for supplement")),
    Column("refused", pgettext_lazy("figures column", "Refused")),
    Column("stopped", _("Stopped")),
    Column("online_share", _("Online share"), kind="share"),
    Column("digitised_share", _("Digitised share"), kind="share"),
    Column("average_processing_days", _("Average processing time (working days)"), kind="days"),
    Column("average_rating", _("Average satisfaction (1–5)"), kind="rating"),
)


@dataclass(frozen=True)
class HeaderCell:
    label: Promise
    colspan: int = 1
    rowspan: int = 1


def header_rows() -> tuple[list[HeaderCell], list[HeaderCell]]:
    """The two header rows: groups spanning their columns, then the grouped columns' own
    labels; an ungrouped column spans both rows."""
    top: list[HeaderCell] = []
    bottom: list[HeaderCell] = []
    for column in COLUMNS:
        if column.group is None:
            top.append(HeaderCell(column.label, rowspan=2))
        elif top and top[-1].label is column.group:
            top[-1] = HeaderCell(column.group, colspan=top[-1].colspan + 1)
            bottom.append(HeaderCell(column.label))
        else:
            top.append(HeaderCell(column.group))
            bottom.append(HeaderCell(column.label))
    return top, bottom


def value(counts: Counts, column: Column) -> int | float | None:
    result: int | float | None = getattr(counts, column.key)
    return result


def text(number: int | float | None, kind: Kind) -> str:
    """A value as shown on the page, in the active language's number format."""
    if number is None:
        return "–"
    if kind == "share":
        return f"{number_format(_tenths(number * 100), decimal_pos=1)} %"
    if kind in ("days", "rating"):
        return number_format(_tenths(number), decimal_pos=1)
    return number_format(number, force_grouping=True)


def _tenths(number: float) -> Decimal:
    """Rounded half up to one decimal (``number_format`` would cut the digits off)."""
    return Decimal(str(number)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Cell:
    column: Column
    text: str


def cells(counts: Counts) -> list[Cell]:
    return [Cell(column, text(value(counts, column), column.kind)) for column in COLUMNS]


@dataclass(frozen=True)
class TableRow:
    row: FigureRow
    cells: list[Cell]


@dataclass(frozen=True)
class TableGroup:
    agency: AgencyFigures
    total: list[Cell]
    rows: list[TableRow]


def table_groups(figures: Figures) -> list[TableGroup]:
    return [
        TableGroup(
            agency=group,
            total=cells(group.total),
            rows=[TableRow(row, cells(row.counts)) for row in group.rows],
        )
        for group in figures.by_agency()
    ]
