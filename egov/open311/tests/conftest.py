"""The feedback world (a hotline, two communes, categories, citizens and officials), a
partner application holding a key, and helpers that call the Open311 endpoints and parse the
answer back: XML with xml.etree, JSON with json."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from egov.feedback import services as feedback
from egov.feedback.models import Category, Report
from egov.feedback.tests.conftest import (  # noqa: F401
    answered,
    forwarded,
    photo_upload,
    report_input,
    submitted,
    world,
)
from egov.open311 import services
from egov.orgs.tests.conftest import make_official, province  # noqa: F401

FORMATS = ("xml", "json")
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
XML_DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>"

# GeoReport v2 field names, in the specification's order.
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
UPDATE_FIELDS = [
    "update_id",
    "service_request_id",
    "status",
    "updated_datetime",
    "description",
    "media_url",
]
W3C = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner(world) -> services.IssuedKey:  # noqa: F811
    return services.client_create(name="Quận 11 trực tuyến", actor=None)


@pytest.fixture
def api() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="vi")


def parse(response: Any, fmt: str) -> Any:
    """The body of an Open311 answer, checked for its content type."""
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    if fmt == "xml":
        assert response.content.startswith(XML_DECLARATION)
        return ET.fromstring(response.content)  # noqa: S314 (our own answer)
    return json.loads(response.content)


def call(api: Client, method: str, path: str, fmt: str, data: dict | None = None) -> tuple:
    url = f"/open311/{path}.{fmt}"
    response = api.post(url, data or {}) if method == "POST" else api.get(url, data or {})
    return response, parse(response, fmt)


def errors_of(body: Any, fmt: str) -> list[tuple[int, str]]:
    """(code, description) of an error document, checked for the spec's shape."""
    if fmt == "xml":
        assert body.tag == "errors"
        found = []
        for error in body:
            assert error.tag == "error"
            assert [child.tag for child in error] == ["code", "description"]
            found.append((int(error.findtext("code")), error.findtext("description")))
        return found
    assert isinstance(body, list)
    for error in body:
        assert set(error) == {"code", "description"}
        assert isinstance(error["code"], int)
    return [(error["code"], error["description"]) for error in body]


def requests_of(body: Any, fmt: str, fields: list[str] = REQUEST_FIELDS) -> list[dict]:
    """The service requests of a list document, as dicts, checked for the field names."""
    if fmt == "xml":
        assert body.tag == "service_requests"
        rows = []
        for request in body:
            assert request.tag == "request"
            assert [child.tag for child in request] == fields
            rows.append({child.tag: child.text for child in request})
        return rows
    assert isinstance(body, list)
    for row in body:
        assert list(row) == fields
    return body


def updates_of(body: Any, fmt: str) -> list[dict]:
    if fmt == "xml":
        assert body.tag == "service_request_updates"
        rows = []
        for update in body:
            assert update.tag == "request_update"
            assert [child.tag for child in update] == UPDATE_FIELDS
            rows.append({child.tag: child.text for child in update})
        return rows
    assert isinstance(body, list)
    for row in body:
        assert list(row) == UPDATE_FIELDS
    return body


def publish(w: Any, report: Report) -> Report:
    return feedback.report_moderate(report, actor=w.hotline, publish=True)


def published_answer(w: Any, **overrides: Any) -> Report:
    """A web report, forwarded to commune A, answered "resolved" and published."""
    return publish(w, answered(w, **overrides))


def post_data(w: Any, key: str, **overrides: Any) -> dict[str, Any]:
    data = {
        "api_key": key,
        "service_code": "den-duong",
        "lat": "21.028511",
        "long": "105.804817",
        "address_string": "Đường Lê Lợi, trước nhà văn hóa thôn 2",
        "description": "Ba cột đèn trên đường Lê Lợi không sáng từ tuần trước.",
        "first_name": "Thị Ánh",
        "last_name": "Nguyễn",
        "phone": "0912345678",
        "email": "anh@example.vn",
        "device_id": "device-42",
        "account_id": "partner-user-7",
        "attribute[pole]": "LL-12",
        "may_publish": "true",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def category_with_required_question() -> Category:
    return Category.objects.create(
        code="rac-thai",
        name="Rác thải",
        group="Môi trường",
        attributes=[
            {
                "code": "kind",
                "datatype": "singlevaluelist",
                "required": True,
                "description": "Loại rác",
                "order": 1,
                "values": [
                    {"key": "sinh-hoat", "name": "Sinh hoạt"},
                    {"key": "xay-dung", "name": "Xây dựng"},
                ],
            },
            {
                "code": "volume",
                "datatype": "number",
                "required": False,
                "description": "Khối lượng ước tính (m³)",
                "order": 2,
            },
        ],
    )
