"""Who is told when a roster load is applied: a hook for the apps above organizations.

Analytics rebuilds its facts after every roster load, but ``organizations`` cannot import it.
Instead analytics registers a listener from ``AnalyticsConfig.ready()``::

    register_roster_applied_listener(facts_refresh_later)

A listener takes the organization's id and is called inside the load's transaction; it must
defer its work with ``transaction.on_commit`` (so a load that rolls back triggers nothing).
A start-up check (``organizations/checks.py``) fails when no listener is registered, so a
forgotten registration cannot silently leave the analytics stale.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

RosterAppliedListener = Callable[[int], None]

_listeners: dict[str, RosterAppliedListener] = {}
_paused = False


def register_roster_applied_listener(listener: RosterAppliedListener) -> None:
    """Add ``listener`` (registering the same function twice keeps one)."""
    _listeners[f"{listener.__module__}.{listener.__qualname__}"] = listener


def roster_applied_listeners_registered() -> bool:
    return bool(_listeners)


@contextmanager
def roster_listeners_paused() -> Iterator[None]:
    """Load many files without telling anyone after each (the demo seed loads 37, then refreshes
    once itself)."""
    global _paused
    previous, _paused = _paused, True
    try:
        yield
    finally:
        _paused = previous


def roster_applied(*, organization_id: int) -> None:
    """Tell every listener that a load of this organization's roster was applied."""
    if _paused:
        return
    for listener in _listeners.values():
        listener(organization_id)
