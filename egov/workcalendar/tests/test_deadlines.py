"""Due moments: the office-time clock, the 15:00 cut-off, half days, holidays, refusals."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from egov.core.errors import ValidationFailed
from egov.workcalendar.models import OfficeHours
from egov.workcalendar.services import (
    VN_TZ,
    add_working_days,
    counting_start,
    is_working_day,
)

pytestmark = pytest.mark.django_db


def at(y: int, m: int, d: int, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


# 2026-03-09 is a Monday in an ordinary week.
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (at(2026, 3, 9, 9), 1, at(2026, 3, 10, 9)),  # same time next working day
        (at(2026, 3, 9, 9), 0, at(2026, 3, 9, 9)),
        (at(2026, 3, 9, 9), "0.5", at(2026, 3, 9, 14, 45)),  # 2h30 morning + 1h15 afternoon
        (at(2026, 3, 9, 9), Decimal("1.5"), at(2026, 3, 10, 14, 45)),
        (at(2026, 3, 9, 9), 5, at(2026, 3, 16, 9)),  # over the weekend
        (at(2026, 3, 9, 7, 30), 1, at(2026, 3, 9, 17)),  # a full day ends at closing
        (at(2026, 3, 9, 7, 30), 0.5, at(2026, 3, 9, 11, 15)),
        (at(2026, 3, 9, 6), 0, at(2026, 3, 9, 7, 30)),  # before opening: at opening
        (at(2026, 3, 9, 12), 0, at(2026, 3, 9, 13, 30)),  # lunch: afternoon opening
        (at(2026, 3, 9, 10), 0.5, at(2026, 3, 9, 15, 45)),  # across lunch
        (at(2026, 3, 9, 11), Decimal("0.5"), at(2026, 3, 9, 16, 45)),
        (at(2026, 3, 13, 10), 1, at(2026, 3, 16, 10)),  # Friday → Monday
    ],
)
def test_due_moments(start: dt.datetime, days: object, due: dt.datetime) -> None:
    assert add_working_days(start, days, hours=None) == due  # type: ignore[arg-type]


def test_half_day_from_lunch_is_half_the_office_day() -> None:
    # 3h45 of office time from 13:30 ends 17:15, beyond closing: 3h30 today + 15 min tomorrow.
    assert add_working_days(at(2026, 3, 9, 12), "0.5") == at(2026, 3, 10, 7, 45)


def test_cutoff_15_00() -> None:
    assert add_working_days(at(2026, 3, 9, 14, 59), 1) == at(2026, 3, 10, 14, 59)
    assert add_working_days(at(2026, 3, 9, 15, 0), 1) == at(2026, 3, 10, 15, 0)
    # After 15:00 counting starts at Tuesday's opening.
    assert add_working_days(at(2026, 3, 9, 15, 1), 1) == at(2026, 3, 10, 17)
    assert add_working_days(at(2026, 3, 9, 15, 1), 0) == at(2026, 3, 10, 7, 30)
    assert counting_start(at(2026, 3, 9, 15, 1)) == at(2026, 3, 10, 7, 30)


def test_friday_after_cutoff_counts_from_monday() -> None:
    assert add_working_days(at(2026, 3, 13, 16), 1) == at(2026, 3, 16, 17)


def test_start_on_weekend_or_holiday() -> None:
    assert add_working_days(at(2026, 3, 14, 9), "0.5") == at(2026, 3, 16, 11, 15)
    # Giỗ Tổ make-up Monday 27/04/2026, then 30/04 and 01/05 off.
    assert add_working_days(at(2026, 4, 27, 9), 1) == at(2026, 4, 28, 17)
    assert add_working_days(at(2026, 4, 29, 9), 1) == at(2026, 5, 4, 9)


def test_across_tet_2026() -> None:
    # Friday 13/02/2026 10:00 + 1 day: Tết from 14/02 to 22/02, back on Monday 23/02.
    assert add_working_days(at(2026, 2, 13, 10), 1) == at(2026, 2, 23, 10)
    assert add_working_days(at(2026, 2, 12, 16), 2) == at(2026, 2, 23, 17)


def test_swapped_saturday_counts() -> None:
    # Friday 25/04/2025 + 1 day = Saturday 26/04/2025, a swapped working day.
    assert add_working_days(at(2025, 4, 25, 9), 1) == at(2025, 4, 26, 9)
    assert add_working_days(at(2025, 4, 26, 9), 1) == at(2025, 4, 28, 9)
    # Tuesday 29/04 + 1: 30/04, 01/05 and the swapped 02/05 off, then the weekend.
    assert add_working_days(at(2025, 4, 29, 9), 1) == at(2025, 5, 5, 9)


def test_other_offsets_are_converted() -> None:
    utc = dt.datetime(2026, 3, 9, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội
    due = add_working_days(utc, 1)
    assert due == at(2026, 3, 10, 9)
    assert due.tzinfo == VN_TZ
    paris = dt.datetime(2026, 3, 9, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))  # 15:00 in Hà Nội
    assert add_working_days(paris, 1) == at(2026, 3, 10, 15)
    tokyo = dt.datetime(2026, 3, 9, 17, 1, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert add_working_days(tokyo, 0) == at(2026, 3, 10, 7, 30)  # 15:01 in Hà Nội


def test_across_new_year() -> None:
    # Wednesday 31/12/2025 + 1: 01/01/2026 is a holiday and Friday 02/01/2026 swapped off
    # (12729/VPCP-KGVX) → Monday 05/01/2026.
    assert add_working_days(at(2025, 12, 31, 9), 1) == at(2026, 1, 5, 9)
    # Friday 09/01/2026 + 1 → Saturday 10/01/2026, the make-up working day.
    assert add_working_days(at(2026, 1, 9, 9), 1) == at(2026, 1, 10, 9)


def test_agency_office_hours() -> None:
    hours = OfficeHours(
        name="Trung tâm",
        morning_start=dt.time(8),
        morning_end=dt.time(12),
        afternoon_start=dt.time(13),
        afternoon_end=dt.time(17),
        cutoff=dt.time(16),
    )
    assert add_working_days(at(2026, 3, 9, 15, 30), 1, hours=hours) == at(2026, 3, 10, 15, 30)
    assert add_working_days(at(2026, 3, 9, 8), "0.5", hours=hours) == at(2026, 3, 9, 12)


def test_broken_office_hours_refused() -> None:
    hours = OfficeHours(name="x", morning_start=dt.time(12), morning_end=dt.time(8))
    with pytest.raises(ValidationFailed) as exc:
        add_working_days(at(2026, 3, 9, 9), 1, hours=hours)
    assert exc.value.code == "invalid_office_hours"


@pytest.mark.parametrize(
    ("days", "code"),
    [
        ("0.3", "not_half_days"),
        (0.25, "not_half_days"),
        (-1, "negative_days"),
        ("-0.5", "negative_days"),
        ("abc", "invalid_days"),
        ("", "invalid_days"),
        ("nan", "invalid_days"),
        (float("inf"), "invalid_days"),
        (True, "invalid_days"),
        (100000, "too_many_days"),
        # Huge exponents: (days * 2) % 1 raised decimal.InvalidOperation (a 500 in the API).
        ("1e999999", "too_many_days"),
        ("1E+999999999", "too_many_days"),
        # Tiny ones rounded to zero when doubled and passed as whole half days.
        ("1e-9999999999", "not_half_days"),
        ("0.50000000000000000000000000001", "not_half_days"),
    ],
)
def test_bad_day_counts_refused(days: object, code: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        add_working_days(at(2026, 3, 9, 9), days)  # type: ignore[arg-type]
    assert exc.value.code == code


def test_naive_start_refused() -> None:
    with pytest.raises(ValidationFailed) as exc:
        add_working_days(dt.datetime(2026, 3, 9, 9), 1)  # noqa: DTZ001
    assert exc.value.code == "naive_datetime"


@pytest.mark.parametrize(
    "start",
    [
        # Before year 1 or after 9999 once in Vietnam time: astimezone() overflows.
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14))),
        dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=-12))),
    ],
)
@pytest.mark.parametrize("days", [0, 1])
def test_start_beyond_python_dates_refused(start: dt.datetime, days: int) -> None:
    with pytest.raises(ValidationFailed) as exc:
        add_working_days(start, days)
    assert exc.value.code == "invalid_year"
    with pytest.raises(ValidationFailed):
        counting_start(start)


def test_beyond_calendar_refused() -> None:
    with pytest.raises(ValidationFailed) as exc:
        add_working_days(at(2100, 12, 30, 9), 10)
    assert exc.value.code == "out_of_range"


def _office_time(moment: dt.datetime) -> bool:
    t = moment.time()
    return dt.time(7, 30) <= t <= dt.time(11, 30) or dt.time(13, 30) <= t <= dt.time(17)


def test_random_property_loop() -> None:
    rng = random.Random(20260217)  # fixed seed: failures reproduce
    base = at(2024, 1, 1, 0)
    for _ in range(300):
        start = base + dt.timedelta(minutes=rng.randrange(0, 3 * 366 * 24 * 60))
        steps = sorted(rng.sample(range(0, 60), 3))
        dues = [add_working_days(start, Decimal(s) / 2) for s in steps]
        for due in dues:
            assert due.tzinfo == VN_TZ
            assert is_working_day(due.date()), (start, due)
            assert _office_time(due), (start, due)
            assert due >= start, (start, due)
        assert dues == sorted(dues)
        assert len(set(dues)) == len(dues), (start, steps, dues)
