"""GET requests and requests/<id>: published reports only, filters, the 90-day window, the
page/page_size extension, statuses and W3C dates, in both formats."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from egov.feedback import services as feedback
from egov.workcalendar.deadlines import VN_TZ

from .conftest import (
    FORMATS,
    W3C,
    answered,
    call,
    errors_of,
    forwarded,
    photo_upload,
    publish,
    published_answer,
    requests_of,
    submitted,
)

pytestmark = pytest.mark.django_db


def ids(body, fmt) -> list[str]:
    return [row["service_request_id"] for row in requests_of(body, fmt)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_published_reports_are_listed(api, world, fmt) -> None:
    shown = published_answer(world)
    private = answered(world, may_publish=False)  # the reporter refused publication
    waiting = submitted(world)  # not checked by an official yet
    response, body = call(api, "GET", "v2/requests", fmt)
    assert response.status_code == 200
    assert ids(body, fmt) == [shown.code]
    for report in (private, waiting):
        response, body = call(api, "GET", f"v2/requests/{report.code}", fmt)
        assert response.status_code == 404
        ((status, description),) = errors_of(body, fmt)
        assert status == 404 and report.code in description


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_with_every_field(api, world, fmt) -> None:
    moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
    with feedback.clock_at(moment):
        report = forwarded(world, photos=[photo_upload()])
    publish(world, report)
    response, body = call(api, "GET", f"v2/requests/{report.code}", fmt, {})
    assert response.status_code == 200
    (row,) = requests_of(body, fmt)
    assert row["service_request_id"] == report.code
    assert row["status"] == "open"
    assert row["status_notes"] == "Đang xử lý"
    assert (row["service_code"], row["service_name"]) == ("den-duong", "Đèn đường hỏng")
    assert row["agency_responsible"] == "UBND xã An Bình"
    assert row["requested_datetime"] == "2026-03-02T09:00:00+07:00"
    assert re.match(W3C, row["updated_datetime"])
    # Five working days of the streetlight category from Monday 09:00.
    assert row["expected_datetime"] == "2026-03-09T09:00:00+07:00"
    assert row["address"] == "Đường Lê Lợi, trước nhà văn hóa thôn 2"
    assert row["address_id"] == "99001"
    lat, lng = row["lat"], row["long"]
    if fmt == "xml":
        assert (lat, lng) == ("21.028511", "105.804817")
        assert row["zipcode"] is None and row["service_notice"] is None  # empty elements
    else:
        assert (lat, lng) == (21.028511, 105.804817)
        assert row["zipcode"] is None and row["service_notice"] is None
    photo = report.files.get()
    assert row["media_url"].endswith(f"/phan-anh/{report.code}/tep/{photo.pk}/")
    assert report.title in row["description"] and report.description in row["description"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_answer_closes_the_request_with_detailed_notes(api, world, fmt) -> None:
    report = published_answer(world, resolution="not_resolved")
    _response, body = call(api, "GET", f"v2/requests/{report.code}", fmt)
    (row,) = requests_of(body, fmt)
    assert row["status"] == "closed"
    notes = row["status_notes"]
    assert notes.startswith("Đã trả lời · Đã đóng: chưa giải quyết được")
    assert "Đã thay bóng đèn ba cột trên đường Lê Lợi." in notes
    assert "Chưa có kinh phí thay đèn." in notes  # the published reason
    assert row["expected_datetime"] is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hidden_location_and_hidden_photos_stay_hidden(api, world, fmt) -> None:
    report = submitted(world, photos=[photo_upload()])
    feedback.report_moderate(
        report,
        actor=world.hotline,
        publish=True,
        location_hidden=True,
        hidden_photos=[report.files.get().pk],
        public_title="Đèn đường hỏng",
        public_description="Một số cột đèn không sáng.",
    )
    _response, body = call(api, "GET", f"v2/requests/{report.code}", fmt)
    (row,) = requests_of(body, fmt)
    assert row["lat"] is None and row["long"] is None and row["address"] is None
    assert row["media_url"] is None
    assert row["address_id"] == "99001"  # the commune is public
    assert row["description"] == "Đèn đường hỏng\n\nMột số cột đèn không sáng."
    assert "Lê Lợi" not in str(row)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_merged_duplicate_points_to_its_report(api, world, fmt) -> None:
    target = publish(world, submitted(world))
    duplicate = publish(world, submitted(world))
    feedback.report_merge(duplicate, actor=world.hotline, into=target)
    _response, body = call(api, "GET", f"v2/requests/{duplicate.code}", fmt)
    (row,) = requests_of(body, fmt)
    assert row["status"] == "closed"
    assert target.code in row["status_notes"]
    _response, body = call(api, "GET", "v2/requests", fmt)
    assert ids(body, fmt) == [target.code]  # duplicates are not listed


@pytest.mark.parametrize("fmt", FORMATS)
def test_filters(api, world, fmt) -> None:
    light_open = publish(world, forwarded(world))
    light_closed = published_answer(world)
    conduct = publish(
        world,
        submitted(world, category=world.conduct, latitude=None, longitude=None, unit=None),
    )
    get = lambda **query: ids(call(api, "GET", "v2/requests", fmt, query)[1], fmt)  # noqa: E731
    assert get() == [conduct.code, light_closed.code, light_open.code]  # newest first
    assert get(service_code="thai-do-can-bo") == [conduct.code]
    assert get(service_code="den-duong,thai-do-can-bo") == get()
    assert get(status="closed") == [light_closed.code]
    assert get(status="open") == [conduct.code, light_open.code]
    assert get(status="open,closed") == get()
    assert get(status="open", service_code="den-duong") == [light_open.code]
    # service_request_id overrides everything else, dates included.
    both = f"{light_open.code},{conduct.code},PA-000101-9999"
    assert set(get(service_request_id=both, status="closed", start_date="2001-01-01")) == {
        light_open.code,
        conduct.code,
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_window_defaults_to_the_last_90_days(api, world, fmt) -> None:
    now = dt.datetime.now(tz=VN_TZ)
    with feedback.clock_at(now - dt.timedelta(days=100)):
        old = publish(world, submitted(world))
    with feedback.clock_at(now - dt.timedelta(days=10)):
        recent = publish(world, submitted(world))
    get = lambda **query: ids(call(api, "GET", "v2/requests", fmt, query)[1], fmt)  # noqa: E731
    assert get() == [recent.code]
    start = (now - dt.timedelta(days=120)).date().isoformat()
    assert get(start_date=start) == [old.code]  # 90 days from the start
    end = (now - dt.timedelta(days=50)).isoformat(timespec="seconds")
    assert get(end_date=end) == [old.code]  # 90 days up to the end
    response, _body = call(
        api, "GET", "v2/requests", fmt, {"start_date": start, "end_date": now.date().isoformat()}
    )
    assert response.status_code == 400  # 120 days
    assert get(service_request_id=old.code) == [old.code]


def test_w3c_dates_in_every_spelling(api, world) -> None:
    moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
    with feedback.clock_at(moment):
        report = publish(world, submitted(world))
    for start, end in [
        ("2026-03-02", "2026-03-02"),  # whole days in Vietnam
        ("2026-03-02T08:59:00+07:00", "2026-03-02T09:01:00+07:00"),
        ("2026-03-02T01:59:00Z", "2026-03-02T02:01:00Z"),
        ("2026-03-02T08:59:00 07:00", "2026-03-02T09:01:00 07:00"),  # an unencoded "+"
        ("2026-03-02T08:59:00", "2026-03-02T09:01"),  # Vietnam's time when no offset
    ]:
        _r, body = call(api, "GET", "v2/requests", "json", {"start_date": start, "end_date": end})
        assert ids(body, "json") == [report.code], (start, end)
    _r, body = call(
        api,
        "GET",
        "v2/requests",
        "json",
        {"start_date": "2026-03-02T09:01:00+07:00", "end_date": "2026-03-03"},
    )
    assert ids(body, "json") == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("query", "param"),
    [
        ({"start_date": "2026-01-01", "end_date": "2026-04-02"}, "end_date"),  # 91 days
        ({"start_date": "2026-03-02", "end_date": "2026-03-01"}, "end_date"),
        ({"start_date": "hôm qua"}, "start_date"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"end_date": "2026-03-02T25:00:00+07:00"}, "end_date"),
        ({"status": "pending"}, "status"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "hai"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
        ({"service_request_id": ",".join(f"PA-260302-{n:04d}" for n in range(101))}, None),
    ],
)
def test_bad_parameters_are_400(api, world, fmt, query, param) -> None:
    response, body = call(api, "GET", "v2/requests", fmt, query)
    assert response.status_code == 400
    ((status, description),) = errors_of(body, fmt)
    assert status == 400
    assert description.startswith(f"{param or 'service_request_id'}: ")


def test_ninety_days_exactly_is_allowed(api, world) -> None:
    response, _body = call(
        api, "GET", "v2/requests", "xml", {"start_date": "2026-01-01", "end_date": "2026-03-31"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_service_code_filter_is_404(api, world, fmt) -> None:
    response, body = call(api, "GET", "v2/requests", fmt, {"service_code": "khong-co"})
    assert response.status_code == 404
    assert "khong-co" in errors_of(body, fmt)[0][1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_pages(api, world, fmt) -> None:
    codes = [publish(world, submitted(world)).code for _n in range(5)][::-1]
    get = lambda **query: ids(call(api, "GET", "v2/requests", fmt, query)[1], fmt)  # noqa: E731
    assert get(page_size="2") == codes[:2]
    assert get(page_size="2", page="2") == codes[2:4]
    assert get(page_size="2", page="3") == codes[4:]
    assert get(page_size="2", page="4") == []
    assert get(page="1") == codes
