"""Pages people open again and again, served from the cache until something they show changes.

A page that opts in (``@cached_page`` on a view, ``@cached_api_get`` on an API handler) is
stored after it is drawn, and served as stored to the same person in the same session while
nothing it could show has changed. The cache key holds:

- the organization and its **data version** (``organizations/data_version.py``), which every
  committed write to the organization's data moves on: a page is never served from before a
  change, however the change was written;
- who asks: the member, their session (its key and a digest of its data) and their CSRF cookie
  (forms on the page carry a token made from it); for an API key, the key;
- the address with its query, the headers a page answers differently to (htmx's, Accept);
- the organization's calendar day, and the code that drew it (a deploy starts afresh).

Entries live ``PAGE_CACHE_SECONDS`` (60; 0 turns the cache off), which bounds how old a
relative time on a page ("in 2 hours") can get. Access is checked before the cache is read: the
tenancy middleware (404 to non-members) and the view's permission run on every request; the
view's own checks (is this your pair?) ran when the page was drawn, under the same data version.

What is never stored: anything but a 200 of a GET; a response that sets a cookie or says
``no-store``; a page whose drawing wrote to the database (it has side effects a stored copy
would skip), showed flash messages, or was asked without a CSRF cookie. The cache is the default
cache (Redis in production, falling back to local memory if it is down: ``config/cache.py``).
A response says ``X-Page-Cache: hit`` or ``miss``.
"""

import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse

from organizations.clock import organization_today
from organizations.data_version import writes_seen
from organizations.models import Organization

# Request headers a stored page may differ by.
_VARY = ("HTTP_ACCEPT", "HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_TRIGGER", "HTTP_HX_BOOSTED")
_SOURCES = (
    *("config", "organizations", "programs", "cohorts", "matching", "goals", "sessions", "analytics"),
    "templates",
)


def cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


@functools.cache
def code_version() -> str:
    """A digest of the source files' names, sizes and times: new code draws pages anew."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.blake2b(digest_size=8)
    for folder in _SOURCES:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt"}:
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def _session_part(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    if session is None or not session.session_key:
        return None
    data = json.dumps(dict(session.items()), sort_keys=True, default=str)
    return f"{session.session_key}:{hashlib.blake2b(data.encode(), digest_size=8).hexdigest()}"


def _member_part(request: HttpRequest) -> str | None:
    """Who asks, for a signed-in person's page; None when the page must not be stored."""
    if not request.user.is_authenticated:
        return None
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    session = _session_part(request)
    if not csrf or session is None or len(messages.get_messages(request)):
        return None
    return f"u{request.user.pk}:{session}:{csrf}"


def data_version(organization: Organization) -> int | None:
    """The organization's data version, read with it (``select_related``); None without one."""
    try:
        return organization.data_version.number
    except ObjectDoesNotExist:
        return None


def page_key(request: HttpRequest, organization: Organization, version: int, who: str) -> str:
    parts = [
        code_version(),
        str(organization.pk),
        str(version),
        organization_today(organization).isoformat(),
        who,
        request.get_full_path(),
        *(request.META.get(header, "") for header in _VARY),
    ]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()
    return f"page:{organization.pk}:{digest}"


def _stored(response: HttpResponse) -> tuple | None:
    if (
        response.status_code != 200
        or getattr(response, "streaming", False)
        or response.cookies
        or "no-store" in response.get("Cache-Control", "")
    ):
        return None
    return (response.status_code, list(response.items()), response.content)


def _replayed(stored: tuple) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def serve(
    request: HttpRequest, organization: Organization | None, who: str | None, draw: Callable[[], HttpResponse]
) -> HttpResponse:
    """The stored page for this request, or ``draw()``'s, stored when it may be."""
    if organization is None or who is None or request.method != "GET" or cache_seconds() <= 0:
        return draw()
    version = data_version(organization)
    if version is None:
        return draw()
    key = page_key(request, organization, version, who)
    stored = cache.get(key)
    if stored is not None:
        return _replayed(stored)
    writes = writes_seen()
    response = draw()

    def keep(rendered: HttpResponse) -> None:
        queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
        if writes_seen() != writes or queued:
            return
        if (entry := _stored(rendered)) is not None:
            cache.set(key, entry, cache_seconds())

    response["X-Page-Cache"] = "miss"
    if hasattr(response, "add_post_render_callback") and not response.is_rendered:
        response.add_post_render_callback(keep)
    else:
        keep(response)
    return response


def cached_page(view):
    """Serve an organization page from the cache (see the module's docstring). Goes under the
    view's permission decorator, so the permission is checked on every request."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        organization = getattr(request, "organization", None)
        who = _member_part(request) if organization is not None else None
        return serve(request, organization, who, lambda: view(request, *args, **kwargs))

    wrapped.page_cached = True
    return wrapped


def cached_api_get(handler):
    """The same for an organization API view's GET handler (after authentication, permission
    and throttling, which DRF runs before any handler)."""

    @functools.wraps(handler)
    def wrapped(self, request, *args, **kwargs):
        from organizations.models import APIKey

        if isinstance(request.auth, APIKey):
            who = f"k{request.auth.pk}"
        elif request.user.is_authenticated and (session := _session_part(request)) is not None:
            who = f"u{request.user.pk}:{session}"
        else:
            who = None
        organization = getattr(self, "organization", None)
        return serve(request, organization, who, lambda: handler(self, request, *args, **kwargs))

    wrapped.page_cached = True
    return wrapped
