"""API throttling that counts atomically.

DRF's ``SimpleRateThrottle`` reads a list of timestamps from the cache, appends one and
writes it back: two requests at once read the same list and each writes its own, so under
concurrency a key got 653 answers in a minute under a 600-a-minute limit (issue 17). Here each
caller has one counter per window of the rate's duration (``key:<window number>``), created
with ``add`` and raised with ``incr``, which Redis does atomically (``INCR``); a request is
allowed while the counter is within the limit. So a caller never gets more than the limit in
one window (fixed windows: a caller who spends the whole budget at the end of one minute may
spend it again at the start of the next).

With Redis unreachable the cache answers from each process's memory (config/cache.py, with a
logged warning): the limits keep working per process, never closed to everyone.
"""

import time

from django.core.cache import cache as default_cache
from rest_framework.throttling import SimpleRateThrottle

from organizations.models import APIKey


class AtomicRateThrottle(SimpleRateThrottle):
    cache = default_cache

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        counter = f"{self.key}:{window}"
        # Created at 0 if it is not there (a no-op otherwise), then raised atomically.
        self.cache.add(counter, 0, timeout=int(self.duration) + 1)
        try:
            count = self.cache.incr(counter)
        except ValueError:  # expired between the two calls: this request opens the window
            self.cache.add(counter, 1, timeout=int(self.duration) + 1)
            count = 1
        return count <= self.num_requests

    def wait(self) -> float:
        return max(0.0, self.window_ends - self.now)

    def timer(self) -> float:
        return time.time()


class CallerRateThrottle(AtomicRateThrottle):
    """One budget per API key or signed-in person (not per IP: HR systems share proxies)."""

    scope = "caller"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, APIKey):
            ident = f"key-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
