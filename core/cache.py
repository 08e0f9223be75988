"""The shared cache (Redis), made so that a Redis outage slows pages down instead of failing them.

Django's own Redis cache raises the client's error on every call while Redis is away, and Wagtail
looks up the site in the cache on every page, so every page failed (issue 13, finding 5). Here an
unreachable Redis reads as an empty cache and writes go nowhere: pages work from the database.

Counting is the exception. `incr` still raises when Redis is away, because a counter that cannot
count must say so: core.ratelimit turns that into CacheUnavailable, and each rate limit decides
whether it lets the request through (fails open) or refuses it (fails closed).

After a failure the process leaves Redis alone for PAUSE_SECONDS, so a Redis that times out costs
one request a second's wait, not every request; then the next call tries it again.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 5.0


class CacheUnavailable(Exception):
    """The shared cache did not answer, so nothing can be counted."""


class _Outages:
    """When each Redis server (by its URL) may be tried again, for every thread of this process."""

    def __init__(self):
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def paused(self, server: str) -> bool:
        return time.monotonic() < self._until.get(server, 0.0)

    def record(self, server: str, error: Exception) -> None:
        with self._lock:
            if not self.paused(server):
                logger.warning(
                    "Cache unavailable (%s): pages go without it for %.0f s; limits that must count refuse",
                    type(error).__name__,
                    PAUSE_SECONDS,
                )
            self._until[server] = time.monotonic() + PAUSE_SECONDS


outages = _Outages()


class DegradingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._server = servers[0]
        self._outage_errors = (self._lib.exceptions.ConnectionError, self._lib.exceptions.TimeoutError)

    def _or(self, fallback, operation, *args):
        """`operation(*args)`, or `fallback` while Redis does not answer."""
        if outages.paused(self._server):
            return fallback
        try:
            return operation(*args)
        except self._outage_errors as error:
            outages.record(self._server, error)
            return fallback

    def get(self, key, default):
        return self._or(default, super().get, key, default)

    def get_many(self, keys):
        return self._or({}, super().get_many, keys)

    def has_key(self, key):
        return self._or(False, super().has_key, key)

    def add(self, key, value, timeout):
        return self._or(False, super().add, key, value, timeout)

    def set(self, key, value, timeout):
        return self._or(None, super().set, key, value, timeout)

    def set_many(self, data, timeout):
        return self._or(None, super().set_many, data, timeout)

    def touch(self, key, timeout):
        return self._or(False, super().touch, key, timeout)

    def delete(self, key):
        return self._or(False, super().delete, key)

    def delete_many(self, keys):
        return self._or(None, super().delete_many, keys)

    def clear(self):
        return self._or(False, super().clear)

    def incr(self, key, delta):
        if outages.paused(self._server):
            raise CacheUnavailable("the cache did not answer a moment ago")
        try:
            return super().incr(key, delta)
        except self._outage_errors as error:
            outages.record(self._server, error)
            raise CacheUnavailable(str(error)) from error


class DegradingRedisCache(RedisCache):
    """Django's Redis cache, except that an unreachable Redis reads as empty (see the module)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = DegradingRedisCacheClient
