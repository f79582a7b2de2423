"""POST requests: a partner's report enters the feedback workflow, with its client in the
audit trail; every refusal of the specification, in both formats."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import translation

from egov.core.models import AuditEvent
from egov.feedback.lifecycle import Status
from egov.feedback.models import Channel, Event, Report
from egov.notifications.models import Notification
from egov.open311 import auth, services

from .conftest import FORMATS, call, category_with_required_question, errors_of, post_data

pytestmark = pytest.mark.django_db


def created(body, fmt) -> dict:
    if fmt == "xml":
        assert body.tag == "service_requests"
        (request,) = body
        assert request.tag == "request"
        assert [c.tag for c in request] == [
            "service_request_id",
            "token",
            "service_notice",
            "account_id",
        ]
        return {c.tag: c.text for c in request}
    (row,) = body
    assert list(row) == ["service_request_id", "token", "service_notice", "account_id"]
    return row


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_partners_report_is_received_by_the_hotline(api, world, partner, fmt) -> None:
    response, body = call(api, "POST", "v2/requests", fmt, post_data(world, partner.key))
    assert response.status_code == 200
    row = created(body, fmt)
    report = Report.objects.get(code=row["service_request_id"])
    assert row["token"] == str(report.token)
    assert row["account_id"] == "partner-user-7"
    assert report.code in row["service_notice"]
    assert "tiếp nhận" in row["service_notice"]  # Vietnamese by default
    assert report.channel == Channel.API
    assert report.status == Status.RECEIVED
    assert report.receiving_agency == world.committee
    assert report.suggested_agency is None  # no commune given, no default agency
    assert report.title == "Ba cột đèn trên đường Lê Lợi không sáng từ tuần trước."
    assert report.attributes == {"pole": "LL-12"}
    assert (str(report.latitude), str(report.longitude)) == ("21.028511", "105.804817")
    assert (report.contact_name, report.contact_phone) == ("Thị Ánh Nguyễn", "0912345678")
    assert report.contact_email == "anh@example.vn"
    assert not report.is_anonymous and report.may_publish and report.reporter is None
    assert Event.objects.get(report=report).action == "submit"
    audit = AuditEvent.objects.get(action="open311.request_create", object_id=str(report.pk))
    assert audit.data["client_name"] == "Quận 11 trực tuyến"
    assert audit.data["client"] == partner.client.pk
    assert audit.data["device_id"] == "device-42"
    assert AuditEvent.objects.filter(action="feedback.submit", object_id=str(report.pk)).exists()
    # The reporter is told the code by email and SMS, like a web reporter.
    sent = Notification.objects.filter(dedupe_key__startswith=f"feedback:{report.pk}:")
    assert {n.channel for n in sent} == {"email", "sms"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_address_with_the_communes_code(api, world, partner, fmt) -> None:
    data = post_data(world, partner.key, lat=None, long=None, address_id=world.unit_a.code)
    response, body = call(api, "POST", "v2/requests", fmt, data)
    assert response.status_code == 200
    report = Report.objects.get(code=created(body, fmt)["service_request_id"])
    assert report.unit == world.unit_a
    assert report.latitude is None
    assert report.suggested_agency == world.commune_a  # the streetlight rule for commune A


def test_anonymous_without_a_place_when_the_category_needs_none(api, world, partner) -> None:
    data = post_data(
        world,
        partner.key,
        service_code="thai-do-can-bo",
        lat=None,
        long=None,
        address_string=None,
        first_name=None,
        last_name=None,
        email=None,
        phone=None,
        title="Cán bộ một cửa đến muộn",
        description="Sáng thứ Hai bộ phận một cửa mở cửa lúc 8 giờ 30.",
        may_publish=None,
    )
    response, body = call(api, "POST", "v2/requests", "json", data)
    assert response.status_code == 200
    report = Report.objects.get(code=body[0]["service_request_id"])
    assert report.is_anonymous and report.contact_name == ""
    assert report.title == "Cán bộ một cửa đến muộn"
    assert not report.may_publish  # publication only with the reporter's consent
    assert report.suggested_agency == world.justice


def test_media_urls_are_kept_with_the_description(api, world, partner) -> None:
    data = post_data(world, partner.key, media_url=["https://anh.example.vn/1.jpg"])
    response, body = call(api, "POST", "v2/requests", "json", data)
    assert response.status_code == 200
    report = Report.objects.get(code=body[0]["service_request_id"])
    assert "Ảnh: https://anh.example.vn/1.jpg" in report.description


def test_a_long_description_gives_a_short_title(api, world, partner) -> None:
    text = "Đèn đường " + "rất " * 60 + "hỏng."
    response, body = call(
        api, "POST", "v2/requests", "json", post_data(world, partner.key, description=text)
    )
    assert response.status_code == 200
    report = Report.objects.get(code=body[0]["service_request_id"])
    assert len(report.title) <= 100 and report.title.endswith("…")
    assert report.description == text


@pytest.mark.parametrize("fmt", FORMATS)
def test_token_gives_the_request_id(api, world, partner, fmt) -> None:
    _response, body = call(api, "POST", "v2/requests", "json", post_data(world, partner.key))
    row = body[0]
    response, found = call(api, "GET", f"v2/tokens/{row['token']}", fmt)
    assert response.status_code == 200
    if fmt == "xml":
        assert found.tag == "service_requests"
        (request,) = found
        assert [c.tag for c in request] == ["service_request_id", "token"]
        assert request.findtext("service_request_id") == row["service_request_id"]
    else:
        assert found == [{"service_request_id": row["service_request_id"], "token": row["token"]}]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("token", ["0b7c1a1e-4a37-4d0e-9a53-1b8d0a0f7a11", "khong-phai-uuid"])
def test_unknown_token_is_404(api, world, fmt, token) -> None:
    response, body = call(api, "GET", f"v2/tokens/{token}", fmt)
    assert response.status_code == 404
    assert errors_of(body, fmt)[0][0] == 404


# --- refusals -------------------------------------------------------------------------------


def refused(api, world, fmt, data, status) -> list[tuple[int, str]]:
    before = Report.objects.count()
    response, body = call(api, "POST", "v2/requests", fmt, data)
    assert response.status_code == status, body
    errors = errors_of(body, fmt)
    assert errors and all(code == status for code, _d in errors)
    assert Report.objects.count() == before  # nothing written
    return errors


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_api_key_is_403(api, world, partner, fmt) -> None:
    errors = refused(api, world, fmt, post_data(world, "", api_key=None), 403)
    assert "api_key" in errors[0][1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_invalid_api_key_is_403(api, world, partner, fmt) -> None:
    errors = refused(api, world, fmt, post_data(world, partner.key + "x"), 403)
    assert "api_key" in errors[0][1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_revoked_api_key_is_403(api, world, partner, fmt) -> None:
    services.client_revoke(partner.client, actor=None)
    errors = refused(api, world, fmt, post_data(world, partner.key), 403)
    assert "api_key" in errors[0][1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_service_code_is_400(api, world, partner, fmt) -> None:
    errors = refused(api, world, fmt, post_data(world, partner.key, service_code=None), 400)
    assert errors[0][1].startswith("service_code")


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_service_code_is_404(api, world, partner, fmt) -> None:
    errors = refused(api, world, fmt, post_data(world, partner.key, service_code="khong-co"), 404)
    assert "khong-co" in errors[0][1]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "place",
    [
        {"lat": None, "long": None, "address_string": None},
        {"lat": None, "long": None},  # an address without the commune's code
        {"lat": None, "long": None, "address_string": None, "address_id": "99001"},
    ],
)
def test_missing_location_when_the_category_needs_one_is_400(
    api, world, partner, fmt, place
) -> None:
    errors = refused(api, world, fmt, post_data(world, partner.key, **place), 400)
    assert errors[0][1].startswith("lat: ")


@pytest.mark.parametrize(
    ("overrides", "param"),
    [
        ({"long": None}, "lat"),
        ({"lat": "91", "long": "105.8"}, "lat"),
        ({"lat": "bắc", "long": "105.8"}, "lat"),
        ({"address_id": "00000"}, "address_id"),
        ({"phone": "12345"}, "phone"),
        ({"email": "khong-phai-email"}, "email"),
        ({"description": ""}, "description"),
        ({"media_url": "ftp://anh.example.vn/1.jpg"}, "media_url"),
        ({"may_publish": "có lẽ"}, "may_publish"),
        ({"first_name": "Ánh", "phone": None, "email": None}, "phone"),
    ],
)
def test_invalid_fields_are_400_naming_the_parameter(api, world, partner, overrides, param) -> None:
    errors = refused(api, world, "xml", post_data(world, partner.key, **overrides), 400)
    assert any(description.startswith(f"{param}: ") for _code, description in errors), errors


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_required_attribute_is_400(api, world, partner, fmt) -> None:
    category_with_required_question()
    data = post_data(world, partner.key, service_code="rac-thai", **{"attribute[pole]": None})
    errors = refused(api, world, fmt, data, 400)
    assert errors[0][1].startswith("attribute[kind]: ")
    bad = {**data, "attribute[kind]": "hat-nhan"}
    assert refused(api, world, fmt, bad, 400)[0][1].startswith("attribute[kind]: ")
    ok, _body = call(api, "POST", "v2/requests", fmt, {**data, "attribute[kind]": "xay-dung"})
    assert ok.status_code == 200
    report = Report.objects.get(category__code="rac-thai")
    assert report.attributes == {"kind": "xay-dung"}


def test_refusals_speak_english_when_asked(api, world, partner) -> None:
    response = api.post(
        "/open311/v2/requests.json",
        post_data(world, partner.key, phone="12345"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == [
        {"code": 400, "description": "phone: Enter a Vietnamese phone number, e.g. 0912345678."}
    ]
    vi = api.post("/open311/v2/requests.json", post_data(world, partner.key, phone="12345"))
    with translation.override("vi"):
        assert vi.json()[0]["description"] != response.json()[0]["description"]


@override_settings(EGOV_OPEN311_POST_LIMIT=2, EGOV_OPEN311_POST_WINDOW=600)
@pytest.mark.parametrize("fmt", FORMATS)
def test_posts_are_rate_limited_per_key(api, world, partner, fmt) -> None:
    for _n in range(2):
        response, _body = call(api, "POST", "v2/requests", fmt, post_data(world, partner.key))
        assert response.status_code == 200
    errors = refused(api, world, fmt, post_data(world, partner.key), 429)
    assert errors
    response = api.post(f"/open311/v2/requests.{fmt}", post_data(world, partner.key))
    assert 0 < int(response["Retry-After"]) <= 600
    # Another partner's key is counted apart.
    other = services.client_create(name="Hậu Giang", actor=None)
    response, _body = call(api, "POST", "v2/requests", fmt, post_data(world, other.key))
    assert response.status_code == 200


def test_guessing_keys_is_cut_off_per_address(api, world, partner, monkeypatch) -> None:
    monkeypatch.setattr(auth, "BAD_KEY_LIMIT", 2)
    for n in range(2):
        response = api.post("/open311/v2/requests.xml", post_data(world, f"doan-{n}"))
        assert response.status_code == 403
    response = api.post("/open311/v2/requests.xml", post_data(world, "doan-3"))
    assert response.status_code == 429
    # Even the right key waits until the window ends.
    response = api.post("/open311/v2/requests.xml", post_data(world, partner.key))
    assert response.status_code == 429
