"""The one-stop desk of the Public Administration Service Centre: it receives the
departments' dossiers and handles none, so its figures are those "received at" its desk,
next to the "handled by" figures of the agencies; live, daily, SQL, page, API and XLSX."""

from __future__ import annotations

import io
from dataclasses import asdict

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egov.core.errors import PermissionRefused
from egov.dossiers.figures import default_dimension, dossier_figures, figure_agency_ids
from egov.dossiers.figures_daily import daily_figures, read_figures, refresh_daily_figures
from egov.dossiers.figures_sql import counts_sql
from egov.dossiers.models import DailyFigure, DailyStock
from egov.orgs.models import Role

from .figures_setup import (  # noqa: F401  (fixtures)
    EXPECTED_A,
    EXPECTED_CENTRE,
    centre_fixture,
    clock_fixture,
    period,
    scenario_fixture,
    vn,
)

pytestmark = pytest.mark.django_db

NOW = vn("15/05/2026")
PAGE = reverse("dossiers:figures")
XLSX = reverse("dossiers:figures_xlsx")
API = reverse("api-v1:dossier_figures")
PAGE_PERIOD = {"start": "20/04/2026", "end": "05/05/2026"}
API_PERIOD = {"start": "2026-04-20", "end": "2026-05-05"}


def received_at(desk, **extra):
    return dossier_figures(
        period=period(), agency_ids=[desk.pk], dimension="received", now=NOW, **extra
    )


def test_received_at_the_centre_counts_the_departments_dossiers(world, centre):
    figures = received_at(centre.centre)
    [row] = figures.rows
    assert (row.agency_id, row.procedure_code) == (world.justice.pk, "2.000003")
    assert asdict(row.counts) == EXPECTED_CENTRE
    assert figures.dimension == "received"
    assert figures.desks == ((centre.centre.code, centre.centre.name),)
    # Per agency: the department's row, the same counts.
    [total] = received_at(centre.centre, per_procedure=False).rows
    assert (total.agency_id, total.procedure_id) == (world.justice.pk, None)
    assert asdict(total.counts) == EXPECTED_CENTRE


def test_handled_by_the_centre_is_empty_and_the_department_handles_them(world, centre):
    handled = dossier_figures(period=period(), agency_ids=[centre.centre.pk], now=NOW)
    assert handled.rows == []  # the gap: the centre handles nothing
    justice = dossier_figures(period=period(), agency_ids=[world.justice.pk], now=NOW)
    assert [asdict(r.counts) for r in justice.rows] == [EXPECTED_CENTRE]
    assert justice.dimension == "handled" and justice.desks == ()
    # The department received nothing at a desk of its own.
    assert received_at(world.justice).rows == []


def test_a_commune_receives_what_it_handles(world, scenario, centre):
    [row] = received_at(world.commune_a).rows
    assert asdict(row.counts) == EXPECTED_A
    # Every desk together: every dossier, as handled by every agency.
    everything = dossier_figures(period=period(), dimension="received", now=NOW)
    assert everything.desks == ()
    assert [(r.agency_id, r.counts) for r in everything.rows] == [
        (r.agency_id, r.counts) for r in dossier_figures(period=period(), now=NOW).rows
    ]


@pytest.mark.parametrize("per_procedure", [True, False])
def test_hand_written_sql_gives_the_same_counts_for_a_desk(world, scenario, centre, per_procedure):
    for desk in (centre.centre, world.commune_a, world.justice):
        live = {
            (r.agency_id, r.procedure_id): {
                k: v for k, v in asdict(r.counts).items() if k != "processing_days"
            }
            for r in received_at(desk, per_procedure=per_procedure).rows
        }
        sql = counts_sql(
            period=period(),
            cutoff=vn("06/05/2026", "00:00"),
            per_procedure=per_procedure,
            desk_ids=[desk.pk],
        )
        assert {
            key: {k: v for k, v in asdict(c).items() if k != "processing_days"}
            for key, c in sql.items()
        } == live
    assert counts_sql(period=period(), cutoff=NOW, desk_ids=[]) == {}


