"""Due moment of "N working days from this moment" (DOMAIN.md §2, Decree 61/2018 Art. 18).

The rule, chosen so that it is easy to check by hand:

1. The clock runs only during office hours of working days (default 07:30–11:30 and
   13:30–17:00: 7 h 30 of office time a day). Saturday-morning desks do not count.
2. Counting starts at the moment of receipt when that is on a working day, at or before the
   cut-off (15:00): before opening it starts at opening, during lunch at the afternoon
   opening. Received after the cut-off, on a non-working day or after closing, counting
   starts at the opening of the next working day.
3. One working day is a full day of office time (7 h 30); half a day is half of it (3 h 45).
   N must be zero or more in half-day steps.
4. The due moment is when that much office time has run. Ending exactly at a closing time
   gives that closing time (e.g. 17:00), not the next opening.

So Monday 09:00 + 1 day = Tuesday 09:00; Monday 09:00 + 0.5 = Monday 14:45; Friday 15:01
+ 1 = Monday 17:00; Monday 07:30 + 1 = Monday 17:00; + 0 = when counting starts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from egov.core.errors import ValidationFailed

from .models import OfficeHours
from .rules import parse_days, year_out_of_range
from .selectors import is_working_day, next_working_day, nth_working_day

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_US_PER_SECOND = 1_000_000


def _us(t: dt.time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


def _time(us: int) -> dt.time:
    seconds, micro = divmod(us, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, micro)


class _Shape(NamedTuple):
    """Office hours in microseconds since midnight."""

    morning_start: int
    morning_end: int
    afternoon_start: int
    afternoon_end: int
    cutoff: int

    @property
    def morning(self) -> int:
        return self.morning_end - self.morning_start

    @property
    def day(self) -> int:
        return self.morning + self.afternoon_end - self.afternoon_start

    def elapsed(self, at: int) -> int:
        """Office time run on a working day between opening and ``at``."""
        if at <= self.morning_end:
            return max(at - self.morning_start, 0)
        if at <= self.afternoon_start:
            return self.morning
        return self.morning + min(at, self.afternoon_end) - self.afternoon_start

    def clock(self, elapsed: int) -> dt.time:
        """Time of day when ``elapsed`` office time has run since opening."""
        if elapsed <= self.morning:
            return _time(self.morning_start + elapsed)
        return _time(self.afternoon_start + elapsed - self.morning)


@lru_cache(maxsize=64)
def _shape(times: tuple[dt.time, dt.time, dt.time, dt.time, dt.time]) -> _Shape:
    hours = OfficeHours(
        morning_start=times[0],
        morning_end=times[1],
        afternoon_start=times[2],
        afternoon_end=times[3],
        cutoff=times[4],
    )
    try:
        hours.clean()
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), code="invalid_office_hours") from None
    return _Shape(*(_us(t) for t in times))


def office_shape(hours: OfficeHours | None) -> _Shape:
    h = hours if hours is not None else OfficeHours()
    return _shape((h.morning_start, h.morning_end, h.afternoon_start, h.afternoon_end, h.cutoff))


def counting_start(moment: dt.datetime, *, hours: OfficeHours | None = None) -> dt.datetime:
    """When the clock starts for something received at ``moment`` (rule 2 above)."""
    local = _local(moment)
    shape = office_shape(hours)
    day = _start(local, shape)[0]
    if day != local.date():
        return dt.datetime.combine(day, shape.clock(0), tzinfo=VN_TZ)
    # During lunch the clock waits for the afternoon opening, not the morning closing.
    at = max(_us(local.time()), shape.morning_start)
    if shape.morning_end < at < shape.afternoon_start:
        at = shape.afternoon_start
    return dt.datetime.combine(day, _time(at), tzinfo=VN_TZ)


def _local(moment: dt.datetime) -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        raise ValidationFailed(_("The start must be a date and time."), code="invalid_datetime")
    if moment.utcoffset() is None:
        raise ValidationFailed(
            _("The start must include a time zone offset, e.g. +07:00."), code="naive_datetime"
        )
    try:
        return moment.astimezone(VN_TZ)
    except OverflowError:
        # 0001-01-01T00:00+14:00 is still year 0 in Vietnam, 9999-12-31T23:59-12:00 year 10000.
        raise year_out_of_range() from None


def _start(local: dt.datetime, shape: _Shape) -> tuple[dt.date, int]:
    day = local.date()
    at = _us(local.time())
    if at <= shape.cutoff and is_working_day(day):
        return day, shape.elapsed(at)
    return next_working_day(day), 0


def add_working_days(
    start: dt.datetime,
    days: Decimal | int | float | str,
    *,
    hours: OfficeHours | None = None,
) -> dt.datetime:
    """Due moment of ``days`` working days counted from ``start`` (aware), in Vietnam time."""
    count = parse_days(days)
    if count == 0:
        return counting_start(start, hours=hours)
    shape = office_shape(hours)
    day, elapsed = _start(_local(start), shape)
    total = elapsed + int(count * 2) * shape.day // 2
    whole, rest = divmod(total, shape.day)
    if rest == 0:
        whole, rest = whole - 1, shape.day
    due_day = nth_working_day(day, whole) if whole else day
    return dt.datetime.combine(due_day, shape.clock(rest), tzinfo=VN_TZ)
