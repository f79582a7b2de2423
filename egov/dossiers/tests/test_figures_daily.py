"""The daily figures table: rebuilt per day, idempotent, and equal to the live figures."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from egov.dossiers.figures import dossier_figures
from egov.dossiers.figures_daily import (
    daily_figures,
    refresh_daily_figures,
    refresh_daily_figures_task,
)
from egov.dossiers.models import DailyFigure, DailyStock

from .figures_setup import (  # noqa: F401  (fixtures)
    centre_fixture,
    clock_fixture,
    period,
    scenario_fixture,
    vn,
)

pytestmark = pytest.mark.django_db


def days(first: str, last: str):
    day, end = vn(first).date(), vn(last).date()
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def table(figures):
    return [(r.agency_code, r.procedure_code, r.procedure_name, r.counts) for r in figures.rows]


@pytest.mark.parametrize(
    ("start", "end", "now"),
    [
        ("20/04/2026", "05/05/2026", vn("15/05/2026")),  # a period over
        ("01/04/2026", "30/04/2026", vn("29/04/2026", "12:00")),  # a period still running
        ("01/04/2026", "31/05/2026", vn("04/05/2026", "08:00")),  # today is the 04/05
    ],
)
def test_daily_table_equals_live_figures(world, scenario, centre, start, end, now):
    for day in days("01/04/2026", "31/05/2026"):
        refresh_daily_figures(day, now=now)
    # Handled by every agency, by the department; received at every desk, at the service
    # centre's (the department's dossiers), at a commune's (its own).
    choices = [
        ("handled", None),
        ("handled", [world.justice.pk]),
        ("received", None),
        ("received", [centre.centre.pk]),
        ("received", [world.commune_a.pk]),
    ]
    for dimension, agency_ids in choices:
        for per_procedure in (True, False):
            for procedure_id in (None, world.version.procedure_id, centre.version.procedure_id):
                args = {
                    "period": period(start, end),
                    "now": now,
                    "per_procedure": per_procedure,
                    "procedure_id": procedure_id,
                    "agency_ids": agency_ids,
                    "dimension": dimension,
                }
                live, daily = dossier_figures(**args), daily_figures(**args)
                assert daily.source == "daily"
                assert (daily.dimension, daily.desks) == (live.dimension, live.desks)
                assert table(daily) == table(live)
        everything = daily_figures(period=period(start, end), now=now, dimension=dimension)
        assert everything.total.received > 0


def test_refresh_is_idempotent(scenario):
    day = vn("24/04/2026").date()
    written = refresh_daily_figures(day, now=vn("15/05/2026"))
    first = list(DailyFigure.objects.filter(day=day).values())
    # Both communes received dossiers that day and had open ones at its end: a row for the
    # procedure and one for the agency's total, in each table.
    assert refresh_daily_figures(day, now=vn("15/05/2026")) == written == 8
    assert DailyStock.objects.filter(day=day).count() == 4
    assert DailyFigure.objects.filter(day=day, procedure__isnull=True).count() == 2
    again = list(DailyFigure.objects.filter(day=day).values())
    strip = [{k: v for k, v in row.items() if k != "id"} for row in first]
    assert [{k: v for k, v in row.items() if k != "id"} for row in again] == strip


def test_refresh_of_one_agency_keeps_the_others(world, scenario):
    day = vn("24/04/2026").date()
    refresh_daily_figures(day, now=vn("15/05/2026"))
    DailyFigure.objects.filter(agency=world.commune_b).update(received=99)
    DailyFigure.objects.filter(agency=world.commune_a).update(received=77)
    refresh_daily_figures(day, agency_ids=[world.commune_b.pk], now=vn("15/05/2026"))
    assert [f.received for f in DailyFigure.objects.filter(day=day, agency=world.commune_b)] == [
        1,
        1,
    ]
    assert {f.received for f in DailyFigure.objects.filter(day=day, agency=world.commune_a)} == {77}


def test_empty_days_write_no_rows(world, clock):
    assert refresh_daily_figures(vn("24/04/2026").date(), now=vn("15/05/2026")) == 0
    assert not DailyFigure.objects.exists()


def test_reader_uses_two_queries_plus_labels(scenario, django_assert_num_queries):
    for day in days("20/04/2026", "05/05/2026"):
        refresh_daily_figures(day, now=vn("15/05/2026"))
    with django_assert_num_queries(5):
        daily_figures(period=period(), now=vn("15/05/2026"))
    with django_assert_num_queries(3):  # flows, stock, agencies
        daily_figures(period=period(), now=vn("15/05/2026"), per_procedure=False)


def test_only_days_with_something_happening_have_flow_rows(world, scenario):
    for day in days("01/04/2026", "31/05/2026"):
        refresh_daily_figures(day, now=vn("15/05/2026"))
    flow_days = set(DailyFigure.objects.values_list("day", flat=True))
    assert vn("25/04/2026").date() not in flow_days  # a Saturday: nothing happened
    # Open dossiers were there on Saturday too: the stock is kept for every day.
    assert DailyStock.objects.filter(day=vn("25/04/2026").date()).exists()


def test_the_task_rebuilds_a_day(world, scenario):
    refresh_daily_figures_task.enqueue(day="2026-04-24")
    assert DailyFigure.objects.filter(day=dt.date(2026, 4, 24)).count() == 4


def test_the_command_rebuilds_a_range(world, scenario):
    out = io.StringIO()
    call_command("refresh_figures", "--from", "24/04/2026", "--to", "28/04/2026", stdout=out)
    assert set(DailyFigure.objects.values_list("day", flat=True)) >= {
        dt.date(2026, 4, 24),
        dt.date(2026, 4, 28),
    }
    assert "5" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_each_action_refreshes_its_agency_s_day_after_the_commit(world, settings):
    from egov.dossiers.figures import Period, local_today
    from egov.dossiers.figures_daily import read_figures

    from .conftest import received

    settings.DOSSIER_FIGURES_SOURCE = "daily"
    today = local_today()
    assert not DailyFigure.objects.filter(day=today).exists()
    dossier = received(world)  # the tasks backend of the tests runs the queued rebuild at once
    row = DailyFigure.objects.get(
        day=today, agency_id=dossier.handling_agency_id, procedure__isnull=True
    )
    assert row.received == 1
    figures = read_figures(period=Period(today, today))
    assert figures.source == "daily" and figures.total.received == 1
    assert (
        DailyStock.objects.get(
            day=today, agency_id=dossier.handling_agency_id, procedure__isnull=True
        ).in_process_on_time
        == 1
    )


def test_the_rebuild_waits_for_the_commit(world, django_capture_on_commit_callbacks):
    from egov.dossiers.tests.conftest import received

    with django_capture_on_commit_callbacks() as callbacks:
        received(world)
    assert callbacks  # queued for after the commit, like the notifications
    assert not DailyFigure.objects.exists()
