"""The figures of the one-stop desk, computed from dossiers moved through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import pytest

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.dossiers import services
from egov.dossiers.figures import (
    Counts,
    Period,
    WorkingDayCounter,
    dossier_figures,
    figure_agency_ids,
)
from egov.dossiers.figures_sql import counts_sql
from egov.orgs.models import Role
from egov.workcalendar.services import is_working_day

from .conftest import pdf_upload
from .figures_setup import EXPECTED_A, clock_fixture, online, period, resolve, scenario_fixture, vn  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def row_of(figures, agency):
    rows = [r for r in figures.rows if r.agency_id == agency.pk]
    assert len(rows) == 1
    return rows[0]


def test_every_counter_for_the_period(world, scenario):
    figures = dossier_figures(period=period(), now=vn("15/05/2026"))
    row = row_of(figures, world.commune_a)
    assert asdict(row.counts) == EXPECTED_A
    assert row.procedure_code == "1.001193"
    assert row.agency_code == world.commune_a.code
    assert figures.as_of == vn("06/05/2026", "00:00")
    b = row_of(figures, world.commune_b).counts
    assert (b.received, b.received_in_person, b.digitised, b.in_process_overdue) == (1, 1, 1, 1)
    assert figures.total.received == 10


def test_shares_and_averages(world, scenario):
    counts = row_of(dossier_figures(period=period(), now=vn("15/05/2026")), world.commune_a).counts
    assert counts.resolved == 5
    assert counts.refused == 2
    assert counts.in_process == 3
    assert counts.online_share == pytest.approx(7 / 9)
    assert counts.digitised_share == pytest.approx(8 / 9)
    assert counts.on_time_share == pytest.approx(3 / 5)
    assert counts.average_processing_days == pytest.approx(3.0)
    assert counts.average_rating == pytest.approx(4.5)
    assert Counts().online_share is None
    assert Counts().average_rating is None


def test_due_date_crosses_the_holiday(world, scenario):
    # Friday 24/04 + 2 working days skips the weekend and Monday 27/04 (Giỗ Tổ made up).
    scenario.a.refresh_from_db()
    assert scenario.a.due_at == vn("29/04/2026")


def test_on_time_means_on_the_due_day_in_vietnam_time(world, scenario):
    scenario.b.refresh_from_db()
    scenario.b2.refresh_from_db()
    # b: 16:00 on the due day, after the due hour (09:00): still on time.
    assert scenario.b.finished_at > scenario.b.due_at
    # b2: 06:30 on the due day in Vietnam is 23:30 the day before in UTC: not early.
    assert scenario.b2.finished_at.astimezone(dt.UTC).date() == dt.date(2026, 4, 28)
    due_day = period("29/04/2026", "29/04/2026")
    counts = row_of(dossier_figures(period=due_day, now=vn("15/05/2026")), world.commune_a).counts
    assert (counts.resolved_early, counts.resolved_on_time, counts.resolved_late) == (0, 2, 0)
    day_before = period("28/04/2026", "28/04/2026")
    counts = row_of(
        dossier_figures(period=day_before, now=vn("15/05/2026")), world.commune_a
    ).counts
    assert (counts.resolved_early, counts.resolved_on_time) == (1, 0)  # a only


def test_stock_at_a_moment_inside_the_period(world, scenario):
    # Wednesday 29/04 at 12:00: b (done at 16:00) and c are due today, d and k are overdue,
    # f has just been asked for a supplement.
    figures = dossier_figures(
        period=period("01/04/2026", "30/04/2026"), now=vn("29/04/2026", "12:00")
    )
    counts = row_of(figures, world.commune_a).counts
    assert figures.as_of == vn("29/04/2026", "12:00")
    assert (counts.in_process_on_time, counts.in_process_overdue) == (2, 2)
    assert counts.waiting_supplement == 1


def test_extension_does_not_make_a_late_result_on_time(world, clock):
    dossier = online(world, clock, "04/05/2026")  # due Wednesday 06/05 09:00
    clock.at("05/05/2026")
    services.late_notice(
        dossier, actor=world.leader, reason="Chờ xác minh", new_due=vn("12/05/2026")
    )
    resolve(world, clock, dossier, "08/05/2026")
    figures = dossier_figures(period=period("01/05/2026", "31/05/2026"), now=vn("01/06/2026"))
    counts = row_of(figures, world.commune_a).counts
    assert (counts.resolved_on_time, counts.resolved_late) == (0, 1)


def test_after_a_supplement_the_new_deadline_counts(world, clock):
    dossier = online(world, clock, "04/05/2026")  # due Wednesday 06/05 09:00
    clock.at("05/05/2026")
    step = dossier.steps.get(state="active")
    services.assign(dossier, actor=world.head, step=step, handler=world.specialist)
    services.request_supplement(
        dossier, actor=world.specialist, items=[("Bản sao", "chưa có trong hồ sơ")]
    )
    clock.at("11/05/2026")
    services.supplement(dossier, actor=world.citizen, note="Đã bổ sung")  # due 13/05
    clock.at("13/05/2026")
    services.forward(dossier, actor=world.specialist)
    services.forward(dossier, actor=world.head)
    services.approve(dossier, actor=world.leader)
    services.issue_result(dossier, actor=world.clerk, result=pdf_upload())
    figures = dossier_figures(period=period("01/05/2026", "31/05/2026"), now=vn("01/06/2026"))
    assert row_of(figures, world.commune_a).counts.resolved_on_time == 1


def test_filters_by_agency_and_procedure(world, scenario):
    with_b = dossier_figures(period=period(), agency_ids=[world.commune_b.pk], now=vn("15/05/2026"))
    assert [r.agency_id for r in with_b.rows] == [world.commune_b.pk]
    other = world.version.procedure.__class__.objects.create(
        code="2.000001", field=world.version.procedure.field, level="commune"
    )
    assert dossier_figures(period=period(), procedure_id=other.pk, now=vn("15/05/2026")).rows == []
    same = dossier_figures(
        period=period(), procedure_id=world.version.procedure_id, now=vn("15/05/2026")
    )
    assert len(same.rows) == 2


def test_province_view_includes_the_communes(world, scenario, make_official):
    leader = make_official(agency=world.committee, roles=[Role.AGENCY_LEADER])
    ids = figure_agency_ids(leader, world.committee)
    assert {world.commune_a.pk, world.commune_b.pk, world.committee.pk} <= ids
    figures = dossier_figures(period=period(), agency_ids=ids, now=vn("15/05/2026"))
    assert [g.agency_code for g in figures.by_agency()] == [
        world.commune_a.code,
        world.commune_b.code,
    ]
    assert figures.total.received == 10


def test_scope_of_the_figures(world, sysadmin):
    assert figure_agency_ids(world.desk_b) == {world.commune_b.pk}
    with pytest.raises(PermissionRefused):
        figure_agency_ids(world.desk_b, world.commune_a)
    with pytest.raises(PermissionRefused):
        figure_agency_ids(world.citizen)
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionRefused):
        figure_agency_ids(AnonymousUser())
    assert figure_agency_ids(sysadmin) is None
    assert world.commune_a.pk in figure_agency_ids(sysadmin, world.commune_a)


def test_one_row_per_agency(world, scenario):
    figures = dossier_figures(period=period(), now=vn("15/05/2026"), per_procedure=False)
    assert [(r.agency_code, r.procedure_id, r.procedure_code) for r in figures.rows] == [
        (world.commune_a.code, None, ""),
        (world.commune_b.code, None, ""),
    ]
    assert asdict(figures.rows[0].counts) == EXPECTED_A
    assert not figures.per_procedure


def test_counts_come_from_two_queries(world, scenario, django_assert_num_queries):
    from egov.dossiers.figures import counts_by_version

    # Once the calendar's per-year tables are cached (a first call, or an earlier test in the
    # same process, loads them), the counts take two queries.
    counts_by_version(period=period(), cutoff=vn("06/05/2026", "00:00"))
    with django_assert_num_queries(2):
        counts_by_version(period=period(), cutoff=vn("06/05/2026", "00:00"))
    # Plus version → procedure, agencies, procedures and their names.
    with django_assert_num_queries(6):
        dossier_figures(period=period(), now=vn("15/05/2026"))


@pytest.mark.parametrize("per_procedure", [True, False])
def test_hand_written_sql_gives_the_same_counts(world, scenario, per_procedure):
    for now in (vn("15/05/2026"), vn("29/04/2026", "12:00")):
        figures = dossier_figures(period=period(), now=now, per_procedure=per_procedure)
        sql = counts_sql(period=period(), cutoff=figures.as_of, per_procedure=per_procedure)
        live = {(r.agency_id, r.procedure_id): asdict(r.counts) for r in figures.rows}
        for value in live.values():
            value.pop("processing_days")
        assert {
            key: {k: v for k, v in asdict(c).items() if k != "processing_days"}
            for key, c in sql.items()
        } == live


def test_periods_are_checked():
    with pytest.raises(ValidationFailed):
        Period(dt.date(2026, 5, 2), dt.date(2026, 5, 1))
    with pytest.raises(ValidationFailed):
        Period(dt.date(2020, 1, 1), dt.date(2026, 1, 1))
    assert Period.month(2026, 12) == Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert Period.month(2026, 2).end == dt.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-02-12", "2026-02-24"),  # across Tết 2026
        ("2025-12-30", "2026-01-12"),  # across New Year and the swapped Saturday 10/01
        ("2025-07-01", "2026-09-30"),  # more than a year
        ("2026-04-24", "2026-04-24"),
    ],
)
def test_working_day_counter_matches_the_calendar(start, end):
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    expected = sum(is_working_day(a + dt.timedelta(days=n)) for n in range(1, (b - a).days + 1))
    assert WorkingDayCounter().between(a, b) == expected
    assert WorkingDayCounter().between(b, a) == 0


def test_local_date_agrees_with_django_time_zone_conversion(scenario):
    from django.db.models.functions import TruncDate

    from egov.dossiers.figures import LocalDate
    from egov.dossiers.models import Dossier
    from egov.workcalendar.services import VN_TZ

    rows = Dossier.objects.filter(finished_at__isnull=False).values_list(
        LocalDate("finished_at"), TruncDate("finished_at", tzinfo=VN_TZ)
    )
    pairs = [(str(ours), str(django)) for ours, django in rows]
    assert len(pairs) == 5
    assert all(ours == django for ours, django in pairs)
