"""HTTP API /api/v1/calendar/: answers, and a 400/404 JSON error for every bad input."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DEADLINE = "/api/v1/calendar/deadline"


def get(client: Client, url: str, **params: str) -> tuple[int, Any]:
    response = client.get(f"{url}?{urlencode(params)}" if params else url)
    return response.status_code, response.json()


def test_deadline(client: Client) -> None:
    status, body = get(client, DEADLINE, start="2026-02-13T10:00:00+07:00", days="1")
    assert status == 200
    assert body == {
        "start": "2026-02-13T10:00:00+07:00",
        "days": 1.0,
        "due": "2026-02-23T10:00:00+07:00",
    }


def test_deadline_half_day_other_offset(client: Client) -> None:
    status, body = get(client, DEADLINE, start="2026-03-09T02:00:00Z", days="0.5")
    assert status == 200
    assert body["due"] == "2026-03-09T14:45:00+07:00"
    assert body["days"] == 0.5


def test_deadline_tolerates_unencoded_plus(client: Client) -> None:
    response = client.get(DEADLINE + "?start=2026-03-09T09:00:00+07:00&days=1")
    assert response.status_code == 200
    assert response.json()["due"] == "2026-03-10T09:00:00+07:00"


def test_deadline_unknown_agency_404(client: Client) -> None:
    status, body = get(
        client, DEADLINE, start="2026-03-09T09:00:00+07:00", days="1", agency="000.00.00.X00"
    )
    assert status == 404
    assert body["code"] == "not_found"
    assert "000.00.00.X00" in body["message"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"days": "1"}, "missing"),
        ({"start": "2026-03-09T09:00:00+07:00"}, "missing"),
        ({"start": "", "days": "1"}, "missing"),
        ({"start": "hôm qua", "days": "1"}, "invalid_datetime"),
        ({"start": "2026-02-30T09:00:00+07:00", "days": "1"}, "invalid_datetime"),
        ({"start": "2026-03-09T09:00:00", "days": "1"}, "naive_datetime"),
        ({"start": "2026-03-09T09:00:00+07:00", "days": "-1"}, "negative_days"),
        ({"start": "2026-03-09T09:00:00+07:00", "days": "0.3"}, "not_half_days"),
        ({"start": "2026-03-09T09:00:00+07:00", "days": "một"}, "invalid_days"),
        ({"start": "2150-03-09T09:00:00+07:00", "days": "1"}, "invalid_year"),
    ],
)
def test_deadline_bad_input_400(client: Client, params: dict[str, str], code: str) -> None:
    status, body = get(client, DEADLINE, **params)
    assert status == 400
    assert body["code"] == code
    assert body["message"]


def test_error_messages_are_translated(client: Client) -> None:
    params = {"start": "2026-03-09T09:00:00+07:00", "days": "0.3"}
    vi = client.get(f"{DEADLINE}?{urlencode(params)}", headers={"accept-language": "vi"})
    en = client.get(f"{DEADLINE}?{urlencode(params)}", headers={"accept-language": "en"})
    assert "ngày" in vi.json()["message"]
    assert en.json()["message"] == "Deadlines count in half working days (e.g. 0.5, 1, 1.5)."


def test_non_working_days(client: Client) -> None:
    status, body = get(client, "/api/v1/calendar/2026/non-working-days")
    assert status == 200
    assert body["year"] == 2026
    days = {d["date"]: d for d in body["days"]}
    assert days["2026-02-17"]["kind"] == "day_off"
    assert days["2026-04-27"]["kind"] == "day_off"
    assert days["2026-01-01"]["kind"] == "holiday"
    assert days["2026-01-01"]["reason"]


@pytest.mark.parametrize("year", ["1989", "2101", "abc", "20x6"])
def test_non_working_days_bad_year_400(client: Client, year: str) -> None:
    status, body = get(client, f"/api/v1/calendar/{year}/non-working-days")
    assert status == 400
    assert body["code"] == "invalid_year"
