"""The failure counter, on the local-memory cache and on a real Redis server."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import time
import warnings
from pathlib import Path

import pytest
from django.core.cache import CacheKeyWarning, cache
from django.test import RequestFactory, override_settings
from django.utils import translation

from egov.core import ratelimit
from egov.core.errors import RateLimited

REDIS_SERVER = shutil.which("redis-server")


@pytest.fixture(scope="module")
def redis_socket():
    """A throw-away redis-server on a Unix socket (no port to collide with)."""
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    folder = Path(tempfile.mkdtemp(prefix="egov-redis-"))
    socket = folder / "redis.sock"
    server = subprocess.Popen(  # noqa: S603
        [REDIS_SERVER, "--port", "0", "--unixsocket", str(socket), "--save", "", "--dir", folder],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if socket.exists():
                break
            time.sleep(0.05)
        else:
            pytest.fail("redis-server did not start")
        yield socket
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["locmem", "redis"])
def backend(request):
    if request.param == "locmem":
        cache.clear()
        yield "locmem"
        cache.clear()
        return
    socket = request.getfixturevalue("redis_socket")
    caches = {
        "default": {
            "BACKEND": "egov.core.cache.RedisCache",
            "LOCATION": f"unix://{socket}",
        }
    }
    with override_settings(CACHES=caches):
        cache.clear()
        yield "redis"
        cache.clear()


def test_the_failures_up_to_the_limit_pass_and_the_next_raises(backend):
    for _ in range(3):
        assert not ratelimit.is_limited("lookup", "10.0.0.1", limit=3)
        ratelimit.hit("lookup", "10.0.0.1", limit=3, window_seconds=900)
    assert ratelimit.is_limited("lookup", "10.0.0.1", limit=3)
    with translation.override("en"), pytest.raises(RateLimited) as caught:
        ratelimit.hit("lookup", "10.0.0.1", limit=3, window_seconds=900)
    error = caught.value
    assert error.code == "rate_limited" and error.http_status == 429
    assert str(error) == "Too many attempts; try again in 15 minutes."
    assert 890 <= error.extra["retry_after"] <= 900
    with pytest.raises(RateLimited):  # and it stays refused
        ratelimit.hit("lookup", "10.0.0.1", limit=3, window_seconds=900)


def test_the_window_ends(backend):
    ratelimit.hit("lookup", "10.0.0.1", limit=1, window_seconds=1)
    with pytest.raises(RateLimited):
        ratelimit.hit("lookup", "10.0.0.1", limit=1, window_seconds=1)
    time.sleep(1.1)
    assert not ratelimit.is_limited("lookup", "10.0.0.1", limit=1)
    ratelimit.hit("lookup", "10.0.0.1", limit=1, window_seconds=1)


def test_keys_and_scopes_are_counted_apart(backend):
    ratelimit.hit("lookup", "10.0.0.1", limit=1, window_seconds=60)
    assert ratelimit.is_limited("lookup", "10.0.0.1", limit=1)
    assert not ratelimit.is_limited("lookup", "10.0.0.2", limit=1)
    assert not ratelimit.is_limited("password-reset", "10.0.0.1", limit=1)
    ratelimit.hit("lookup", "10.0.0.2", limit=1, window_seconds=60)
    ratelimit.hit("password-reset", "10.0.0.1", limit=1, window_seconds=60)


def test_reset_forgets_the_failures(backend):
    ratelimit.hit("lookup", "10.0.0.1", limit=1, window_seconds=60)
    ratelimit.reset("lookup", "10.0.0.1")
    assert not ratelimit.is_limited("lookup", "10.0.0.1", limit=1)
    ratelimit.hit("lookup", "10.0.0.1", limit=1, window_seconds=60)


def test_check_refuses_without_counting(backend):
    for _ in range(5):
        ratelimit.check("lookup", "10.0.0.1", limit=1, window_seconds=60)
    ratelimit.hit("lookup", "10.0.0.1", limit=1, window_seconds=60)
    with pytest.raises(RateLimited):
        ratelimit.check("lookup", "10.0.0.1", limit=1, window_seconds=60)


def test_concurrent_failures_are_each_counted(backend):
    refused = []
    barrier = threading.Barrier(20)

    def fail_once():
        barrier.wait()
        try:
            ratelimit.hit("lookup", "10.0.0.1", limit=10, window_seconds=60)
        except RateLimited:
            refused.append(1)

    threads = [threading.Thread(target=fail_once) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(refused) == 10


def test_any_key_is_safe_for_every_cache_backend(backend):
    hostile = "bad key\n\x00with spaces " * 40  # memcached refuses spaces, controls, >250
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        ratelimit.hit("scope with spaces", hostile, limit=1, window_seconds=60)
        assert ratelimit.is_limited("scope with spaces", hostile, limit=1)


@pytest.mark.parametrize(
    ("window", "english", "vietnamese"),
    [
        (1, "try again in 1 minute.", "Bạn đã thử quá nhiều lần; hãy thử lại sau 1 phút."),
        (61, "try again in 2 minutes.", "Bạn đã thử quá nhiều lần; hãy thử lại sau 2 phút."),
    ],
)
def test_the_message_says_how_long_to_wait(backend, window, english, vietnamese):
    ratelimit.hit("lookup", "10.0.0.1", limit=1, window_seconds=window)
    for language, expected in (("en", english), ("vi", vietnamese)):
        with translation.override(language), pytest.raises(RateLimited) as caught:
            ratelimit.check("lookup", "10.0.0.1", limit=1, window_seconds=window)
        assert str(caught.value).endswith(expected)


@pytest.mark.parametrize(("limit", "window"), [(0, 60), (5, 0)])
def test_a_zero_limit_or_window_is_a_programming_error(limit, window):
    with pytest.raises(ValueError, match="at least 1"):
        ratelimit.hit("lookup", "10.0.0.1", limit=limit, window_seconds=window)


@override_settings(EGOV_TRUSTED_PROXY_COUNT=1)
def test_the_client_key_is_the_client_address():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert ratelimit.client_key(request) == "203.0.113.9"
    assert ratelimit.client_key(None) == "unknown"


def test_the_redis_cache_keeps_one_client_per_pool(redis_socket):
    from django.core.cache.backends.redis import RedisCacheClient

    from egov.core.cache import RedisCache

    backend = RedisCache(f"unix://{redis_socket}", {})
    backend.set("k", 41)
    assert backend.incr("k") == 42 and backend.get("k") == 42
    client = backend._cache.get_client("k")
    assert backend._cache.get_client("other", write=True) is client
    # Django's own client builds a new one on every call: the reason for ours.
    plain = RedisCacheClient([f"unix://{redis_socket}"])
    assert plain.get_client("k") is not plain.get_client("k")
    backend.delete("k")
