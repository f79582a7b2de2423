"""Count repeated failures (wrong lookup codes, wrong secrets) in Django's cache.

A fixed window: the first failure starts it, ``limit`` failures use it up, and the counter
disappears with the cache entry ``window_seconds`` later. The count is ``cache.add`` then
``cache.incr``, both atomic on the local-memory cache (tests, development), Redis and
memcached (production), so concurrent requests never share one count. Keys are hashed, hence
safe for any backend whatever the client sent.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext_lazy

from .errors import RateLimited
from .http import client_ip

_KEY_PREFIX = "egov:ratelimit"


def _keys(scope: str, key: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{scope}\x00{key}".encode()).hexdigest()
    return f"{_KEY_PREFIX}:{digest}", f"{_KEY_PREFIX}:{digest}:until"


def _check_arguments(limit: int, window_seconds: int) -> None:
    if limit < 1 or window_seconds < 1:
        raise ValueError("limit and window_seconds must be at least 1")


def _refusal(until_key: str, window_seconds: int) -> RateLimited:
    until = cache.get(until_key)
    return refusal(until - time.time() if isinstance(until, int | float) else window_seconds)


def refusal(seconds_left: float) -> RateLimited:
    """The one "too many attempts" error, telling when to try again (Retry-After)."""
    seconds = max(1, math.ceil(seconds_left))
    minutes = max(1, math.ceil(seconds / 60))
    message = ngettext_lazy(
        "Too many attempts; try again in %(minutes)d minute.",
        "Too many attempts; try again in %(minutes)d minutes.",
        "minutes",
    ) % {"minutes": minutes}
    return RateLimited(message, retry_after=seconds)


def hit(scope: str, key: str, *, limit: int, window_seconds: int) -> None:
    """Count one failure of ``key`` in ``scope``; raise ``RateLimited`` past ``limit`` of them.

    The first ``limit`` failures in a window pass; the next one raises, and so does every
    one after it until the window ends.
    """
    _check_arguments(limit, window_seconds)
    count_key, until_key = _keys(scope, key)
    count = None
    for _attempt in range(3):
        if cache.add(count_key, 0, timeout=window_seconds):
            cache.set(until_key, time.time() + window_seconds, timeout=window_seconds)
        try:
            count = cache.incr(count_key)
            break
        except ValueError:  # the window ended between add() and incr(): start a new one
            continue
    # A cache that cannot count (the dummy cache) refuses rather than silently not limiting.
    if count is None or count > limit:
        raise _refusal(until_key, window_seconds)


def is_limited(scope: str, key: str, *, limit: int) -> bool:
    """Whether ``key`` has used up its ``limit`` failures in the current window."""
    count_key, _until_key = _keys(scope, key)
    count = cache.get(count_key)
    return isinstance(count, int) and count >= limit


def check(scope: str, key: str, *, limit: int, window_seconds: int) -> None:
    """Raise ``RateLimited`` if ``key`` has used up its failures, without counting one.

    Call it before trying a guess, so a caller who is locked out learns nothing more.
    """
    _check_arguments(limit, window_seconds)
    if is_limited(scope, key, limit=limit):
        raise _refusal(_keys(scope, key)[1], window_seconds)


def reset(scope: str, key: str) -> None:
    """Forget the failures of ``key`` in ``scope`` (e.g. after a success)."""
    cache.delete_many(list(_keys(scope, key)))


def client_key(request: HttpRequest | None) -> str:
    """The key for "this client": its address as ``egov.core.http.client_ip`` finds it."""
    return client_ip(request) or "unknown"
