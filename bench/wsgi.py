"""The load benchmark's WSGI application: the site as deployed (``egov.wsgi``'s handler with
``bench.serve_settings``), plus paths answered by other handlers in the same process:

- ``/bench/raw``: no Django at all (the server's and load generator's ceiling);
- ``/bench/bare/lookup``: the bare lookup view served by Django's handler with no middleware
  (``MIDDLEWARE = []``): the issue's "bare view ... with no middleware work", the baseline
  of the throughput goal;
- ``/bench/bare/lookup-wsgi``: the same view called straight from this callable, without
  Django's handler either (no request signals, URL resolution or error handling): a floor
  below the baseline, reported beside it.
"""

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.core.wsgi import get_wsgi_application
from django.test.utils import override_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.serve_settings")
django_application = get_wsgi_application()
# The handler builds its middleware chain once, from the setting as it is then.
with override_settings(MIDDLEWARE=[]):
    without_middleware = WSGIHandler()

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
        return without_middleware(environ, start_response)
    if path == "/bench/bare/lookup-wsgi":
        response = views.bare_lookup(WSGIRequest(environ))
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return [response.content]
    return django_application(environ, start_response)
