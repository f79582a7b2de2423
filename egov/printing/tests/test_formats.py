"""How dates, times, money and working days are written on the forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egov.printing import formats


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 30), "ngày 30 tháng 11 năm 2026"),
        (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),  # day < 10 and January padded
        (dt.date(2026, 2, 9), "ngày 09 tháng 02 năm 2026"),
        (dt.date(2026, 3, 1), "ngày 01 tháng 3 năm 2026"),  # March on: no padding
        (dt.date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ],
)
def test_long_date_pads_as_decree_30_says(day: dt.date, expected: str) -> None:
    assert formats.long_date(day) == expected


def test_place_date_line() -> None:
    assert formats.place_date("An Khang", dt.date(2026, 11, 30)) == (
        "An Khang, ngày 30 tháng 11 năm 2026"
    )
    assert formats.place_date("", dt.date(2026, 11, 30)) == "Ngày 30 tháng 11 năm 2026"


def test_aware_moments_are_shown_in_vietnam_time() -> None:
    utc = dt.datetime(2026, 11, 30, 17, 5, tzinfo=dt.UTC)  # 00:05 on 1 December in Hà Nội
    assert formats.time_and_date(utc) == "00 giờ 05 phút, ngày 01/12/2026"
    assert formats.short_datetime(utc) == "00:05 01/12/2026"
    assert formats.short_date(utc) == "01/12/2026"
    assert formats.long_date(utc) == "ngày 01 tháng 12 năm 2026"


def test_naive_moments_are_taken_as_vietnam_time() -> None:
    assert formats.time_and_date(dt.datetime(2026, 12, 7, 14, 30)) == (  # noqa: DTZ001
        "14 giờ 30 phút, ngày 07/12/2026"
    )


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (15000, "15.000 đồng"),
        (0, "0 đồng"),
        (1234567, "1.234.567 đồng"),
        (Decimal("999.5"), "1.000 đồng"),
        (Decimal("2.5"), "3 đồng"),  # half a đồng rounds up
        (-20000, "-20.000 đồng"),
    ],
)
def test_money_in_dong(amount: int | Decimal, expected: str) -> None:
    assert formats.money(amount) == expected


def test_working_days_use_a_decimal_comma() -> None:
    assert formats.days(5) == "5 ngày làm việc"
    assert formats.days(Decimal("0.5")) == "0,5 ngày làm việc"
    assert formats.days(Decimal("2.50")) == "2,5 ngày làm việc"
    assert formats.days(Decimal("10")) == "10 ngày làm việc"


def test_counts_have_two_digits() -> None:
    assert formats.count(1) == "01"
    assert formats.count(12) == "12"
