"""The WSGI application ``bench/pages.py`` serves with gunicorn: the production one, with the API
throttles raised so the benchmark's hundreds of calls a minute from one key are all answered
(throttling itself still runs, counting in the cache, as in production)."""

# isort: off
from config.wsgi import application  # first: Django is set up before DRF reads its settings
from rest_framework.throttling import SimpleRateThrottle

# isort: on

SimpleRateThrottle.THROTTLE_RATES = {
    **SimpleRateThrottle.THROTTLE_RATES,
    "caller": "1000000/min",
    "analytics": "1000000/min",
}

__all__ = ["application"]
