"""Project-wide pytest fixtures: headless Chromium for the ``browser`` tests.

The browser is Debian's /usr/bin/chromium, never a downloaded one. Each test gets a fresh
context whose requests may only go to the live server: a page that reaches for a CDN, a web
font or an analytics script fails its test, because the portal must work offline and must
not leak its visitors to third parties.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_BROWSER = "BROWSER TESTS SKIPPED: install Debian's chromium: apt-get install chromium"


def chromium_available() -> bool:
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if chromium_available():
        return
    skip = pytest.mark.skip(reason=MISSING_BROWSER)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    # Runs on the xdist controller too, which collects nothing, so decide on the file alone.
    if not chromium_available():
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(MISSING_BROWSER, red=True, bold=True)
        terminalreporter.write_sep("!", red=True, bold=True)


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Any]:
    """A headless Chromium for the tests of one module.

    Playwright's sync API keeps an event loop running in the test thread while it is started,
    so Django would refuse the tests' own (synchronous, safe) ORM calls; the escape hatch
    DJANGO_ALLOW_ASYNC_UNSAFE is set only while the browser lives, so it never reaches
    other tests or the subprocesses they start (``check --deploy`` warns about it). Module
    scope stops the loop before tests of other modules run in the same (xdist) process.
    """
    if not chromium_available():
        pytest.skip(MISSING_BROWSER)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(chromium_browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """A page in a new browser context (Vietnamese, like most visitors), based at the live
    server, that may not leave it: a request to any other host fails the test."""
    allowed = urlsplit(live_server.url).netloc
    foreign: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != allowed:
            foreign.append(url)
            route.abort()
        else:
            route.continue_()

    context = chromium_browser.new_context(
        base_url=live_server.url, accept_downloads=True, locale="vi-VN"
    )
    context.route("**/*", guard)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
    if foreign:
        pytest.fail("The page requested other hosts than the live server: " + ", ".join(foreign))
