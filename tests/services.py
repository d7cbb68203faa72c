"""Which outside services a test run has, and how a missing one is reported.

Locally a test that needs PostgreSQL, Redis or Chromium is skipped with the reason shown. CI
sets LODESTAR_REQUIRE_SERVICES=1, which turns every such skip into a failure, so a green CI
run has really exercised them.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def services_required() -> bool:
    return os.environ.get("LODESTAR_REQUIRE_SERVICES", "") in {"1", "true", "yes"}


def require(available: bool, reason: str) -> None:
    if available:
        return
    if services_required():
        pytest.fail(f"LODESTAR_REQUIRE_SERVICES is set but {reason}", pytrace=False)
    pytest.skip(reason)


def require_postgresql() -> None:
    require(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL=postgres://…)")


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "needs Redis (set REDIS_URL=redis://…)")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 2).close()
    except OSError as error:
        require(False, f"Redis at {url} is not reachable ({error})")
    return url


def require_chromium() -> str:
    found = os.path.exists(CHROMIUM) or shutil.which("chromium")
    require(bool(found), f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        require(False, "needs the playwright package")
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


# A Redis address where nothing listens (``nothing_listens`` checks before a test relies on it).
REFUSED_REDIS = "redis://127.0.0.1:6390/0"


def nothing_listens(port: int) -> None:
    """Skip, saying why, when something does listen on ``port``: the test needs it closed."""
    import contextlib

    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
        pytest.skip(f"something listens on 127.0.0.1:{port}; this test needs it closed")


def use_redis_cache(settings, location: str) -> None:
    """The default cache on the Redis at ``location``, as production configures it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
