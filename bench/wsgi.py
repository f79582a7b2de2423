"""The load benchmark's WSGI application: the site as deployed (``egov.wsgi``'s handler with
``bench.serve_settings``), except two paths answered before Django's handler and its
middleware: ``/bench/raw`` (no Django at all: the server's and load generator's ceiling) and
``/bench/bare/lookup`` (the bare lookup view, called directly)."""

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.wsgi import WSGIRequest
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.serve_settings")
django_application = get_wsgi_application()

from . import views  # noqa: E402 - needs the apps loaded by get_wsgi_application

RAW = b'{"ok":true}'


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "")
    if path == "/bench/raw":
        start_response(
            "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(RAW)))]
        )
        return [RAW]
    if path == "/bench/bare/lookup":
        response = views.bare_lookup(WSGIRequest(environ))
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return [response.content]
    return django_application(environ, start_response)
