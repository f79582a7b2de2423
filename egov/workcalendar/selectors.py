"""Which days are working days: the statutory base from ``holidays`` plus stored overrides.

The base is the Labour Code calendar as the ``holidays`` package (country VN) computes it,
with the lunar dates by the Vietnamese calendar (UTC+7), weekend make-up days and the
government notices it ships. ``CalendarOverride`` rows, entered from official notices,
win over the base for their date.

Per-year tables are cached in-process because deadline computations are hot. The cache is
cleared by every modifying service, again when its transaction commits, when that
transaction turns out to have ended (rolled back: checked on each lookup), and after
``CACHE_SECONDS`` so other processes pick up an administrator's change too.
"""

from __future__ import annotations

import datetime as dt
import time
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import holidays
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from egov.core.errors import ValidationFailed

from .models import CalendarOverride, OfficeHours
from .rules import YEAR_MAX, YEAR_MIN, check_year

CACHE_SECONDS = 60.0
DayKind = Literal["holiday", "day_off", "working_day"]


@dataclass(frozen=True)
class NonWorkingDay:
    """A listed day: a holiday, an official day off, or a swapped working day (weekend)."""

    date: dt.date
    reason: str
    kind: DayKind


@dataclass(frozen=True)
class _YearTable:
    working: tuple[int, ...]  # ordinals of the year's working days, ascending
    working_set: frozenset[int]
    built: float


_tables: dict[int, _YearTable] = {}
# Atomic blocks open when calendar data last changed: while they stay open the change may
# still roll back, so the cache is dropped as soon as they are gone.
_pending: list[object] = []


def calendar_cache_clear() -> None:
    """Forget cached years; every service that changes calendar data calls this."""
    _tables.clear()
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        _pending[:] = list(getattr(connection, "atomic_blocks", []))
        transaction.on_commit(_tables.clear)


def _check_pending() -> None:
    blocks = getattr(transaction.get_connection(), "atomic_blocks", [])
    keep = 0
    for mine, current in zip(_pending, blocks, strict=False):
        if mine is not current:
            break
        keep += 1
    if keep < len(_pending):
        del _pending[keep:]
        _tables.clear()


@lru_cache(maxsize=256)
def _base(year: int, language: str) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """Statutory holidays of ``year`` (date → name) and the package's swapped Saturdays."""
    base = holidays.country_holidays("VN", years=year, language=language)
    names = {day: str(name) for day, name in base.items() if day.year == year}
    swapped = frozenset(d for d in base.weekend_workdays if d.year == year)
    return names, swapped


def _holiday_language() -> str:
    return "vi" if (get_language() or "vi").startswith("vi") else "en_US"


def _overrides(year: int) -> dict[dt.date, CalendarOverride]:
    rows = CalendarOverride.objects.filter(date__year=year).order_by("date")
    return {row.date: row for row in rows}


def _build(year: int) -> _YearTable:
    names, swapped = _base(year, "en_US")
    overrides = _overrides(year)
    day = dt.date(year, 1, 1)
    working: list[int] = []
    while day.year == year:
        row = overrides.get(day)
        if row is not None:
            works = row.kind == CalendarOverride.Kind.WORKING_DAY
        else:
            works = (day.weekday() < 5 and day not in names) or day in swapped
        if works:
            working.append(day.toordinal())
        day += dt.timedelta(days=1)
    return _YearTable(tuple(working), frozenset(working), time.monotonic())


def _table(year: int) -> _YearTable:
    if _pending:
        _check_pending()
    table = _tables.get(year)
    if table is None or time.monotonic() - table.built > CACHE_SECONDS:
        if not YEAR_MIN <= year <= YEAR_MAX:
            check_year(year)
        table = _tables[year] = _build(year)
    return table


def is_working_day(day: dt.date, *, hours: OfficeHours | None = None) -> bool:
    """Monday–Friday minus holidays and official days off, plus swapped working Saturdays.

    ``hours`` does not change the answer: an agency open on Saturday morning
    (``OfficeHours.saturday_morning``) receives dossiers then, but deadlines still count
    working days only (DOMAIN.md §2), so a Saturday counts only when officially swapped.
    """
    return day.toordinal() in _table(day.year).working_set


def nth_working_day(day: dt.date, n: int) -> dt.date:
    """The working day ``n`` working days after the first working day on or after ``day``."""
    year = day.year
    ordinal = day.toordinal()
    while True:
        working = _table(year).working
        index = bisect_left(working, ordinal) + n
        if index < len(working):
            return dt.date.fromordinal(working[index])
        n = index - len(working)
        year += 1
        if year > YEAR_MAX:
            raise ValidationFailed(
                _("The deadline falls after %(year)d, beyond the calendar.") % {"year": YEAR_MAX},
                code="out_of_range",
            )
        ordinal = dt.date(year, 1, 1).toordinal()


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    return nth_working_day(day + dt.timedelta(days=1), 0)


def non_working_days(year: int) -> list[NonWorkingDay]:
    """Holidays, official days off and swapped working days of ``year``, by date.

    Ordinary weekends are not listed; a holiday falling on a weekend is, because it explains
    its make-up day. Reasons of statutory days are in the active language; overrides carry
    the reason typed from the notice.
    """
    check_year(year)
    names, swapped = _base(year, _holiday_language())
    overrides = _overrides(year)
    days: list[NonWorkingDay] = []
    for day in sorted(set(names) | swapped | set(overrides)):
        row = overrides.get(day)
        if row is not None:
            kind: DayKind = (
                "working_day" if row.kind == CalendarOverride.Kind.WORKING_DAY else "day_off"
            )
            days.append(NonWorkingDay(day, row.reason, kind))
        elif day in swapped:
            days.append(
                NonWorkingDay(day, _("Working day swapped by government notice"), "working_day")
            )
        else:
            days.append(NonWorkingDay(day, names[day], "holiday"))
    return days