def test_who_sees_what(world, centre, make_official, sysadmin):
    desk = centre.desk
    assert figure_agency_ids(desk, dimension="received") == {centre.centre.pk}
    assert figure_agency_ids(desk, centre.centre, "received") == {centre.centre.pk}
    # The departments are not below the centre: their own figures stay theirs.
    for dimension in ("handled", "received"):
        with pytest.raises(PermissionRefused):
            figure_agency_ids(desk, world.justice, dimension)
        with pytest.raises(PermissionRefused):
            figure_agency_ids(desk, world.commune_a, dimension)
    # A commune's desk may not read the centre's desk, nor the department's.
    with pytest.raises(PermissionRefused):
        figure_agency_ids(world.desk, centre.centre, "received")
    with pytest.raises(PermissionRefused):
        figure_agency_ids(world.desk, world.justice, "received")
    # The province has the centre in its scope; "received at" is that one desk, not the
    # agencies below the one chosen.
    leader = make_official(agency=world.committee, roles=[Role.AGENCY_LEADER])
    assert figure_agency_ids(leader, centre.centre, "received") == {centre.centre.pk}
    assert figure_agency_ids(leader, world.committee, "received") == {world.committee.pk}
    assert world.commune_a.pk in figure_agency_ids(leader, world.committee, "handled")
    assert figure_agency_ids(sysadmin, dimension="received") is None
    assert default_dimension(desk) == "received"
    assert default_dimension(world.desk) == "handled"
    assert default_dimension(world.citizen) == "handled"


