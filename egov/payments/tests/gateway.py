"""A running ``paysim`` for tests, and a payer's browser reduced to HTTP requests."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode


@dataclass
class Answer:
    status: int
    location: str
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(url: str, *, data: dict[str, str] | None = None) -> Answer:
    """One request, redirects not followed (the test plays the browser)."""
    body = urlencode(data).encode() if data is not None else None
    method = "POST" if data is not None else "GET"
    request = urllib.request.Request(url, data=body, method=method)  # noqa: S310 - test URLs
    try:
        with _opener.open(request, timeout=15) as response:
            return Answer(
                response.status, response.headers.get("Location", ""), response.read().decode()
            )
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get("Location", ""), error.read().decode())


def pay_at_gateway(redirect_url: str, action: str = "success") -> Answer:
    """Open the gateway's page and press one of its buttons."""
    page = http(redirect_url)
    assert page.status == 200, page.body
    form_action = unescape(re.search(r'<form method="post" action="([^"]+)"', page.body).group(1))
    gateway = redirect_url.split("/pay?")[0]
    return http(gateway + form_action, data={"action": action})
