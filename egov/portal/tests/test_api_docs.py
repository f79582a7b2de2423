"""The API's documentation page (/api/v1/docs) is served by egov itself, like the portal.

django-ninja renders Swagger UI from cdn.jsdelivr.net, with favicons from django-ninja.dev,
unless "ninja" is an installed app; then it uses the copies it ships, which collectstatic
and WhiteNoise serve. Swagger UI would also ask validator.swagger.io to check the schema
(sending it the schema's address) on any host but localhost, unless ``validatorUrl`` is off.
"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

DOCS = "/api/v1/docs"
EXTERNAL = re.compile(r"""(?:src|href|action)=["']?(?:https?:)?//[^"' >]+""")


@pytest.fixture
def html(client: Client, db: None) -> str:
    response = client.get(DOCS)
    assert response.status_code == 200
    return response.content.decode()


def test_docs_reference_no_external_host(html: str) -> None:
    assert EXTERNAL.findall(html) == []
    assert "jsdelivr" not in html and "django-ninja.dev" not in html
    assert "@import" not in html


def test_docs_files_are_egov_static_files(html: str) -> None:
    # Tests do not collect static files; collectstatic gathers what the finders find.
    local = re.findall(r"""(?:src|href)=["']/static/([^"']+)["']""", html)
    assert {name.rsplit("/", 1)[-1] for name in local} >= {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-init.js",
        "favicon.svg",
        "favicon.png",
    }
    for name in local:
        assert finders.find(name), name


def test_swagger_ui_does_not_call_the_online_validator(html: str) -> None:
    settings = re.search(
        r'<script type="application/json" id="swagger-settings">(.*?)</script>', html, re.S
    )
    assert settings is not None
    config = json.loads(settings.group(1))
    assert "validatorUrl" in config and config["validatorUrl"] is None
    assert config["url"] == "/api/v1/openapi.json"


@pytest.mark.browser
def test_docs_render_offline_in_a_browser(page) -> None:  # type: ignore[no-untyped-def]
    # The page fixture fails the test on any request to another host than the live server.
    page.goto(DOCS)
    page.locator(".swagger-ui .info .title").filter(has_text="egov API").wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/catalog/procedures").first.wait_for()
