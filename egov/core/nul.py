"""NUL characters in a request: never valid, and refused by PostgreSQL.

No valid value of any parameter or path segment contains one, and PostgreSQL refuses them in
text ("PostgreSQL text fields cannot contain NUL (0x00) bytes"), so a ``%00`` that reached a
query ended in a 500 there while SQLite answered 200 or 404. The JSON API (``egov.api``) and
the endpoints served ahead of it (``egov.core.fastpath``) refuse them before any query runs.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .errors import ValidationFailed

NUL = "\x00"
_IN_PARAMETER = _(
    "The parameter “%(name)s” contains a NUL character (%(nul)s), which is never valid."
)
_IN_PATH = _("The address contains a NUL character (%(nul)s), which is never valid.")
_IN_BODY = _("The data sent contain a NUL character (%(nul)s), which is never valid.")


def _holds_nul(data: Any) -> bool:
    if isinstance(data, str):
        return NUL in data
    if isinstance(data, dict):
        return any(_holds_nul(key) or _holds_nul(value) for key, value in data.items())
    if isinstance(data, list):
        return any(_holds_nul(item) for item in data)
    return False


def _body_holds_nul(request: HttpRequest) -> bool:
    """Whether a URL-encoded form or a JSON body carries a NUL in a value or name. Multipart
    bodies are left to their views: reading them here would store an upload before the view
    could refuse it by its declared size."""
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return any(
            NUL in name or any(NUL in value for value in values)
            for name, values in request.POST.lists()
        )
    if content_type == "application/json" and b"\\u0000" in request.body:
        try:  # the escape may be quoted text ("\\u0000"): only the parsed values tell
            return _holds_nul(json.loads(request.body))
        except ValueError:
            return False  # not JSON: the API's own parsing refuses it
    return False


def nul_refusal(request: HttpRequest) -> ValidationFailed | None:
    """The refusal of a request whose path, query string or body holds a NUL, else None."""
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            shown = name.replace(NUL, "%00")
            return ValidationFailed(
                _IN_PARAMETER % {"name": shown, "nul": "%00"},
                code="nul_character",
            )
    if NUL in request.path:
        return ValidationFailed(_IN_PATH % {"nul": "%00"}, code="nul_character")
    if request.method in ("POST", "PUT", "PATCH") and _body_holds_nul(request):
        return ValidationFailed(_IN_BODY % {"nul": "\\u0000"}, code="nul_character")
    return None
