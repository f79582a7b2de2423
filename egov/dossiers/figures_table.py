"""The figures table as the page and the XLSX export show it: one column list, so both
always have the same columns in the same order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import Literal

from django.utils.formats import get_format
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

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


def dimension_text(figures: Figures) -> str:
    """Which dossiers the table counts, in a sentence (the page's caption, the workbook)."""
    if figures.dimension == "handled":
        return gettext("Dossiers counted by the agency that handles them.")
    if not figures.desks:
        return gettext("Dossiers received at every one-stop desk, by the agency that handles them.")
    return gettext(
        "Dossiers received at the one-stop desk of %(desks)s, by the agency that handles them."
    ) % {"desks": ", ".join(name for _code, name in figures.desks)}


def agency_heading(figures: Figures) -> str:
    """The heading of the agency column: the handling agency, said so when the table is of a
    desk's dossiers."""
    return gettext("Handling agency") if figures.dimension == "received" else gettext("Agency")


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


class NumberText:
    """Numbers as the active language writes them ("1.234", "77,8 %" in Vietnamese). The
    separators are looked up once: ``number_format`` per cell costs more than the query."""

    def __init__(self) -> None:
        self.decimal = str(get_format("DECIMAL_SEPARATOR"))
        self.thousands = str(get_format("THOUSAND_SEPARATOR"))

    def __call__(self, number: int | float | None, kind: Kind) -> str:
        if number is None:
            return "–"
        if kind == "count":
            return f"{number:,}".replace(",", self.thousands)
        tenths = _tenths(number * 100 if kind == "share" else number)
        shown = f"{tenths:.1f}".replace(".", self.decimal)
        return f"{shown} %" if kind == "share" else shown


def _tenths(number: float) -> Decimal:
    """Rounded half up to one decimal, as people round by hand."""
    return Decimal(str(number)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class CellRenderer:
    """A row's number cells as HTML, built in Python: a table of a hundred agencies has
    thousands of cells, too many for a template loop (or ``format_html`` per cell) on a page
    that must answer at once. Each cell keeps its column's label for narrow screens."""

    def __init__(self) -> None:
        self.text = NumberText()
        self.cells = [
            (column, f'<td class="num" data-label="{escape(column.full_label)}">')
            for column in COLUMNS
        ]

    def __call__(self, counts: Counts) -> SafeString:
        html = "".join(
            f"{start}{escape(self.text(value(counts, column), column.kind))}</td>"
            for column, start in self.cells
        )
        # Safe: labels and values are escaped above, the rest is this literal markup.
        return mark_safe(html)  # noqa: S308


@dataclass(frozen=True)
class TableRow:
    row: FigureRow
    cells: SafeString


@dataclass(frozen=True)
class TableGroup:
    agency: AgencyFigures
    total: SafeString
    rows: list[TableRow]
    query: str = ""  # the query string of this agency's own figures (per-agency tables)


def table_groups(
    figures: Figures, queries: Mapping[int, str] | None = None
) -> tuple[list[TableGroup], SafeString]:
    """Per agency: its total and, per procedure, its rows (none in a per-agency table); and
    the grand total's cells."""
    cells = CellRenderer()
    groups = [
        TableGroup(
            agency=group,
            total=cells(group.total),
            rows=[TableRow(row, cells(row.counts)) for row in group.rows]
            if figures.per_procedure
            else [],
            query=(queries or {}).get(group.agency_id, ""),
        )
        for group in figures.by_agency()
    ]
    return groups, cells(figures.total)
