"""Calendar API with an agency's own office hours (the API layer may read orgs)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.test import Client

from egov.orgs.tests.factories import AgencyFactory
from egov.workcalendar.models import OfficeHours

pytestmark = pytest.mark.django_db


def deadline(client: Client, **params: str) -> tuple[int, dict[str, object]]:
    response = client.get(f"/api/v1/calendar/deadline?{urlencode(params)}")
    return response.status_code, response.json()


def test_agency_office_hours_used(client: Client) -> None:
    hours = OfficeHours.objects.create(
        name="Trung tâm PVHCC",
        morning_start=dt.time(8),
        morning_end=dt.time(12),
        afternoon_start=dt.time(13),
        afternoon_end=dt.time(17),
        cutoff=dt.time(16),
    )
    agency = AgencyFactory(office_hours=hours)
    # 15:30 is before this agency's 16:00 cut-off: counting starts at once; half a day = 4 h.
    status, body = deadline(
        client, start="2026-03-09T15:30:00+07:00", days="0.5", agency=agency.code
    )
    assert status == 200
    assert body["due"] == "2026-03-10T10:30:00+07:00"  # 1 h 30 today + 2 h 30 tomorrow


def test_agency_without_hours_uses_defaults(client: Client) -> None:
    agency = AgencyFactory(office_hours=None)
    status, body = deadline(
        client, start="2026-03-09T15:30:00+07:00", days="0.5", agency=agency.code
    )
    assert status == 200
    assert body["due"] == "2026-03-10T11:15:00+07:00"


def test_unknown_agency_is_404_json(client: Client) -> None:
    status, body = deadline(client, start="2026-03-09T09:00:00+07:00", days="1", agency="nope")
    assert status == 404
    assert body["code"] == "not_found"
