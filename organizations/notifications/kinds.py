"""The kinds of message, and the scans that find reminders due.

``organizations`` names no higher app, so each app registers the kinds it sends and the
scans that find them from its ``AppConfig.ready()`` (by convention in ``notifications.py``)::

    register_kind(NotificationKind("meeting_soon", "A meeting in the next 24 hours", ...))
    register_scan(meeting_reminders_scan)

A scan is ``scan(organization, now) -> int``: run in the organization's scope, it calls
``notify()`` for every message due at ``now`` and returns how many it created. Scans run every
few minutes (beat, or ``manage.py send_due_notifications``) and must be idempotent: the
outbox's unique key makes a second run create nothing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from organizations.models import Organization

Scan = Callable[[Organization, datetime.datetime], int]


@dataclass(frozen=True)
class NotificationKind:
    """A kind of message people can choose to receive by email, in the app, or neither.

    ``essential`` messages (an invitation, a link someone asked for) ignore preferences and
    the digest and carry no unsubscribe link. ``audience`` is a short phrase for the
    preferences page ("mentors and mentees", "program managers").
    """

    key: str
    label: str
    audience: str
    by_email: bool = True
    in_app: bool = True
    essential: bool = False
    # Messages that carry a secret link (a token) lose their body once sent.
    secret: bool = False
    # Held for the daily digest of people who chose it (not the digest itself).
    digestible: bool = True
    # Whether the in-app channel is a choice (the daily digest is an email and nothing else).
    in_app_choice: bool = True
    order: int = 100


_kinds: dict[str, NotificationKind] = {}
_scans: dict[str, Scan] = {}


def register_kind(kind: NotificationKind) -> None:
    """Add (or replace, by key) a kind of message."""
    _kinds[kind.key] = kind


def notification_kind(key: str) -> NotificationKind:
    """The registered kind; an unknown key is a programming error, raised at once."""
    try:
        return _kinds[key]
    except KeyError:
        raise ImproperlyConfigured(f"Notification kind {key!r} is not registered") from None


def kind_is_secret(key: str) -> bool:
    """Whether a stored message's body must be dropped once sent (unknown kinds: no)."""
    kind = _kinds.get(key)
    return kind is not None and kind.secret


def kind_is_essential(key: str) -> bool:
    kind = _kinds.get(key)
    return kind is not None and kind.essential


def notification_kinds() -> list[NotificationKind]:
    """Every kind, in the order the preferences page shows them."""
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.label))


def register_scan(scan: Scan) -> None:
    """Add a scan (replacing one of the same qualified name, so reloading is harmless)."""
    _scans[f"{scan.__module__}.{scan.__qualname__}"] = scan


def notification_scans() -> list[Scan]:
    return list(_scans.values())
