"""Discovery, the service list and service definitions, in both formats, parsed back."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from egov.feedback.attributes import open311_attributes
from egov.feedback.models import Category

from .conftest import FORMATS, call, category_with_required_question, errors_of

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", ["discovery", "v2/discovery"])
@override_settings(EGOV_SITE_URL="https://dichvucong.example.gov.vn")
def test_discovery(api, fmt, path) -> None:
    response, body = call(api, "GET", path, fmt)
    assert response.status_code == 200
    if fmt == "xml":
        assert body.tag == "discovery"
        assert [child.tag for child in body] == ["changeset", "contact", "key_service", "endpoints"]
        endpoints = body.find("endpoints")
        assert [e.tag for e in endpoints] == ["endpoint"]
        endpoint = endpoints.find("endpoint")
        assert [c.tag for c in endpoint] == [
            "specification",
            "url",
            "changeset",
            "type",
            "formats",
        ]
        assert endpoint.findtext("url") == "https://dichvucong.example.gov.vn/open311/v2"
        assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
        assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]
        assert body.findtext("changeset").endswith("+07:00")
    else:
        assert set(body) == {"changeset", "contact", "key_service", "endpoints"}
        (endpoint,) = body["endpoints"]
        assert endpoint["url"] == "https://dichvucong.example.gov.vn/open311/v2"
        assert endpoint["formats"] == ["text/xml", "application/json"]
        assert endpoint["type"] == "production"


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_list(api, world, fmt) -> None:
    Category.objects.create(code="cu", name="Danh mục cũ", is_active=False)
    response, body = call(api, "GET", "v2/services", fmt)
    assert response.status_code == 200
    if fmt == "xml":
        assert body.tag == "services"
        rows = []
        for service in body:
            assert service.tag == "service"
            assert [child.tag for child in service] == SERVICE_FIELDS
            rows.append({child.tag: child.text for child in service})
        light = next(r for r in rows if r["service_code"] == "den-duong")
        conduct = next(r for r in rows if r["service_code"] == "thai-do-can-bo")
        assert (light["metadata"], conduct["metadata"]) == ("true", "false")
    else:
        rows = body
        assert all(list(row) == SERVICE_FIELDS for row in rows)
        light = next(r for r in rows if r["service_code"] == "den-duong")
        conduct = next(r for r in rows if r["service_code"] == "thai-do-can-bo")
        assert (light["metadata"], conduct["metadata"]) == (True, False)
    assert light["service_name"] == "Đèn đường hỏng"
    assert light["type"] == "realtime"
    assert {r["service_code"] for r in rows} == {"den-duong", "thai-do-can-bo"}  # not "cu"


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_publishes_the_categorys_questions(api, world, fmt) -> None:
    category_with_required_question()
    response, body = call(api, "GET", "v2/services/rac-thai", fmt)
    assert response.status_code == 200
    fields = ["variable", "code", "datatype", "required", "datatype_description", "order"]
    if fmt == "xml":
        assert body.tag == "service_definition"
        assert [c.tag for c in body] == ["service_code", "attributes"]
        assert body.findtext("service_code") == "rac-thai"
        kind, volume = body.find("attributes")
        assert kind.tag == volume.tag == "attribute"
        assert [c.tag for c in kind] == [*fields, "description", "values"]
        assert [c.tag for c in volume] == [*fields, "description"]
        assert kind.findtext("required") == "true"
        assert kind.findtext("datatype") == "singlevaluelist"
        values = kind.find("values")
        assert [v.tag for v in values] == ["value", "value"]
        assert [(v.findtext("key"), v.findtext("name")) for v in values] == [
            ("sinh-hoat", "Sinh hoạt"),
            ("xay-dung", "Xây dựng"),
        ]
        assert volume.findtext("required") == "false"
        assert volume.findtext("order") == "2"
    else:
        assert body["service_code"] == "rac-thai"
        kind, volume = body["attributes"]
        assert kind["required"] is True and volume["required"] is False
        assert kind["values"] == [
            {"key": "sinh-hoat", "name": "Sinh hoạt"},
            {"key": "xay-dung", "name": "Xây dựng"},
        ]
        assert volume["order"] == 2
        assert "values" not in volume


def test_an_admin_saved_definition_is_published_as_the_admin_shows_it(
    api, client, django_user_model, world
) -> None:
    """The admin checks and previews the questions with ``open311_attributes``, the code
    behind services/<code>: what the administrator saw is what partners read."""
    boss = django_user_model.objects.create_superuser(
        username="boss", email="boss@example.vn", password="x", kind="official"
    )
    client.force_login(boss)
    definition = [
        {
            "code": "kind",
            "datatype": "multivaluelist",
            "description": "Loại rác",
            "values": [{"key": "nhua", "name": "Nhựa"}, {"key": 2, "name": "Khác"}],
            "order": 2,
        },
        {
            "code": "note",
            "datatype": "text",
            "description": "Ghi chú",
            "required": True,
            "datatype_description": "Tối đa 1000 ký tự",
            "order": 1,
        },
    ]
    data = {
        "code": "rac",
        "name": "Rác",
        "handling_days": "3",
        "attributes": json.dumps(definition, ensure_ascii=False),
        "position": "0",
        "is_active": "on",
        "routes-TOTAL_FORMS": "0",
        "routes-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:feedback_category_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    category = Category.objects.get(code="rac")
    response, body = call(api, "GET", "v2/services/rac", "json")
    assert body["attributes"] == open311_attributes(category.attributes)
    assert [a["code"] for a in body["attributes"]] == ["note", "kind"]
    assert body["attributes"][1]["values"] == [
        {"key": "nhua", "name": "Nhựa"},
        {"key": "2", "name": "Khác"},
    ]
    page = client.get(reverse("admin:feedback_category_change", args=[category.pk]))
    preview = json.dumps(body["attributes"], ensure_ascii=False, indent=2)
    assert escape(preview) in page.content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_definition_broken_outside_the_admin_is_an_error_not_a_crash(api, world, fmt) -> None:
    Category.objects.filter(code="den-duong").update(attributes=[{"code": "x"}])
    response, body = call(api, "GET", "v2/services/den-duong", fmt)
    assert response.status_code == 400
    ((status, description),) = errors_of(body, fmt)
    assert status == 400 and "den-duong" in description


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_category_without_questions_has_an_empty_definition(api, world, fmt) -> None:
    response, body = call(api, "GET", "v2/services/thai-do-can-bo", fmt)
    assert response.status_code == 200
    if fmt == "xml":
        assert body.find("attributes") is not None and len(body.find("attributes")) == 0
    else:
        assert body == {"service_code": "thai-do-can-bo", "attributes": []}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["khong-co", "cu"])
def test_unknown_or_inactive_service_code_is_404(api, world, fmt, code) -> None:
    Category.objects.create(code="cu", name="Danh mục cũ", is_active=False)
    response, body = call(api, "GET", f"v2/services/{code}", fmt)
    assert response.status_code == 404
    ((status, description),) = errors_of(body, fmt)
    assert status == 404
    assert code in description


def test_an_unknown_format_gets_an_xml_404(api) -> None:
    response = api.get("/open311/v2/services.html")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert b"<errors><error><code>404</code>" in response.content


@pytest.mark.parametrize("fmt", FORMATS)
@override_settings(EGOV_OPEN311_JURISDICTION="tinh-thu-nghiem.gov.vn")
def test_jurisdiction_id(api, world, fmt) -> None:
    ok, _body = call(api, "GET", "v2/services", fmt, {"jurisdiction_id": "tinh-thu-nghiem.gov.vn"})
    assert ok.status_code == 200
    wrong, body = call(api, "GET", "v2/services", fmt, {"jurisdiction_id": "sfgov.org"})
    assert wrong.status_code == 404
    ((status, description),) = errors_of(body, fmt)
    assert status == 404 and "jurisdiction_id" in description


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_wrong_method_is_refused_in_the_format(api, fmt) -> None:
    response, body = call(api, "POST", "v2/services", fmt)
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert errors_of(body, fmt)[0][0] == 405


def test_head_is_answered_like_get(api, world) -> None:
    response = api.head("/open311/v2/services.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
