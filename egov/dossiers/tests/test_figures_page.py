"""The officials' figures page and its XLSX export: filters, scope, contents."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egov.dossiers.figures_daily import refresh_daily_figures

from .figures_setup import clock_fixture, scenario_fixture, vn  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

URL = reverse("dossiers:figures")
XLSX_URL = reverse("dossiers:figures_xlsx")
PERIOD = {"start": "20/04/2026", "end": "05/05/2026"}


def get(client, user, url=URL, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


def test_the_page_shows_the_agency_figures(client, world, scenario):
    response = get(client, world.desk, **PERIOD)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert [r.agency_code for r in figures.rows] == [world.commune_a.code]
    assert figures.total.received == 9
    html = response.content.decode()
    assert "<caption" in html and 'scope="colgroup"' in html
    assert world.commune_a.name in html
    assert world.commune_b.name not in html
    # Shares and averages in Vietnamese number format.
    assert "77,8 %" in html  # online share 7/9
    assert "3,0" in html  # average processing time
    assert "4,5" in html  # average satisfaction


def test_month_filter_and_default_month(client, world, scenario):
    for month in ("2026-04", "04/2026"):
        figures = get(client, world.desk, month=month).context["figures"]
        assert (figures.period.start.isoformat(), figures.period.end.isoformat()) == (
            "2026-04-01",
            "2026-04-30",
        )
        assert figures.total.received == 10  # x, d from before the 20th; not e (05/05)
    response = get(client, world.desk)
    assert response.status_code == 200
    assert response.context["figures"].period.start.day == 1


def test_procedure_filter(client, world, scenario):
    figures = get(client, world.desk, procedure="1.001193", **PERIOD).context["figures"]
    assert figures.total.received == 9
    response = get(client, world.desk, procedure="9.999999", **PERIOD)
    assert response.status_code == 400
    assert response.context["figures"] is None


@pytest.mark.parametrize(
    "params",
    [
        {"start": "20/04/2026"},
        {"start": "05/05/2026", "end": "20/04/2026"},
        {"start": "2026-04-20", "end": "2026-05-05"},
        {"month": "tháng tư"},
    ],
)
def test_bad_periods_are_explained(client, world, params):
    response = get(client, world.desk, **params)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()


def test_an_official_of_commune_b_cannot_see_commune_a(client, world, scenario):
    response = get(client, world.desk_b, agency=world.commune_a.code, **PERIOD)
    assert response.status_code == 403
    response = get(client, world.desk_b, XLSX_URL, agency=world.commune_a.code, **PERIOD)
    assert response.status_code == 403
    figures = get(client, world.desk_b, **PERIOD).context["figures"]
    assert [r.agency_code for r in figures.rows] == [world.commune_b.code]
    assert world.commune_a.code not in get(client, world.desk_b, **PERIOD).content.decode()


def test_the_province_sees_every_commune(client, world, scenario, make_official):
    from egov.orgs.models import Role

    leader = make_official(agency=world.committee, roles=[Role.AGENCY_LEADER])
    figures = get(client, leader, agency=world.committee.code, **PERIOD).context["figures"]
    assert {r.agency_code for r in figures.rows} == {world.commune_a.code, world.commune_b.code}


def test_citizens_and_visitors_are_kept_out(client, world):
    assert get(client, world.citizen).status_code == 403
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.get(XLSX_URL).status_code == 302


def test_the_page_can_read_the_daily_table(client, world, scenario, settings):
    settings.DOSSIER_FIGURES_SOURCE = "daily"
    assert get(client, world.desk, **PERIOD).context["figures"].rows == []
    day = vn(PERIOD["start"]).date()
    while day <= vn(PERIOD["end"]).date():
        refresh_daily_figures(day)
        day = day.fromordinal(day.toordinal() + 1)
    figures = get(client, world.desk, **PERIOD).context["figures"]
    assert figures.source == "daily"
    assert figures.total.received == 9


def test_xlsx_export_has_the_same_table_in_vietnamese(client, world, scenario):
    response = get(client, world.desk, XLSX_URL, **PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "so-lieu-ho-so-20260420-20260505.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Số liệu hồ sơ từ 20/04/2026 đến 05/05/2026"
    assert sheet["E4"].value == "Tiếp nhận"
    assert sheet["E5"].value == "Tổng số"
    assert sheet["B4"].value == "Cơ quan"
    headers = [sheet.cell(row=4, column=c).value for c in range(5, 22)]
    assert "Đang giải quyết" in headers
    # Row 6: the agency's total; row 7: the procedure; row 8: the grand total.
    assert sheet["A6"].value == world.commune_a.code
    assert sheet["D6"].value == "Tất cả thủ tục"
    assert sheet["C7"].value == "1.001193"
    assert [sheet.cell(row=7, column=c).value for c in range(5, 9)] == [9, 1, 7, 1]
    assert [sheet.cell(row=7, column=c).value for c in range(9, 13)] == [5, 1, 2, 2]
    assert sheet.cell(row=7, column=18).value == pytest.approx(7 / 9)
    assert sheet.cell(row=7, column=18).number_format == "0.0%"
    assert sheet.cell(row=7, column=20).value == pytest.approx(3.0)
    assert sheet["A8"].value == "Tổng cộng"
    assert sheet.max_row == 8


def test_xlsx_export_refuses_a_bad_period(client, world):
    assert get(client, world.desk, XLSX_URL, start="20/04/2026").status_code == 400


def test_a_wide_scope_shows_one_row_per_agency_with_links(client, world, scenario, sysadmin):
    response = get(client, sysadmin, **PERIOD)
    figures = response.context["figures"]
    assert not figures.per_procedure
    assert [r.agency_code for r in figures.rows] == [world.commune_a.code, world.commune_b.code]
    html = response.content.decode()
    assert f"agency={world.commune_a.code}" in html
    assert "1.001193 – " not in html.split("<table")[1]  # no procedure rows
    detailed = get(client, sysadmin, by="procedure", **PERIOD).context["figures"]
    assert detailed.per_procedure
    assert [r.procedure_code for r in detailed.rows] == ["1.001193", "1.001193"]
    one = get(client, sysadmin, agency=world.commune_a.code, **PERIOD).context["figures"]
    assert one.per_procedure


def test_xlsx_per_agency(client, world, scenario, sysadmin):
    response = get(client, sysadmin, XLSX_URL, by="agency", **PERIOD)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [sheet.cell(row=r, column=1).value for r in (6, 7, 8)] == [
        world.commune_a.code,
        world.commune_b.code,
        "Tổng cộng",
    ]
    assert sheet["C6"].value is None
    assert [sheet.cell(row=r, column=5).value for r in (6, 7, 8)] == [9, 1, 10]


def test_the_moment_of_the_stock_is_stated(client, world, scenario):
    html = get(client, world.desk, **PERIOD).content.decode()
    assert "Đang giải quyết và chờ bổ sung: đến hết ngày 05/05/2026." in html
    response = get(client, world.desk, XLSX_URL, **PERIOD)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Đang giải quyết và chờ bổ sung: đến hết ngày 05/05/2026"
