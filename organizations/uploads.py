"""Uploads are refused on their declared size, before anyone reads the body.

A 100 MB file sent to a page that takes 10 MB should not be received, parsed into a temporary
file and only then refused. The request says its size in ``Content-Length``; pages and API
views that take files compare it with their limit first:

- pages: ``@refuse_declared_larger_than(limit, respond)``. Django's CSRF middleware reads the
  form (the whole body) to find its token before any view runs, so the decorator exempts the
  view from the middleware, checks the size, and only then runs the CSRF check itself
  (Django's documented pattern for views that must act before the body is read);
- the API: ``declared_too_large(request, limit)`` in the view's ``initial()``, before DRF
  authenticates (session authentication reads the body for its CSRF check too).

The actual size is still checked once the file is read (a client may send no
``Content-Length``, or a chunked body).
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# Multipart boundaries and the form's other fields, generously: a file just under the limit
# is never refused for its envelope.
FORM_OVERHEAD_BYTES = 64 * 1024


def declared_size(request: HttpRequest) -> int:
    """The body size the client declares (``Content-Length``); 0 when absent or malformed."""
    text = request.META.get("CONTENT_LENGTH") or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0


def declared_too_large(request: HttpRequest, limit: int) -> bool:
    """Whether the declared body is larger than a ``limit``-byte file and its form could be."""
    return declared_size(request) > limit + FORM_OVERHEAD_BYTES


def refuse_declared_larger_than(limit: Callable[[], int], respond: Callable[..., HttpResponse]) -> Callable:
    """Page decorator: a POST declaring more than ``limit()`` bytes of file gets
    ``respond(request, size, limit, *args, **kwargs)`` and its body is never read.

    Put it under ``@permission_required`` (so outsiders still get their 404 first).
    """

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and declared_too_large(request, limit()):
                return respond(request, declared_size(request), limit(), *args, **kwargs)
            return protected(request, *args, **kwargs)

        return csrf_exempt(wrapped)

    return decorator
