"""How dates, times and money are written on Vietnamese administrative paper.

Aware datetimes are shown in Vietnam time; naive ones are taken to be Vietnam time already.
The long date follows Decree 30/2020 Annex I: a day below 10 and the months 1 and 2 get a
leading zero ("ngày 05 tháng 01 năm 2026", but "ngày 30 tháng 11 năm 2026").
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(VN_TZ) if moment.tzinfo is not None else moment


def _day(value: dt.date | dt.datetime) -> dt.date:
    return local(value).date() if isinstance(value, dt.datetime) else value


def short_date(value: dt.date | dt.datetime) -> str:
    """30/11/2026"""
    return _day(value).strftime("%d/%m/%Y")


def long_date(value: dt.date | dt.datetime) -> str:
    """ngày 30 tháng 11 năm 2026 (Decree 30/2020 zero padding)."""
    day = _day(value)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, value: dt.date | dt.datetime) -> str:
    """An Khang, ngày 30 tháng 11 năm 2026"""
    return f"{place}, {long_date(value)}" if place else long_date(value).capitalize()


def time_and_date(moment: dt.datetime) -> str:
    """14 giờ 30 phút, ngày 15/12/2026"""
    at = local(moment)
    return f"{at.hour:02d} giờ {at.minute:02d} phút, ngày {short_date(at)}"


def short_datetime(moment: dt.datetime) -> str:
    """14:30 15/12/2026 (for table cells)."""
    at = local(moment)
    return f"{at:%H:%M} {short_date(at)}"


def money(amount: int | Decimal) -> str:
    """15.000 đồng (whole đồng, dots between thousands)."""
    whole = int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "-" if whole < 0 else ""
    return f"{sign}{abs(whole):,} đồng".replace(",", ".")


def days(count: int | Decimal) -> str:
    """5 ngày làm việc; 0,5 ngày làm việc (comma as decimal separator)."""
    text = format(Decimal(count).normalize(), "f")
    return f"{text.replace('.', ',')} ngày làm việc"


def count(value: int) -> str:
    """Counts under 10 are written with two digits on forms: 01, 02 … 10."""
    return f"{value:02d}"
