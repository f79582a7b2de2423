"""Which partner application sends a request: its ``api_key``.

Wrong keys are counted per client address (``egov.core.ratelimit``): after
``BAD_KEY_LIMIT`` of them in ``BAD_KEY_WINDOW`` seconds the address is refused for the rest
of the window, whatever key it tries.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from egov.core import ratelimit
from egov.core.errors import PermissionRefused

from . import selectors
from .models import Open311Client

BAD_KEY_LIMIT = 20
BAD_KEY_WINDOW = 15 * 60
_SCOPE = "open311.bad_key"


def client_of(request: HttpRequest, key: str) -> Open311Client:
    """The active client holding ``key``; ``PermissionRefused`` (403) otherwise."""
    if not key:
        raise PermissionRefused(_("The api_key was not provided."), code="missing_key")
    address = ratelimit.client_key(request)
    ratelimit.check(_SCOPE, address, limit=BAD_KEY_LIMIT, window_seconds=BAD_KEY_WINDOW)
    client = selectors.client_for_key(key)
    if client is None:
        ratelimit.hit(_SCOPE, address, limit=BAD_KEY_LIMIT, window_seconds=BAD_KEY_WINDOW)
        raise PermissionRefused(
            _("Invalid api_key received: the request was not created."), code="invalid_key"
        )
    if not client.is_active:
        raise PermissionRefused(_("This api_key has been revoked."), code="revoked_key")
    return client
