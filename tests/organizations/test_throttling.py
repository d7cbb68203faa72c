"""API throttles count atomically: a caller never gets more than the limit in a window, even
with many requests at once; the answer says how long to wait; other callers are not affected."""

import threading

import pytest
from django.core.cache import cache

from organizations.api.throttling import CallerRateThrottle

pytestmark = pytest.mark.django_db


class _Request:
    def __init__(self, user_pk):
        self.auth = None
        self.user = type("U", (), {"is_authenticated": True, "pk": user_pk})()
        self.META = {"REMOTE_ADDR": "198.51.100.1"}


def _throttle(rate="5/min", now=1_000_000.0):
    throttle = CallerRateThrottle()
    throttle.rate = rate
    throttle.num_requests, throttle.duration = throttle.parse_rate(rate)
    throttle.timer = lambda: now
    return throttle


def test_the_limit_holds_and_the_wait_runs_to_the_end_of_the_window():
    cache.clear()
    results = [_throttle(now=1_000_010.0).allow_request(_Request(1), None) for _ in range(7)]
    assert results == [True] * 5 + [False] * 2
    throttle = _throttle(now=1_000_010.0)
    throttle.allow_request(_Request(1), None)
    assert throttle.wait() == pytest.approx(1_000_020.0 - 1_000_010.0)  # windows start on the minute
    assert _throttle(now=1_000_021.0).allow_request(_Request(1), None) is True  # a new window
    assert _throttle(now=1_000_010.0).allow_request(_Request(2), None) is True  # another caller


def test_many_requests_at_once_never_get_past_the_limit(monkeypatch):
    """Against Redis, as in production: 200 requests from 20 threads at once, a limit of 50.
    (DRF's read-append-write list let all 200 through here.)"""
    from config.cache import ResilientRedisCache
    from tests.services import redis_url

    redis_cache = ResilientRedisCache(redis_url(), {"KEY_PREFIX": "throttle-test"})
    redis_cache.clear()
    monkeypatch.setattr(CallerRateThrottle, "cache", redis_cache)
    allowed = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def call():
        start.wait()
        for _ in range(10):
            ok = _throttle(rate="50/min").allow_request(_Request(7), None)
            with lock:
                allowed.append(ok)

    threads = [threading.Thread(target=call) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 50
