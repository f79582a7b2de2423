"""The figures' data: the period, the counters of one row, the rows, and a working-day
counter. No queries here: ``figures_query`` computes, ``figures_daily`` stores, ``figures``
defines what each counter means and is the module to import."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed
from egov.workcalendar.services import VN_TZ, is_working_day

# Longest period a page or the API may ask for: three years of days.
MAX_PERIOD_DAYS = 3 * 366

# Which agency a dossier is counted for: the competent agency that handles it ("handled by",
# ``Dossier.handling_agency``) or the desk that received it ("received at", ``Dossier.agency``:
# a commune's own desk, or the province's Public Administration Service Centre for the
# departments' dossiers). The rows are per handling agency and procedure in both.
Dimension = Literal["handled", "received"]
DIMENSIONS: tuple[Dimension, ...] = ("handled", "received")


@dataclass(frozen=True)
class Period:
    """Vietnam calendar days from ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationFailed(
                _("The end of the period must not be before its start."), code="period_order"
            )
        if (self.end - self.start).days >= MAX_PERIOD_DAYS:
            raise ValidationFailed(
                _("Choose a period of at most three years."), code="period_too_long"
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - dt.timedelta(days=1))

    @property
    def start_at(self) -> dt.datetime:
        return midnight(self.start)

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period (midnight after its last day)."""
        return midnight(self.end + dt.timedelta(days=1))


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=VN_TZ)


def local_today(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(VN_TZ).date()


@dataclass
class Counts:
    """The counters of one row; field names match ``DailyFigure`` and ``DailyStock``."""

    received: int = 0
    received_in_person: int = 0
    received_online: int = 0
    received_postal: int = 0
    digitised: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    processing_days: int = 0
    refused_reception: int = 0
    refused_after_appraisal: int = 0
    stopped: int = 0
    in_process_on_time: int = 0
    in_process_overdue: int = 0
    waiting_supplement: int = 0
    rating_total: int = 0
    rating_count: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{name: getattr(self, name) + getattr(other, name) for name in COUNTERS})

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def refused(self) -> int:
        return self.refused_reception + self.refused_after_appraisal

    @property
    def in_process(self) -> int:
        return self.in_process_on_time + self.in_process_overdue

    @property
    def online_share(self) -> float | None:
        return _ratio(self.received_online, self.received)

    @property
    def digitised_share(self) -> float | None:
        return _ratio(self.digitised, self.received)

    @property
    def on_time_share(self) -> float | None:
        """Resolved before or on time, of all resolved (the index of Decision 766)."""
        return _ratio(self.resolved_early + self.resolved_on_time, self.resolved)

    @property
    def average_processing_days(self) -> float | None:
        return _ratio(self.processing_days, self.resolved)

    @property
    def average_rating(self) -> float | None:
        return _ratio(self.rating_total, self.rating_count)


COUNTERS: tuple[str, ...] = tuple(f.name for f in fields(Counts))
# Counters that describe a moment (the period's end) rather than add up over days.
STOCK_COUNTERS = ("in_process_on_time", "in_process_overdue", "waiting_supplement")
FLOW_COUNTERS = tuple(name for name in COUNTERS if name not in STOCK_COUNTERS)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class FigureRow:
    agency_id: int
    agency_code: str
    agency_name: str
    procedure_id: int | None  # None: all procedures of the agency
    procedure_code: str
    procedure_name: str
    counts: Counts


@dataclass(frozen=True)
class AgencyFigures:
    agency_id: int
    agency_code: str
    agency_name: str
    total: Counts
    rows: list[FigureRow]


@dataclass(frozen=True)
class Figures:
    """The figures of a period, one row per agency and procedure (or per agency only, when
    not ``per_procedure``), ordered by their codes.

    ``as_of`` is the moment the in-process counters describe; ``source`` says whether they
    were computed from the dossiers (``live``) or read from the daily tables (``daily``).
    ``dimension`` says which agency the dossiers were chosen by: ``handled`` by the rows'
    agencies, or ``received`` at the desks of ``desks`` ((code, name) pairs; empty: every
    desk), the rows still being the handling agencies.
    """

    period: Period
    as_of: dt.datetime
    source: Literal["live", "daily"]
    rows: list[FigureRow] = field(default_factory=list)
    per_procedure: bool = True
    dimension: Dimension = "handled"
    desks: tuple[tuple[str, str], ...] = ()

    @property
    def total(self) -> Counts:
        return sum((row.counts for row in self.rows), Counts())

    def by_agency(self) -> list[AgencyFigures]:
        groups: dict[int, list[FigureRow]] = defaultdict(list)
        for row in self.rows:
            groups[row.agency_id].append(row)
        return [
            AgencyFigures(
                agency_id=rows[0].agency_id,
                agency_code=rows[0].agency_code,
                agency_name=rows[0].agency_name,
                total=sum((r.counts for r in rows), Counts()),
                rows=rows,
            )
            for rows in groups.values()
        ]


class WorkingDayCounter:
    """Working days after one day up to and including another, in O(1) per pair: each year
    needed gets a prefix table (working days among its first n days) built once."""

    def __init__(self) -> None:
        self._prefix: dict[int, list[int]] = {}

    def _year(self, year: int) -> list[int]:
        table = self._prefix.get(year)
        if table is None:
            table = [0]
            day = dt.date(year, 1, 1)
            while day.year == year:
                table.append(table[-1] + is_working_day(day))
                day += dt.timedelta(days=1)
            self._prefix[year] = table
        return table

    def _upto(self, day: dt.date) -> int:
        """Working days of ``day``'s year up to and including ``day``."""
        return self._year(day.year)[day.timetuple().tm_yday]

    def between(self, start: dt.date, end: dt.date) -> int:
        if end <= start:
            return 0
        if start.year == end.year:
            return self._upto(end) - self._upto(start)
        count = self._year(start.year)[-1] - self._upto(start) + self._upto(end)
        for year in range(start.year + 1, end.year):
            count += self._year(year)[-1]
        return count
