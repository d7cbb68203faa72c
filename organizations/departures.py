"""A member deactivated by the identity provider: a hook the apps above fill in.

Organizations cannot import matching (the layers, docs/architecture.md), yet a person who
leaves must not stay in a pair. Matching registers a listener at start-up
(``MatchingConfig.ready()``)::

    register_departure_listener(my_function)

where ``my_function(*, organization, user, actor, now) -> list[str]`` does what the member's
departure means for its app (end their pairs, tell their partners) inside the caller's
transaction, and returns a few words of outcome for the audit log (``"pairs ended: 2"``).
A start-up check (``organizations/checks.py``) fails when nobody registered, since a
deactivated member would otherwise silently keep their pairs.
"""

import datetime
from collections.abc import Callable

from organizations.models import Organization

DepartureListener = Callable[..., list[str]]

_listeners: list[DepartureListener] = []


def register_departure_listener(listener: DepartureListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def departure_listeners_registered() -> bool:
    return bool(_listeners)


def member_departed(*, organization: Organization, user, actor, now: datetime.datetime) -> list[str]:
    """Tell every listener that ``user`` no longer belongs to ``organization``; their outcomes."""
    outcomes: list[str] = []
    for listener in _listeners:
        outcomes.extend(listener(organization=organization, user=user, actor=actor, now=now))
    return outcomes
