"""The Redis cache, for requests that must not depend on Redis being up.

Sign-in rate limits (allauth) and API throttles (DRF) keep their counters in the default cache.
With plain ``RedisCache`` an unreachable Redis turned every sign-in and every API call into a
500 after a multi-second wait. ``ResilientRedisCache`` bounds each Redis call to about a second
(connect and read timeouts, no client retries) and, when Redis cannot be reached, answers from
this process's local memory instead, for ``RESILIENT_CACHE_COOLDOWN`` seconds, without trying
Redis again in that time. So during an outage the limits keep working per process (each process
counts on its own: looser across several, never closed to everyone) and a request pays the
timeout at most once per process per cool-down. A warning is logged when the outage starts
(at most once per cool-down) and an info line when Redis answers again.

Connection failures, timeouts, an answer that is not Redis's protocol (something else
listens there) and a Redis that refuses writes (a read-only replica, out of memory) fall back;
any other Redis error is a bug and raises.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import InvalidResponse, OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, InvalidResponse, ReadOnlyError, OutOfMemoryError)
RESILIENT_CACHE_COOLDOWN = 30.0
# Per Redis location, shared by every thread's cache object of this process.
_outages: dict[str, float] = {}
_lock = threading.Lock()


class ReusedClientsRedisCacheClient(RedisCacheClient):
    """Django's client builds a ``redis.Redis`` on every call (about 0.2 ms: it sets up its
    response callbacks each time); this one keeps one per connection pool. The cache object
    is per thread, and a ``redis.Redis`` over a pool is safe to share anyway."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that falls back to local memory while Redis is unreachable."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        # redis-py retries a failed command three times with backoff by default: seconds per call.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        options.setdefault("retry_on_timeout", False)
        self.cooldown = float(options.pop("cooldown", RESILIENT_CACHE_COOLDOWN))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientsRedisCacheClient
        self._location = server if isinstance(server, str) else ",".join(server)
        fallback_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        self._fallback = LocMemCache(f"lodestar-redis-fallback:{self._location}", fallback_params)

    # --- the outage switch ----------------------------------------------------------------------

    def redis_is_down(self) -> bool:
        return time.monotonic() < _outages.get(self._location, 0.0)

    def _mark_down(self, error: Exception) -> None:
        with _lock:
            already = self.redis_is_down()
            _outages[self._location] = time.monotonic() + self.cooldown
        if not already:
            logger.warning(
                "Redis cache at %s is unreachable (%s: %s); rate limits and throttles count in "
                "this process's memory for the next %.0f s",
                _redacted(self._location),
                type(error).__name__,
                error,
                self.cooldown,
            )

    def _call(self, name: str, *args, **kwargs):
        if self.redis_is_down():
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            self._mark_down(error)
            return getattr(self._fallback, name)(*args, **kwargs)
        if self._location in _outages:
            with _lock:
                if _outages.pop(self._location, None) is not None:
                    logger.info("Redis cache at %s answers again", _redacted(self._location))
        return result

    # --- every operation RedisCache implements (BaseCache builds the rest on these) -----------

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")


def _redacted(location: str) -> str:
    """The location without a password (``redis://:secret@host`` → ``redis://***@host``)."""
    if "@" not in location:
        return location
    scheme, _, rest = location.partition("://")
    return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
