"""Container health checks for docker-compose.yml: ``python docker/healthcheck.py web|beat``.

Exit status 0 means healthy. (The worker needs no script: ``celery inspect ping`` asks the
worker itself over the broker.)

``web`` asks gunicorn for ``/healthz`` the way the reverse proxy would: with a Host header the
settings allow (the first of ALLOWED_HOSTS) and ``X-Forwarded-Proto: https``, because with
DEBUG off Django answers 400 to an unknown host and redirects plain HTTP to HTTPS.

``beat`` checks that the broker beat sends to is reachable. Beat is the container's main
process, so a crashed beat already stops the container; what is left to catch is a beat
that runs but cannot deliver anything.
"""

import os
import sys
import urllib.error
import urllib.request

HEALTH_URL = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")


def host_header(allowed_hosts: str) -> str:
    """A Host value that Django's ALLOWED_HOSTS check accepts, from the variable's raw text."""
    for host in (entry.strip() for entry in allowed_hosts.split(",")):
        if host == "*":
            return "localhost"
        if host:
            # ".example.com" allows example.com and all its subdomains.
            return host.lstrip(".")
    return "localhost"


def check_web() -> bool:
    request = urllib.request.Request(
        HEALTH_URL,
        headers={"Host": host_header(os.environ.get("ALLOWED_HOSTS", "")), "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read()
    except (urllib.error.URLError, OSError) as error:
        print(f"unhealthy: {HEALTH_URL}: {error}", file=sys.stderr)
        return False
    if response.status != 200 or body.strip() != b"ok":
        print(f"unhealthy: {HEALTH_URL} answered {response.status} {body[:200]!r}", file=sys.stderr)
        return False
    return True


def check_beat() -> bool:
    from config.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=5)
    except Exception as error:  # whatever the failure, beat cannot deliver: unhealthy
        # The broker URL is not printed: it may hold a password, and health output is kept.
        print(f"unhealthy: the Celery broker is unreachable: {error}", file=sys.stderr)
        return False
    return True


CHECKS = {"web": check_web, "beat": check_beat}


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in CHECKS:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(CHECKS)}")
    sys.exit(0 if CHECKS[sys.argv[1]]() else 1)
