"""Odd input to the calendar and catalogue APIs gets an answer (2xx, 400 or 404), never a 500.

Run on SQLite and on PostgreSQL (DATABASE_URL): the databases differ in what text and
numbers they accept, and a value one takes silently may be an error in the other.
"""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ODD = [
    "%00",
    "a%00b",
    "%ED%A0%80",  # a UTF-16 surrogate, invalid in UTF-8
    "%EF%BF%BF",  # U+FFFF
    "%F0%9F%98%80",  # an emoji, outside the Basic Multilingual Plane
    "%C2%B2%E2%81%B0",  # superscript digits
    "%D9%A2%D9%A0",  # Arabic-Indic digits
    "%27%22%5C%25_",  # quote, double quote, backslash, LIKE wildcards
    "9" * 30,
    "-" + "9" * 30,
    "1e999999",
    "-0",
    "NaN",
    "x" * 5000,
    "%20",
]

START = "2026-03-09T09:00:00%2B07:00"
URLS = [
    "/api/v1/calendar/deadline?start={}&days=1",
    f"/api/v1/calendar/deadline?start={START}&days={{}}",
    f"/api/v1/calendar/deadline?start={START}&days=1&agency={{}}",
    "/api/v1/calendar/{}/non-working-days",
    "/api/v1/catalog/procedures?q={}",
    "/api/v1/catalog/procedures?field={}",
    "/api/v1/catalog/procedures?agency={}",
    "/api/v1/catalog/procedures?online={}",
    "/api/v1/catalog/procedures?page={}",
    "/api/v1/catalog/procedures?page_size={}",
    "/api/v1/catalog/procedures/{}",
    "/api/v1/catalog/procedures/1.001193?on={}",
]


@pytest.mark.parametrize(("url", "value"), list(itertools.product(URLS, ODD)))
def test_no_500(client: Client, catalog: object, url: str, value: str) -> None:
    response = client.get(url.format(value))
    assert response.status_code in (200, 400, 404), response.content[:300]
    body = response.json()
    if response.status_code != 200:
        assert body["code"] and body["message"]
