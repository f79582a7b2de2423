"""Checks every operation of the JSON API runs before its own validation (``main.py``).

NUL characters: no valid value of any parameter or path segment contains one, and
PostgreSQL refuses them in text ("PostgreSQL text fields cannot contain NUL (0x00) bytes"),
so a ``%00`` that reached a query ended in a 500 there while SQLite answered 200 or 404.
They are refused here, the same way on both databases, before any view or query runs.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed

NUL = "\x00"
_IN_PARAMETER = _(
    "The parameter “%(name)s” contains a NUL character (%(nul)s), which is never valid."
)
_IN_PATH = _("The address contains a NUL character (%(nul)s), which is never valid.")


def nul_refusal(request: HttpRequest) -> ValidationFailed | None:
    """The refusal of a request whose path or query string holds a NUL, else None."""
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            shown = name.replace(NUL, "%00")
            return ValidationFailed(
                _IN_PARAMETER % {"name": shown, "nul": "%00"},
                code="nul_character",
            )
    if NUL in request.path:
        return ValidationFailed(
            _IN_PATH % {"nul": "%00"},
            code="nul_character",
        )
    return None


def refuse_nul(
    run: Callable[..., Any], respond: Callable[[HttpRequest, Exception], Any]
) -> Callable[..., Any]:
    """Wrap an operation's ``run`` so a NUL is answered by ``respond`` (the API's handler)."""
    if inspect.iscoroutinefunction(run):

        @functools.wraps(run)
        async def guarded_async(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            refusal = nul_refusal(request)
            if refusal is not None:
                return respond(request, refusal)
            return await run(request, *args, **kwargs)

        return guarded_async

    @functools.wraps(run)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        refusal = nul_refusal(request)
        if refusal is not None:
            return respond(request, refusal)
        return run(request, *args, **kwargs)

    return guarded
