"""Retention periods: how long an organization keeps the words of ended cohorts.

For each kind of record an app registers (meeting notes, relationship check-in comments,
applications' answers), an admin sets how many months after a program's last day its words
are kept (Settings → Retention; empty keeps them). A daily task (``retention_sweep``) blanks
what has expired, the way an erasure does: the facts stay (dates, statuses, ratings,
attendance), so analytics are unchanged; the words go. The settings page says what goes next.

A kind is registered from its app's ``AppConfig.ready()``::

    register_retention_kind(RetentionKind(
        key="meeting_notes", label="Meeting notes", what="topics, shared and private notes, action items",
        expiring=lambda organization: <rows with words left, annotated with ``ended_on``>,
        erase=lambda queryset: <blank them; how many>,
    ))
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet

from organizations.audit import audit_record
from organizations.models import AuditAction, Organization
from organizations.months import add_months


@dataclass(frozen=True)
class RetentionKind:
    key: str
    label: str
    what: str
    # Rows of the organization whose words are still there, annotated ``ended_on``: the last
    # day of the program they belong to (rows of programs not ended yet are left out).
    expiring: Callable[[Organization], QuerySet]
    erase: Callable[[QuerySet], int]
    order: int = 100


_kinds: dict[str, RetentionKind] = {}


def register_retention_kind(kind: RetentionKind) -> None:
    _kinds[kind.key] = kind


def retention_kinds() -> list[RetentionKind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.label))


def retention_months(organization: Organization, key: str) -> int | None:
    months = (organization.retention_months or {}).get(key)
    return months if isinstance(months, int) and months >= 0 else None


def _cutoff(today: datetime.date, months: int) -> datetime.date:
    """Rows of programs that ended before this day have expired on ``today``."""
    return add_months(today, -months)


@dataclass
class RetentionOutlook:
    kind: RetentionKind
    months: int | None
    due_now: int
    next_on: datetime.date | None
    next_count: int


def retention_outlook(organization: Organization, today: datetime.date) -> list[RetentionOutlook]:
    """Per kind: how many records have expired (they go with tonight's sweep) and when the next
    ones go, and how many. Two grouped queries a kind."""
    found = []
    for kind in retention_kinds():
        months = retention_months(organization, kind.key)
        if months is None:
            found.append(RetentionOutlook(kind, None, 0, None, 0))
            continue
        cutoff = _cutoff(today, months)
        rows = kind.expiring(organization)
        due_now = rows.filter(ended_on__lt=cutoff).count()
        upcoming = (
            rows.filter(ended_on__gte=cutoff)
            .values("ended_on")
            .annotate(n=Count("pk"))
            .order_by("ended_on")
            .first()
        )
        next_on = add_months(upcoming["ended_on"], months) + datetime.timedelta(days=1) if upcoming else None
        found.append(RetentionOutlook(kind, months, due_now, next_on, upcoming["n"] if upcoming else 0))
    return found


@transaction.atomic
def retention_sweep(organization: Organization, today: datetime.date) -> dict[str, int]:
    """Blank every expired record of the organization; how many per kind. Audited when any."""
    erased = {}
    for kind in retention_kinds():
        months = retention_months(organization, kind.key)
        if months is None:
            continue
        count = kind.erase(kind.expiring(organization).filter(ended_on__lt=_cutoff(today, months)))
        if count:
            erased[kind.key] = count
    if erased:
        audit_record(
            organization,
            AuditAction.RETENTION_SWEEP,
            target=organization,
            label=organization.name,
            changes=[f"{key}: {count}" for key, count in erased.items()],
        )
    return erased
