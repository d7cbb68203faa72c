"""Links for many messages from one ``reverse()``: a scan that writes to thousands of people
reverses its view once with a placeholder id and fills in each id (``reverse()`` costs about
20 µs a call; the result is the same string, tests/organizations/notifications/test_links.py)."""

from collections.abc import Callable

from django.urls import reverse

_PLACEHOLDER = 987654321


def link_by_id(viewname: str, *, id_kwarg: str = "pk", **kwargs) -> Callable[[int], str]:
    """A function ``id -> path`` equal to ``reverse(viewname, kwargs={**kwargs, id_kwarg: id})``
    for any positive integer id (the view's id must be a plain ``<int:…>`` path part)."""
    path = reverse(viewname, kwargs={**kwargs, id_kwarg: _PLACEHOLDER})
    head, placeholder, tail = path.partition(str(_PLACEHOLDER))
    if not placeholder or str(_PLACEHOLDER) in tail:
        raise ValueError(f"{viewname}: the id is not a single part of {path!r}")
    return lambda id: f"{head}{id}{tail}"
