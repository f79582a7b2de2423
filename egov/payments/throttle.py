"""Turning away a client that keeps sending messages egov refuses (forged signatures, unknown
payments): each refused message is kept and audited, so a flood must not fill the tables."""

from __future__ import annotations

from contextlib import suppress

from django.http import HttpRequest

from egov.core import ratelimit
from egov.core.errors import RateLimited
from egov.core.http import client_ip

from .models import Observation

# Refused messages a client may send per hour before it is turned away unheard.
REFUSED_LIMIT = 60
REFUSED_WINDOW = 3600


def guard(request: HttpRequest) -> str:
    """The client's address, refused (429) once it has sent too many refused messages."""
    address = client_ip(request)
    ratelimit.check("payments.refused", address, limit=REFUSED_LIMIT, window_seconds=REFUSED_WINDOW)
    return address


def count_refusal(address: str, observation: Observation) -> None:
    """Count a refused message; past the limit, the next one is turned away (this one is
    already recorded)."""
    if observation.outcome in (Observation.Outcome.BAD_SIGNATURE, Observation.Outcome.UNKNOWN):
        with suppress(RateLimited):
            ratelimit.hit(
                "payments.refused", address, limit=REFUSED_LIMIT, window_seconds=REFUSED_WINDOW
            )
