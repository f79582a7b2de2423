"""Admin pages save through the services: audit entries and a fresh calendar cache."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from egov.core.models import AuditEvent
from egov.workcalendar.models import CalendarNotice, CalendarOverride, OfficeHours
from egov.workcalendar.services import is_working_day

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2027, 3, 8)


def inline(rows: list[dict[str, Any]], *, initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        "overrides-TOTAL_FORMS": str(len(rows)),
        "overrides-INITIAL_FORMS": str(initial),
        "overrides-MIN_NUM_FORMS": "0",
        "overrides-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"overrides-{i}-{key}"] = value
    return data


def test_notice_with_days_added_in_admin(admin_client: Client) -> None:
    assert is_working_day(MONDAY)
    data = {"year": "2027", "reference": "5/TB-BNV", "title": "", "note": ""}
    data |= inline([{"date": "08/03/2027", "kind": "day_off", "reason": "Nghỉ", "note": ""}])
    response = admin_client.post(reverse("admin:workcalendar_calendarnotice_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not is_working_day(MONDAY)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"workcalendar.notice_created", "workcalendar.override_set"} <= actions


def test_day_moved_and_deleted_in_admin(admin_client: Client) -> None:
    notice = CalendarNotice.objects.create(year=2027, reference="6/TB-BNV")
    row = CalendarOverride.objects.create(notice=notice, date=MONDAY, kind="day_off", reason="A")
    url = reverse("admin:workcalendar_calendarnotice_change", args=[notice.pk])
    data = {"year": "2027", "reference": "6/TB-BNV", "title": "", "note": ""}
    moved = inline(
        [{"id": str(row.pk), "notice": str(notice.pk), "date": "09/03/2027", "kind": "day_off",
          "reason": "A", "note": ""}],
        initial=1,
    )  # fmt: skip
    assert admin_client.post(url, data | moved).status_code == 302
    assert list(notice.overrides.values_list("date", flat=True)) == [dt.date(2027, 3, 9)]
    assert is_working_day(MONDAY)
    assert not is_working_day(dt.date(2027, 3, 9))
    current = notice.overrides.get()
    deleted = inline(
        [{"id": str(current.pk), "notice": str(notice.pk), "date": "09/03/2027",
          "kind": "day_off", "reason": "A", "note": "", "DELETE": "on"}],
        initial=1,
    )  # fmt: skip
    assert admin_client.post(url, data | deleted).status_code == 302
    assert not notice.overrides.exists()
    assert is_working_day(dt.date(2027, 3, 9))
    assert AuditEvent.objects.filter(action="workcalendar.override_removed").count() == 2


def test_notice_deleted_in_admin(admin_client: Client) -> None:
    notice = CalendarNotice.objects.create(year=2027, reference="7/TB-BNV")
    CalendarOverride.objects.create(notice=notice, date=MONDAY, kind="day_off", reason="A")
    url = reverse("admin:workcalendar_calendarnotice_delete", args=[notice.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert is_working_day(MONDAY)
    assert AuditEvent.objects.filter(action="workcalendar.notice_deleted").exists()


def test_office_hours_added_in_admin(admin_client: Client) -> None:
    data = {
        "name": "UBND xã",
        "morning_start": "07:30",
        "morning_end": "11:30",
        "afternoon_start": "13:30",
        "afternoon_end": "17:00",
        "cutoff": "15:00",
    }
    response = admin_client.post(reverse("admin:workcalendar_officehours_add"), data)
    assert response.status_code == 302
    assert OfficeHours.objects.filter(name="UBND xã").exists()
    assert AuditEvent.objects.filter(action="workcalendar.office_hours_created").exists()
