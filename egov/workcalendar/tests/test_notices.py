"""Administrator's changes: notices, overrides, the JSON loader, audit and the cache."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import transaction

from egov.core.errors import Conflict, ValidationFailed
from egov.core.models import AuditEvent
from egov.workcalendar import selectors
from egov.workcalendar.models import CalendarNotice, CalendarOverride, OfficeHours
from egov.workcalendar.rules import DATA_DIR
from egov.workcalendar.services import (
    add_working_days,
    is_working_day,
    non_working_days,
    notice_create,
    notice_delete,
    notice_load,
    notice_save,
    office_hours_save,
    override_remove,
    override_set,
)

pytestmark = pytest.mark.django_db

D = dt.date
MONDAY = D(2027, 3, 8)
SATURDAY = D(2027, 3, 13)


@pytest.fixture
def notice() -> CalendarNotice:
    return notice_create(year=2027, reference="1/TB-BNV", title="Thử", actor=None)


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_notice_create_audited(notice: CalendarNotice) -> None:
    assert notice.pk is not None
    assert actions() == ["workcalendar.notice_created"]


def test_notice_create_refusals(notice: CalendarNotice) -> None:
    with pytest.raises(Conflict):
        notice_create(year=2027, reference="1/TB-BNV", actor=None)
    with pytest.raises(ValidationFailed):
        notice_create(year=2027, reference="  ", actor=None)
    with pytest.raises(ValidationFailed):
        notice_create(year=1800, reference="2/TB", actor=None)


def test_override_makes_day_off_and_working_day(notice: CalendarNotice) -> None:
    assert is_working_day(MONDAY)  # fills the cache for 2027
    assert not is_working_day(SATURDAY)
    override_set(notice=notice, date=MONDAY, kind="day_off", reason="Nghỉ", actor=None)
    override_set(notice=notice, date=SATURDAY, kind="working_day", reason="Làm bù", actor=None)
    assert not is_working_day(MONDAY)  # the cache was cleared
    assert is_working_day(SATURDAY)
    friday = dt.datetime(2027, 3, 5, 9, tzinfo=dt.UTC)  # 16:00 in Hà Nội, after the cut-off
    assert add_working_days(friday, 1) == dt.datetime(2027, 3, 9, 10, tzinfo=dt.UTC)
    next_friday = dt.datetime(2027, 3, 12, 9, tzinfo=dt.UTC)
    assert add_working_days(next_friday, 1).date() == SATURDAY
    listed = {d.date: (d.kind, d.reason) for d in non_working_days(2027)}
    assert listed[MONDAY] == ("day_off", "Nghỉ")
    assert listed[SATURDAY] == ("working_day", "Làm bù")
    assert actions().count("workcalendar.override_set") == 2


def test_override_beats_statutory_base(notice: CalendarNotice) -> None:
    new_year = D(2027, 1, 1)
    assert not is_working_day(new_year)
    override_set(notice=notice, date=new_year, kind="working_day", reason="Thử", actor=None)
    assert is_working_day(new_year)


def test_override_set_updates_own_day(notice: CalendarNotice) -> None:
    first = override_set(notice=notice, date=MONDAY, kind="day_off", reason="A", actor=None)
    second = override_set(notice=notice, date=MONDAY, kind="working_day", reason="B", actor=None)
    assert first.pk == second.pk
    assert CalendarOverride.objects.get(pk=first.pk).kind == "working_day"


def test_override_set_refusals(notice: CalendarNotice) -> None:
    other = notice_create(year=2027, reference="2/TB-BNV", actor=None)
    override_set(notice=notice, date=MONDAY, kind="day_off", reason="A", actor=None)
    with pytest.raises(Conflict) as taken:
        override_set(notice=other, date=MONDAY, kind="day_off", reason="B", actor=None)
    assert taken.value.code == "date_taken"
    with pytest.raises(ValidationFailed) as outside:
        override_set(notice=notice, date=D(2028, 1, 3), kind="day_off", reason="A", actor=None)
    assert outside.value.code == "date_outside_year"
    with pytest.raises(ValidationFailed):
        override_set(notice=notice, date=MONDAY, kind="holiday", reason="A", actor=None)
    with pytest.raises(ValidationFailed):
        override_set(notice=notice, date=MONDAY, kind="day_off", reason=" ", actor=None)


def test_override_remove_restores_base(notice: CalendarNotice) -> None:
    row = override_set(notice=notice, date=MONDAY, kind="day_off", reason="A", actor=None)
    assert not is_working_day(MONDAY)
    override_remove(row, actor=None)
    assert is_working_day(MONDAY)
    assert actions()[-1] == "workcalendar.override_removed"


def test_notice_delete_restores_base(notice: CalendarNotice) -> None:
    override_set(notice=notice, date=MONDAY, kind="day_off", reason="A", actor=None)
    assert not is_working_day(MONDAY)
    notice_delete(notice, actor=None)
    assert is_working_day(MONDAY)
    assert not CalendarOverride.objects.filter(date=MONDAY).exists()


def test_notice_year_change_refused_when_days_outside(notice: CalendarNotice) -> None:
    override_set(notice=notice, date=MONDAY, kind="day_off", reason="A", actor=None)
    notice.year = 2028
    with pytest.raises(ValidationFailed):
        notice_save(notice, actor=None)


def document(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": 2027,
        "reference": "99/TB-BNV",
        "title": "Lịch nghỉ thử",
        "issued_on": "2026-11-01",
        "note": "Chưa kiểm chứng",
        "overrides": [
            {"date": "2027-03-08", "kind": "day_off", "reason": "Nghỉ"},
            {"date": "2027-03-13", "kind": "working_day", "reason": "Làm bù", "note": "x"},
        ],
    }
    data.update(changes)
    return data


def test_notice_load_is_idempotent() -> None:
    first = notice_load(document(), actor=None)
    assert first.issued_on == D(2026, 11, 1)
    assert not is_working_day(MONDAY)
    assert is_working_day(SATURDAY)
    events = AuditEvent.objects.count()
    again = notice_load(document(), actor=None)
    assert again.pk == first.pk
    assert AuditEvent.objects.count() == events  # nothing changed, nothing recorded
    assert CalendarOverride.objects.filter(notice=first).count() == 2


def test_notice_load_replaces_days() -> None:
    notice_load(document(), actor=None)
    changed = document(overrides=[{"date": "2027-03-09", "kind": "day_off", "reason": "Đổi"}])
    notice = notice_load(changed, actor=None)
    assert list(notice.overrides.values_list("date", flat=True)) == [D(2027, 3, 9)]
    assert is_working_day(MONDAY)
    assert not is_working_day(D(2027, 3, 9))


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"year": 1500}, "invalid_year"),
        ({"year": "2027"}, "invalid_notice"),
        ({"reference": ""}, "invalid_notice"),
        ({"issued_on": "01/11/2026"}, "invalid_notice"),
        ({"overrides": "x"}, "invalid_notice"),
        ({"overrides": ["x"]}, "invalid_notice"),
        ({"overrides": [{"date": "2028-01-03", "kind": "day_off", "reason": "A"}]},
         "date_outside_year"),
        ({"overrides": [{"date": "2027-01-04", "kind": "off", "reason": "A"}]}, "invalid_kind"),
        ({"overrides": [{"date": "2027-01-04", "kind": "day_off"}]}, "invalid_notice"),
        ({"overrides": [{"date": "bad", "kind": "day_off", "reason": "A"}]}, "invalid_notice"),
        (
            {"overrides": [{"date": "2027-01-04", "kind": "day_off", "reason": "A"}] * 2},
            "duplicate_date",
        ),
    ],
)  # fmt: skip
def test_notice_load_refusals(changes: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        notice_load(document(**changes), actor=None)
    assert exc.value.code == code
    assert not CalendarNotice.objects.filter(reference="99/TB-BNV").exists()


def test_notice_load_refuses_date_of_another_notice(notice: CalendarNotice) -> None:
    override_set(notice=notice, date=MONDAY, kind="day_off", reason="A", actor=None)
    with pytest.raises(Conflict):
        notice_load(document(), actor=None)
    assert not CalendarNotice.objects.filter(reference="99/TB-BNV").exists()


def test_shipped_files_load_without_change() -> None:
    for name in ("2025.json", "2026.json"):
        for item in json.loads((DATA_DIR / name).read_text(encoding="utf-8")):
            before = AuditEvent.objects.count()
            notice_load(item, actor=None)
            assert AuditEvent.objects.count() == before  # the migration already loaded it


def test_rolled_back_change_leaves_no_stale_cache(notice: CalendarNotice) -> None:
    assert is_working_day(MONDAY)
    with pytest.raises(RuntimeError), transaction.atomic():
        override_set(notice=notice, date=MONDAY, kind="day_off", reason="A", actor=None)
        assert not is_working_day(MONDAY)  # cache rebuilt inside the transaction
        raise RuntimeError
    assert is_working_day(MONDAY)


def test_cache_expires(notice: CalendarNotice, monkeypatch: pytest.MonkeyPatch) -> None:
    assert is_working_day(MONDAY)
    # A change made by another process: written directly, this process's cache not told.
    CalendarOverride.objects.create(notice=notice, date=MONDAY, kind="day_off", reason="A")
    assert is_working_day(MONDAY)
    monkeypatch.setattr(selectors, "CACHE_SECONDS", -1.0)
    assert not is_working_day(MONDAY)


def test_office_hours_save() -> None:
    hours = office_hours_save(OfficeHours(name="UBND xã"), actor=None)
    assert hours.pk is not None
    assert actions() == ["workcalendar.office_hours_created"]
    hours.cutoff = dt.time(18)
    with pytest.raises(ValidationFailed):
        office_hours_save(hours, actor=None)
