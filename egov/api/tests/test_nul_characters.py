"""A NUL character anywhere in a request to the JSON API is a 400, before any view runs.

PostgreSQL refuses NUL in text ("A string literal cannot contain NUL (0x00) characters"),
so a parameter or path carrying one used to reach the database and end in a 500 there,
while SQLite answered 200 or 404. The guard answers the same on both.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

START = "start=2026-03-09T09:00:00%2B07:00"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/calendar/deadline?{START}&days=1&agency=%00",
        f"/api/v1/calendar/deadline?{START}&days=1&agency=000.00.01.H99%00",
        "/api/v1/calendar/deadline?start=2026-03-09T09:00:00%00&days=1",
        f"/api/v1/calendar/deadline?{START}&days=1%00",
        f"/api/v1/calendar/deadline?{START}&days=1&%00=1",
        "/api/v1/catalog/procedures?q=%00",
        "/api/v1/catalog/procedures?q=khai%00sinh",
        "/api/v1/catalog/procedures?field=%00",
        "/api/v1/catalog/procedures?agency=%00",
        "/api/v1/catalog/procedures?online=%00",
        "/api/v1/catalog/procedures?page=1%00",
        "/api/v1/catalog/procedures/1.001193?on=%00",
    ],
)
def test_nul_in_a_parameter_is_400(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "nul_character"
    assert "NUL" in body["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/catalog/procedures/%00",
        "/api/v1/catalog/procedures/1.001193%00",
        "/api/v1/calendar/20%0026/non-working-days",
    ],
)
def test_nul_in_the_path_is_400(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"


def test_the_message_is_translated(client: Client) -> None:
    url = "/api/v1/catalog/procedures?q=%00"
    vi = client.get(url, headers={"accept-language": "vi"}).json()["message"]
    en = client.get(url, headers={"accept-language": "en"}).json()["message"]
    assert en == "The parameter “q” contains a NUL character (%00), which is never valid."
    assert vi != en and "“q”" in vi


def test_every_operation_of_the_api_is_guarded(client: Client) -> None:
    """Every route in the OpenAPI document, whatever its method and authentication, those
    served ahead of django-ninja (``EGOV_FAST_PATHS``) included."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(settings.EGOV_FAST_PATHS) <= set(paths)
    checked = 0
    for template, operations in paths.items():
        url = re.sub(r"\{[^}]+\}", "1", template) + "?probe=%00"
        for method in operations:
            response = client.generic(method.upper(), url)
            assert response.status_code == 400, (method, url, response.status_code)
            assert response.json()["code"] == "nul_character", (method, url)
            checked += 1
    assert checked > 10
