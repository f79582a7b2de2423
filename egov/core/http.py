"""Request helpers shared by every app."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str:
    """The client's address, trusting X-Forwarded-For only for our own proxies.

    With ``TRUSTED_PROXY_COUNT=n`` (nginx in front: 1) the address is the n-th entry from the
    right of X-Forwarded-For, the one our outermost proxy saw; entries further left can be
    forged by the client and are ignored.
    """
    if request is None:
        return ""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = getattr(settings, "EGOV_TRUSTED_PROXY_COUNT", 0)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    return hops[-proxies] if len(hops) >= proxies else hops[0]