def test_daily_rows_are_kept_per_desk(world, centre):
    day = vn("23/04/2026").date()
    refresh_daily_figures(day, now=NOW)
    # The department's total and procedure rows, at the centre's desk.
    assert set(
        DailyFigure.objects.filter(day=day).values_list(
            "receiving_agency_id", "agency_id", "procedure__code"
        )
    ) == {
        (centre.centre.pk, world.justice.pk, "2.000003"),
        (centre.centre.pk, world.justice.pk, None),
    }
    assert set(
        DailyStock.objects.filter(day=day).values_list("receiving_agency_id", flat=True)
    ) == {centre.centre.pk}
    # Rebuilding the department (what each of its dossiers' actions queues) rewrites them.
    DailyFigure.objects.update(received=99)
    refresh_daily_figures(day, agency_ids=[world.justice.pk], now=NOW)
    assert set(DailyFigure.objects.values_list("received", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_each_action_keeps_the_centre_s_daily_figures_current(
    world, clock, make_official, settings
):
    """The services queue the rebuild of the handling agency's rows after each action (the
    test tasks backend runs it at once): the centre's "received at" rows follow."""
    from .figures_setup import build_centre

    settings.DOSSIER_FIGURES_SOURCE = "daily"
    centre = build_centre(world, clock, make_official)
    daily = read_figures(
        period=period(), agency_ids=[centre.centre.pk], dimension="received", now=NOW
    )
    assert daily.source == "daily"
    [row] = daily.rows
    assert asdict(row.counts) == EXPECTED_CENTRE


def test_the_centre_s_desk_officer_sees_its_desk_on_the_page(client, world, scenario, centre):
    client.force_login(centre.desk)
    response = client.get(PAGE, PAGE_PERIOD)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.dimension == "received" and figures.per_procedure
    assert [(r.agency_code, r.procedure_code) for r in figures.rows] == [
        (world.justice.code, "2.000003")
    ]
    assert figures.total.received == 3
    html = response.content.decode()
    assert world.justice.name in html
    assert world.commune_a.name not in html
    assert "Hồ sơ tiếp nhận tại Bộ phận Một cửa của Trung tâm Phục vụ hành chính công" in html
    assert '<option value="received" selected>' in html
    # The department's procedure is offered in the filter.
    assert 'value="2.000003"' in html
    # Asked for explicitly, "handled by" the centre: nothing.
    handled = client.get(PAGE, {**PAGE_PERIOD, "dimension": "handled"}).context["figures"]
    assert handled.dimension == "handled" and handled.rows == []
    # Not the department's own figures, nor another desk's.
    assert client.get(PAGE, {**PAGE_PERIOD, "agency": world.justice.code}).status_code == 403
    response = client.get(
        PAGE, {**PAGE_PERIOD, "agency": world.commune_a.code, "dimension": "received"}
    )
    assert response.status_code == 403
    assert client.get(PAGE, {**PAGE_PERIOD, "dimension": "nowhere"}).status_code == 400


def test_a_commune_s_page_is_unchanged(client, world, scenario, centre):
    client.force_login(world.desk)
    figures = client.get(PAGE, PAGE_PERIOD).context["figures"]
    assert figures.dimension == "handled"
    assert asdict(figures.rows[0].counts) == EXPECTED_A
    received = client.get(PAGE, {**PAGE_PERIOD, "dimension": "received"}).context["figures"]
    assert [asdict(r.counts) for r in received.rows] == [EXPECTED_A]
    response = client.get(
        PAGE, {**PAGE_PERIOD, "agency": centre.centre.code, "dimension": "received"}
    )
    assert response.status_code == 403


def test_the_centre_s_xlsx_export(client, world, centre):
    client.force_login(centre.desk)
    response = client.get(XLSX, PAGE_PERIOD)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A3"].value == (
        "Hồ sơ tiếp nhận tại Bộ phận Một cửa của Trung tâm Phục vụ hành chính công, "
        "theo cơ quan giải quyết."
    )
    assert sheet["B4"].value == "Cơ quan giải quyết"
    assert (sheet["A6"].value, sheet["B6"].value) == (world.justice.code, world.justice.name)
    assert sheet["C7"].value == "2.000003"
    assert [sheet.cell(row=7, column=c).value for c in range(5, 9)] == [3, 1, 2, 0]
    response = client.get(XLSX, {**PAGE_PERIOD, "dimension": "handled"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A3"].value == "Hồ sơ tính theo cơ quan giải quyết."
    assert sheet["A6"].value == "Tổng cộng"
    assert client.get(XLSX, {**PAGE_PERIOD, "agency": world.justice.code}).status_code == 403


def test_the_centre_s_figures_in_the_api(client, world, scenario, centre):
    client.force_login(centre.desk)
    data = client.get(API, API_PERIOD).json()
    assert data["dimension"] == "received"
    assert data["received_at"] == [{"code": centre.centre.code, "name": centre.centre.name}]
    [row] = data["rows"]
    assert (row["agency_code"], row["procedure_code"]) == (world.justice.code, "2.000003")
    assert row["figures"]["received"] == {
        "total": 3,
        "in_person": 1,
        "online": 2,
        "postal": 0,
        "digitised": 3,
    }
    assert row["figures"]["in_process"]["overdue"] == 1
    assert row["figures"]["refused"]["at_reception"] == 1
    handled = client.get(API, {**API_PERIOD, "dimension": "handled"}).json()
    assert (handled["dimension"], handled["rows"], handled["received_at"]) == ("handled", [], None)
    response = client.get(API, {**API_PERIOD, "agency": world.justice.code})
    assert (response.status_code, response.json()["code"]) == (403, "agency_out_of_scope")
    response = client.get(API, {**API_PERIOD, "dimension": "both"})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_dimension")
    # A commune's desk: "handled by" by default, and not the centre's desk.
    client.force_login(world.desk)
    assert client.get(API, API_PERIOD).json()["dimension"] == "handled"
    response = client.get(
        API, {**API_PERIOD, "agency": centre.centre.code, "dimension": "received"}
    )
    assert response.status_code == 403


def test_daily_reader_for_a_desk(world, scenario, centre, django_assert_num_queries):
    day = vn("20/04/2026").date()
    while day <= vn("05/05/2026").date():
        refresh_daily_figures(day, now=NOW)
        day = day.fromordinal(day.toordinal() + 1)
    args = {"period": period(), "agency_ids": [centre.centre.pk], "dimension": "received"}
    # Flows, stock, agencies, procedures, names, desks.
    with django_assert_num_queries(6):
        daily = daily_figures(**args, now=NOW)
    assert [asdict(r.counts) for r in daily.rows] == [EXPECTED_CENTRE]
    assert daily.desks == ((centre.centre.code, centre.centre.name),)
