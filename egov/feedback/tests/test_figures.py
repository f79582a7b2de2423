"""Figures per handling agency and period: received, on time, late, overdue, satisfaction,
reopened; the officials' page and the JSON API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from egov.core.errors import PermissionRefused, ValidationFailed
from egov.feedback import figures, services
from egov.workcalendar.deadlines import VN_TZ

from .conftest import submitted

pytestmark = pytest.mark.django_db

MARCH = figures.Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, 0, tzinfo=VN_TZ)


@pytest.fixture
def march(world):
    """In March 2026, commune A gets three reports: one answered on time and rated
    satisfied, one answered late, rated not satisfied and reopened, one still open and
    overdue. Commune B gets one, answered on time. February's report does not count."""
    with services.clock_at(dt.datetime(2026, 2, 27, 9, tzinfo=VN_TZ)):
        old = services.report_forward(submitted(world), actor=world.hotline, agency=world.commune_a)
    with services.clock_at(at(2)):
        reports = [
            services.report_forward(submitted(world), actor=world.hotline, agency=agency)
            for agency in (world.commune_a, world.commune_a, world.commune_a, world.commune_b)
        ]
    on_time, late, _open, other = reports
    with services.clock_at(at(4)):
        services.report_answer(on_time, actor=world.handler_a, answer="Xong", resolution="resolved")
        services.report_rate(on_time, actor=world.citizen, satisfied=True)
        services.report_answer(other, actor=world.handler_b, answer="Xong", resolution="resolved")
    with services.clock_at(at(20)):  # streetlights: 5 working days, so this is late
        services.report_answer(
            late, actor=world.handler_a, answer="Chưa", resolution="not_resolved", reason="Hết vốn"
        )
        services.report_reopen(late, actor=world.citizen, reason="Vẫn hỏng")
        services.report_answer(old, actor=world.handler_a, answer="Xong", resolution="resolved")
    return world


def test_figures_per_agency(march) -> None:
    w = march
    result = figures.feedback_figures([w.commune_a.pk, w.commune_b.pk], MARCH, now=at(25))
    rows = {row.agency: row for row in result.rows}
    a, b = rows[w.commune_a], rows[w.commune_b]
    assert (a.received, a.reopened) == (3, 1)
    assert (a.answered, a.on_time, a.late) == (3, 1, 2)  # February's report answered late too
    # The open one is overdue; the reopened one is due 27/03, after "now".
    assert a.overdue_open == 1
    assert (a.rated, a.satisfied, a.satisfaction) == (2, 1, 50.0)
    assert (b.received, b.answered, b.on_time, b.late, b.rated) == (1, 1, 1, 0, 0)
    total = result.total
    assert (total.received, total.answered, total.satisfied) == (4, 4, 1)


def test_period_rules() -> None:
    today = dt.date(2026, 3, 15)
    assert figures.check_period(None, None, today=today) == MARCH
    with pytest.raises(ValidationFailed):
        figures.check_period(dt.date(2026, 3, 2), None, today=today)
    with pytest.raises(ValidationFailed):
        figures.check_period(dt.date(2026, 3, 2), dt.date(2026, 3, 1), today=today)
    with pytest.raises(ValidationFailed):
        figures.check_period(dt.date(2020, 1, 1), dt.date(2026, 1, 1), today=today)


def test_scope_of_the_figures(world) -> None:
    assert set(figures.agencies_for(world.handler_a, None)) == {world.commune_a.pk}
    with pytest.raises(PermissionRefused):
        figures.agencies_for(world.handler_a, world.commune_b)
    assert world.commune_b.pk in figures.agencies_for(world.hotline, None)
    assert figures.agencies_for(world.hotline, world.commune_b) == [world.commune_b.pk]
    with pytest.raises(PermissionRefused):
        figures.agencies_for(world.citizen, None)


def test_figures_page(client, march) -> None:
    client.force_login(march.hotline)
    html = client.get(
        reverse("feedback:official_figures") + "?start=01/03/2026&end=31/03/2026"
    ).content.decode()
    assert march.commune_a.name in html and march.commune_b.name in html
    assert "50.0%" in html or "50,0%" in html
    client.force_login(march.citizen)
    assert client.get(reverse("feedback:official_figures")).status_code == 403


def test_figures_api(client, march) -> None:
    url = "/api/v1/feedback/figures"
    assert client.get(url).status_code == 401
    client.force_login(march.citizen)
    assert client.get(url).status_code == 403
    client.force_login(march.handler_a)
    assert client.get(url, {"agency": march.commune_b.code}).status_code == 403
    response = client.get(url, {"start": "2026-03-01", "end": "2026-03-31"})
    assert response.status_code == 200
    body = response.json()
    assert [row["agency"] for row in body["rows"]] == [march.commune_a.code]
    row = body["rows"][0]
    assert (row["received"], row["on_time"], row["late"], row["reopened"]) == (3, 1, 2, 1)
    assert row["satisfaction"] == 50.0
    client.force_login(march.hotline)
    body = client.get(url, {"start": "2026-03-01", "end": "2026-03-31"}).json()
    assert body["total"]["received"] == 4
    bad = client.get(url, {"start": "2026-03-31", "end": "2026-03-01"})
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_period")
    assert client.get(url, {"agency": "999.99.99.H00"}).status_code == 404
