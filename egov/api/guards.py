"""Checks every operation of the JSON API runs before its own validation (``main.py``).

NUL characters (``egov.core.nul``) are refused here, the same way on both databases, before
any view or query runs.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from egov.core.nul import nul_refusal


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
