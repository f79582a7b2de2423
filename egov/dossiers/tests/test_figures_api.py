"""GET /api/v1/dossier-figures/: officials only, within their scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .figures_setup import clock_fixture, scenario_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

URL = reverse("api-v1:dossier_figures")
PERIOD = {"start": "2026-04-20", "end": "2026-05-05"}


def get(client, user, **params):
    if user is not None:
        client.force_login(user)
    return client.get(URL, params)


def test_figures_as_json(client, world, scenario):
    response = get(client, world.desk, **PERIOD)
    assert response.status_code == 200
    data = response.json()
    assert (data["start"], data["end"], data["source"]) == ("2026-04-20", "2026-05-05", "live")
    assert data["as_of"].startswith("2026-05-06T00:00:00+07:00") or data["as_of"].startswith(
        "2026-05-05T17:00:00"
    )
    [row] = data["rows"]
    assert (row["agency_code"], row["procedure_code"]) == (world.commune_a.code, "1.001193")
    figures = row["figures"]
    assert figures["received"] == {
        "total": 9,
        "in_person": 1,
        "online": 7,
        "postal": 1,
        "digitised": 8,
    }
    assert figures["resolved"] == {"total": 5, "before_time": 1, "on_time": 2, "after_time": 2}
    assert figures["in_process"] == {
        "total": 3,
        "on_time": 1,
        "overdue": 2,
        "waiting_supplement": 1,
    }
    assert figures["refused"] == {"total": 2, "at_reception": 1, "after_appraisal": 1}
    assert figures["stopped"] == 1
    assert figures["average_processing_days"] == pytest.approx(3.0)
    assert figures["average_rating"] == pytest.approx(4.5)
    assert figures["online_share"] == pytest.approx(7 / 9)
    assert data["total"] == figures


def test_filters(client, world, scenario, sysadmin):
    data = get(client, sysadmin, **PERIOD).json()
    assert {r["agency_code"] for r in data["rows"]} == {world.commune_a.code, world.commune_b.code}
    data = get(client, sysadmin, agency=world.commune_b.code, **PERIOD).json()
    assert [r["agency_code"] for r in data["rows"]] == [world.commune_b.code]
    data = get(client, sysadmin, procedure="1.001193", **PERIOD).json()
    assert data["total"]["received"]["total"] == 10
    assert get(client, sysadmin).status_code == 200  # this month by default


def test_anonymous_gets_401(client, world):
    response = client.get(URL, PERIOD)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_citizen_gets_403(client, world):
    response = get(client, world.citizen, **PERIOD)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_commune_b_cannot_read_commune_a(client, world, scenario):
    response = get(client, world.desk_b, agency=world.commune_a.code, **PERIOD)
    assert response.status_code == 403
    assert response.json()["code"] == "agency_out_of_scope"
    data = get(client, world.desk_b, **PERIOD).json()
    assert [r["agency_code"] for r in data["rows"]] == [world.commune_b.code]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"start": "2026-04-20"}, 400, "period_half"),
        ({"start": "20/04/2026", "end": "2026-05-05"}, 400, "invalid_date"),
        ({"start": "2026-05-05", "end": "2026-04-20"}, 400, "period_order"),
        ({"start": "2020-01-01", "end": "2026-01-01"}, 400, "period_too_long"),
        ({"agency": "000.99.99.H99"}, 404, "unknown_agency"),
        ({"procedure": "9.999999"}, 404, "unknown_procedure"),
    ],
)
def test_bad_parameters(client, world, params, status, code):
    response = get(client, world.desk, **params)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_one_row_per_agency(client, world, scenario, sysadmin):
    data = get(client, sysadmin, by="agency", **PERIOD).json()
    assert [(r["agency_code"], r["procedure_code"]) for r in data["rows"]] == [
        (world.commune_a.code, None),
        (world.commune_b.code, None),
    ]
    assert data["rows"][0]["figures"]["received"]["total"] == 9
    response = get(client, sysadmin, by="field", **PERIOD)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_by"
