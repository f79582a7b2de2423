"""Which days work: statutory base, shipped official notices (via the data migration)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.utils import translation

from egov.core.errors import ValidationFailed
from egov.workcalendar.models import CalendarNotice, CalendarOverride, OfficeHours
from egov.workcalendar.services import is_working_day, non_working_days

pytestmark = pytest.mark.django_db

D = dt.date


def test_ordinary_week() -> None:
    assert is_working_day(D(2026, 3, 9))  # Monday
    assert is_working_day(D(2026, 3, 13))  # Friday
    assert not is_working_day(D(2026, 3, 14))  # Saturday
    assert not is_working_day(D(2026, 3, 15))  # Sunday


def test_tet_2026_per_notice_9441() -> None:
    for day in range(16, 21):
        assert not is_working_day(D(2026, 2, day)), day
    assert is_working_day(D(2026, 2, 13))
    assert is_working_day(D(2026, 2, 23))


def test_hung_kings_2026_made_up_on_monday() -> None:
    assert not is_working_day(D(2026, 4, 27))
    assert is_working_day(D(2026, 4, 28))
    listed = {d.date: d for d in non_working_days(2026)}
    assert listed[D(2026, 4, 27)].kind == "day_off"
    assert listed[D(2026, 4, 26)].kind == "holiday"  # on a Sunday: listed to explain 27/04


def test_holiday_on_saturday_made_up_next_working_day() -> None:
    # Labour Day 01/05/2021 was a Saturday: Monday 03/05/2021 off (Labour Code Art. 111(3)).
    assert not is_working_day(D(2021, 5, 3))
    assert is_working_day(D(2021, 5, 4))
    # New Year 01/01/2022 was a Saturday: Monday 03/01/2022 off.
    assert not is_working_day(D(2022, 1, 3))


def test_swapped_saturday_2025() -> None:
    assert is_working_day(D(2025, 4, 26))
    assert not is_working_day(D(2025, 5, 2))
    for day in (D(2025, 4, 30), D(2025, 5, 1)):
        assert not is_working_day(day)
    listed = {d.date: d.kind for d in non_working_days(2025)}
    assert listed[D(2025, 4, 26)] == "working_day"
    assert listed[D(2025, 5, 2)] == "day_off"


def test_2025_tet_and_national_day() -> None:
    assert [is_working_day(D(2025, 1, d)) for d in range(24, 32)] == [
        True, False, False, False, False, False, False, False,
    ]  # fmt: skip
    assert is_working_day(D(2025, 2, 3))
    assert not is_working_day(D(2025, 9, 1))
    assert not is_working_day(D(2025, 9, 2))
    assert is_working_day(D(2025, 9, 3))


def test_new_year_2026_swap() -> None:
    # 12729/VPCP-KGVX (not verified against the official text): off 01–04/01/2026,
    # Friday 02/01 swapped with Saturday 10/01.
    assert not is_working_day(D(2026, 1, 1))
    assert not is_working_day(D(2026, 1, 2))
    assert is_working_day(D(2026, 1, 5))
    assert is_working_day(D(2026, 1, 10))
    assert not is_working_day(D(2026, 1, 17))  # the next Saturday is ordinary again
    listed = {d.date: d.kind for d in non_working_days(2026)}
    assert listed[D(2026, 1, 2)] == "day_off"
    assert listed[D(2026, 1, 10)] == "working_day"


def test_national_day_2026_as_the_package_gives() -> None:
    # Not verified officially: kept as the holidays package carries it (31/08 swapped with
    # Saturday 22/08, then 01–02/09).
    assert is_working_day(D(2026, 8, 22))
    assert not is_working_day(D(2026, 8, 31))
    assert not is_working_day(D(2026, 9, 1))
    assert not is_working_day(D(2026, 9, 2))


def test_saturday_morning_desk_does_not_make_saturday_a_working_day() -> None:
    hours = OfficeHours(name="Một cửa thứ Bảy", saturday_morning=True)
    assert not is_working_day(D(2026, 3, 14), hours=hours)


def test_package_swap_without_stored_notice() -> None:
    # 2024: Saturday 04/05 worked for Monday 29/04 (from the holidays package alone).
    assert is_working_day(D(2024, 5, 4))
    assert not is_working_day(D(2024, 4, 29))


def test_non_working_days_lists_no_plain_weekend_and_is_sorted() -> None:
    days = non_working_days(2024)
    dates = [d.date for d in days]
    assert dates == sorted(dates)
    assert D(2024, 3, 9) not in dates  # an ordinary Saturday
    assert {d.kind for d in days} <= {"holiday", "day_off", "working_day"}
    new_year = days[0]
    assert (new_year.date, new_year.kind) == (D(2024, 1, 1), "holiday")


def test_reasons_follow_active_language() -> None:
    with translation.override("vi"):
        vi = {d.date: d.reason for d in non_working_days(2024)}
    with translation.override("en"):
        en = {d.date: d.reason for d in non_working_days(2024)}
    assert vi[D(2024, 1, 1)] == "Tết Dương lịch"
    assert en[D(2024, 1, 1)] == "New Year's Day"
    assert "thông báo" in vi[D(2024, 5, 4)]


@pytest.mark.parametrize("year", [1989, 2101, 0, -5])
def test_year_out_of_range_refused(year: int) -> None:
    with pytest.raises(ValidationFailed) as exc:
        non_working_days(year)
    assert exc.value.code == "invalid_year"


def test_is_working_day_refuses_years_out_of_range() -> None:
    with pytest.raises(ValidationFailed):
        is_working_day(D(1989, 6, 1))


def test_shipped_notices_loaded_by_data_migration() -> None:
    migration = importlib.import_module("egov.workcalendar.migrations.0003_shipped_notices")
    assert migration.FILES == ("2025.json", "2026.json")
    notice = CalendarNotice.objects.get(year=2026, reference="9441/TB-BNV")
    days = set(notice.overrides.values_list("date", flat=True))
    assert {D(2026, 2, d) for d in range(14, 23)} <= days
    assert D(2026, 4, 27) in days
    assert "Chưa kiểm chứng" in notice.note
    assert CalendarOverride.objects.get(date=D(2025, 4, 26)).kind == "working_day"
    assert CalendarNotice.objects.filter(year=2025).count() == 2
    assert CalendarNotice.objects.filter(year=2026).count() == 2
    assert CalendarOverride.objects.get(date=D(2026, 1, 10)).kind == "working_day"
    applied = MigrationRecorder.Migration.objects.filter(app="workcalendar")
    assert {"0003_shipped_notices", "0004_new_year_2026"} <= set(
        applied.values_list("name", flat=True)
    )
