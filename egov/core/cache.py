"""Django's Redis cache, keeping one client per connection pool.

``django.core.cache.backends.redis.RedisCacheClient`` builds a new ``redis.Redis`` object
for every cache call; building it costs more than the GET it then sends (about a third of
the rate limiter's time on the lookup API). A ``Redis`` object is only a thin, thread-safe
front on its pool, so keeping one per pool changes nothing else: the connections are the
pool's, as before. Use it as ``egov.core.cache.RedisCache`` (settings ``CACHE_REDIS_URL``).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        base: Any = self  # django-stubs leave out the private helpers used here
        index = base._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            # Racing threads may both build one: harmless, the last one stays.
            client = self._clients[index] = base._client(
                connection_pool=base._get_connection_pool(write)
            )
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
