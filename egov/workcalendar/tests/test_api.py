"""HTTP API /api/v1/calendar/: answers, and a 400/404 JSON error for every bad input."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

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
        # In Vietnam time these fall before year 1 or after 9999 (Python cannot hold them).
        ({"start": "0001-01-01T00:00:00+14:00", "days": "1"}, "invalid_year"),
        ({"start": "9999-12-31T23:59:59-12:00", "days": "1"}, "invalid_year"),
        ({"start": "9999-12-31T23:59:59-12:00", "days": "0"}, "invalid_year"),
        ({"start": "2026-03-09T09:00:00+07:00", "days": "1e999999"}, "too_many_days"),
        ({"start": "2026-03-09T09:00:00+07:00", "days": "1e-9999999999"}, "not_half_days"),
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


def test_non_working_days_leading_zeros(client: Client) -> None:
    status, body = get(client, f"/api/v1/calendar/{'0' * 5000}2026/non-working-days")
    assert status == 200
    assert body["year"] == 2026


def test_non_working_days(client: Client) -> None:
    status, body = get(client, "/api/v1/calendar/2026/non-working-days")
    assert status == 200
    assert body["year"] == 2026
    days = {d["date"]: d for d in body["days"]}
    assert days["2026-02-17"]["kind"] == "day_off"
    assert days["2026-04-27"]["kind"] == "day_off"
    assert days["2026-01-01"]["kind"] == "holiday"
    assert days["2026-01-01"]["reason"]


@pytest.mark.parametrize(
    "year",
    [
        "1989",
        "2101",
        "abc",
        "20x6",
        "²⁰²⁶",  # str.isdigit() accepts superscripts, int() does not
        "٢٠٢٦",  # Arabic-Indic digits: int() reads them, but a year is written 0-9
        "2" * 5000,  # beyond int()'s 4,300-digit limit
        "0" * 5000 + "1989",
    ],
)
def test_non_working_days_bad_year_400(client: Client, year: str) -> None:
    status, body = get(client, f"/api/v1/calendar/{quote(year)}/non-working-days")
    assert status == 400
    assert body["code"] == "invalid_year"
    assert body["message"]


@pytest.mark.parametrize(
    ("url", "en"),
    [
        (
            f"{DEADLINE}?start=0001-01-01T00:00:00%2B14:00&days=1",
            "The year must be between 1990 and 2100.",
        ),
        (
            f"{DEADLINE}?start=2026-03-09T09:00:00%2B07:00&days=1e999999",
            "The number of days is too large (at most 2500).",
        ),
        ("/api/v1/calendar/%C2%B2%E2%81%B0%C2%B2%E2%81%B6/non-working-days", None),
        (f"/api/v1/calendar/{'2' * 5000}/non-working-days", None),
    ],
)
def test_out_of_range_messages_are_translated(client: Client, url: str, en: str | None) -> None:
    vi = client.get(url, headers={"accept-language": "vi"})
    english = client.get(url, headers={"accept-language": "en"})
    assert vi.status_code == english.status_code == 400
    assert vi.json()["message"] != english.json()["message"]
    if en is not None:
        assert english.json()["message"] == en
