"""mySociety's servicerequestupdates: the public timeline of published reports, as updates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.feedback import services as feedback
from egov.feedback.models import Event
from egov.workcalendar.deadlines import VN_TZ

from .conftest import (
    FORMATS,
    W3C,
    answered,
    call,
    errors_of,
    forwarded,
    publish,
    updates_of,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_public_timeline_as_updates(api, world, fmt) -> None:
    report = forwarded(world)
    feedback.report_answer(
        report,
        actor=world.handler_a,
        answer="Đã thay bóng đèn ba cột trên đường Lê Lợi.",
        resolution="resolved",
        attachments=[
            SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        ],
    )
    publish(world, report)
    hidden = answered(world, may_publish=False)
    response, body = call(api, "GET", "v2/servicerequestupdates", fmt)
    assert response.status_code == 200
    rows = updates_of(body, fmt)
    assert {row["service_request_id"] for row in rows} == {report.code}
    assert hidden.code not in str(rows)
    # Sent, forwarded, answered; the moderation is not a public line.
    assert [row["status"] for row in rows] == ["open", "in_progress", "fixed"]
    events = Event.objects.filter(report=report).exclude(action="moderate").order_by("at", "id")
    assert [row["update_id"] for row in rows] == [str(e.pk) for e in events]
    assert all(re.match(W3C, row["updated_datetime"]) for row in rows)
    sent, forward, answer = rows
    assert "UBND xã An Bình" in forward["description"]
    assert "Đã thay bóng đèn ba cột trên đường Lê Lợi." in answer["description"]
    assert answer["description"].startswith("Đã trả lời: Đã giải quyết\n\n")
    document = report.files.get(kind="answer")
    assert answer["media_url"].endswith(f"/phan-anh/{report.code}/tep/{document.pk}/")
    assert sent["media_url"] in ("", None)


def test_outcomes_and_reopening_in_mysocietys_statuses(api, world) -> None:
    report = publish(world, answered(world, resolution="not_competent"))
    feedback.report_reopen(report, actor=world.citizen, reason="Đèn vẫn chưa sáng.")
    _response, body = call(api, "GET", "v2/servicerequestupdates", "json")
    statuses = [row["status"] for row in body]
    # sent, forwarded, answered (not our competence), rated and reopened
    assert statuses[:3] == ["open", "in_progress", "not_councils_responsibility"]
    assert statuses[-1] == "in_progress"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_window_and_pages(api, world, fmt) -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
    with feedback.clock_at(start):
        report = forwarded(world)  # two lines: sent, forwarded
    publish(world, report)
    query = {"start_date": "2026-03-02", "end_date": "2026-03-02"}
    _r, body = call(api, "GET", "v2/servicerequestupdates", fmt, query)
    assert len(updates_of(body, fmt)) == 2
    _r, body = call(api, "GET", "v2/servicerequestupdates", fmt, {**query, "page_size": "1"})
    first = updates_of(body, fmt)
    _r, body = call(
        api, "GET", "v2/servicerequestupdates", fmt, {**query, "page_size": "1", "page": "2"}
    )
    second = updates_of(body, fmt)
    assert len(first) == len(second) == 1 and first[0]["update_id"] != second[0]["update_id"]
    _r, body = call(api, "GET", "v2/servicerequestupdates", fmt, {"start_date": "2026-03-03"})
    assert updates_of(body, fmt) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("query", "param"),
    [
        ({"start_date": "2026-01-01", "end_date": "2026-06-01"}, "end_date"),
        ({"start_date": "ngày mai"}, "start_date"),
        ({"page": "0"}, "page"),
    ],
)
def test_bad_parameters_are_400(api, world, fmt, query, param) -> None:
    response, body = call(api, "GET", "v2/servicerequestupdates", fmt, query)
    assert response.status_code == 400
    ((status, description),) = errors_of(body, fmt)
    assert status == 400 and description.startswith(f"{param}: ")
