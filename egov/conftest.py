"""Project-wide pytest fixtures: headless Chromium for the ``browser`` tests, and a real
SMTP server (``smtp_server``) for tests of mail.

The browser is Debian's /usr/bin/chromium, never a downloaded one. Each test gets a fresh
context whose requests may only go to the live server: a page that reaches for a CDN, a web
font or an analytics script fails its test, because the portal must work offline and must
not leak its visitors to third parties.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
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


class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives in memory.

    ``messages`` holds each received mail parsed as an ``email.message.EmailMessage`` (modern
    policy: ``msg["Subject"]`` is decoded, ``msg.get_body(("plain",)).get_content()`` gives
    the text, with LF line ends), in arrival order; ``recipients`` holds the matching
    envelope RCPT TO lists (Bcc shows only there). A long non-ASCII subject arrives folded
    after "Subject:", which the parser keeps as a leading space: compare
    ``mail["Subject"].strip()``, as mail clients do. ``stop()`` closes the port, so senders
    get "connection refused", and ``start()`` opens it again on the same port.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self._arrived = threading.Condition()
        self._controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        # SMTP ends lines with CRLF; tests compare with Python text, which uses LF.
        raw = envelope.original_content.replace(b"\r\n", b"\n")
        message = BytesParser(policy=policy.default).parsebytes(raw)
        with self._arrived:
            self.messages.append(message)  # type: ignore[arg-type]
            self.recipients.append(list(envelope.rcpt_tos))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname=self.host, port=self.port, ready_timeout=10)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 5.0) -> list[EmailMessage]:
        """Wait until at least ``count`` messages have arrived (for senders in other threads or
        processes, e.g. a worker) and return them; fail the test after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(
                        f"Expected {count} mails, the SMTP server got {len(self.messages)}."
                    )
                self._arrived.wait(left)
            return list(self.messages)


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A running ``SmtpServer`` (see its docstring) that Django's mail goes to for this test.

    Switches ``EMAIL_BACKEND`` from the test settings' in-memory outbox to Django's real SMTP
    backend pointed at the server (no TLS, no login, 5-second timeout), through pytest-django's
    ``settings`` fixture, so everything is restored after the test. Use it to check what
    really goes over the wire: headers, encodings (Vietnamese text), HTML parts, attachments::

        def test_receipt_mailed(smtp_server):
            ...  # code that sends mail (after commit, if it uses on_commit)
            [mail] = smtp_server.wait_for(1)
            assert mail["Subject"].strip() == "Tiếp nhận hồ sơ"
    """
    host = "127.0.0.1"
    server = SmtpServer(host, _free_port(host))
    # aiosmtpd logs every SMTP command at INFO: noise in the output of a failed test.
    server_log = logging.getLogger("mail.log")
    server_log_level = server_log.level
    server_log.setLevel(logging.WARNING)
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        server.stop()
        server_log.setLevel(server_log_level)


RSA_KEY_POOL_SIZE = 16


@pytest.fixture(autouse=True, scope="session")
def _rsa_key_pool() -> Iterator[None]:
    """Real 2048-bit RSA keys, made on demand once per test process and then handed out in
    turn: generating one costs about 0.1 s and the demo alone makes dozens. Consecutive
    certificates still get different keys (a test of key mismatch needs that)."""
    from egov.signing import keys

    make = keys._new_key
    pool: list[Any] = []
    turn = iter(range(10**9))

    def pooled() -> Any:
        n = next(turn)
        if len(pool) < RSA_KEY_POOL_SIZE:
            pool.append(make())
            return pool[-1]
        return pool[n % RSA_KEY_POOL_SIZE]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keys, "_new_key", pooled)
        yield


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Every test starts in the site's language (Vietnamese). Django's LocaleMiddleware
    activates a request's language in the thread and leaves it there, so a test client
    request in English would otherwise turn the next tests of the same worker English."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
