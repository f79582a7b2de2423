"""Descriptions follow the request's language: Vietnamese by default, English when asked."""

from __future__ import annotations

import pytest

from .conftest import post_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "Thiếu tham số api_key."),
        ("en", "The api_key was not provided."),
    ],
)
def test_protocol_errors_in_the_requests_language(api, world, language, expected) -> None:
    response = api.post(
        "/open311/v2/requests.json",
        post_data(world, "", api_key=None),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.json() == [{"code": 403, "description": expected}]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "end_date: start_date và end_date không được cách nhau quá 90 ngày."),
        ("en", "end_date: The start_date and end_date may not be more than 90 days apart."),
    ],
)
def test_parameter_errors_in_the_requests_language(api, world, language, expected) -> None:
    response = api.get(
        "/open311/v2/requests.xml",
        {"start_date": "2026-01-01", "end_date": "2026-06-01"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert f"<description>{expected}</description>".encode() in response.content
