"""Sane ranges for the dates people enter: one check for every service, and a finder for rows
stored before the checks existed.

A browser date field, an API parameter or a CSV cell accepts year 1 and year 9999. Stored, such
a date breaks pages for everyone: PostgreSQL keeps 0001-01-01 00:10 in Amsterdam as 1 BC,
which Python cannot read back, and 9999-12-31 23:30 overflows as soon as a duration or a time
zone is added to it. So every service bounds each date it takes to a range that fits what the
date means (a meeting within its program's dates, give or take a margin: ``programs/dates.py``)
and names that range in its error. ``EARLIEST`` and ``LATEST`` bound every range, so even a
range computed from a bad stored date stays sane.

Rows stored before these checks: each app registers a finder from its ``AppConfig.ready()``
(``register_date_finder``) and ``manage.py find_out_of_range_dates`` lists what they find.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Cast

from organizations.clock import local_date, organization_tz
from organizations.models import Organization

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2199, 12, 31)


def day_label(day: datetime.date) -> str:
    """``"1 September 2026"``."""
    return f"{day.day} {day:%B} {day.year}"


def shift(day: datetime.date, delta: datetime.timedelta) -> datetime.date:
    """``day + delta``, kept within ``EARLIEST`` … ``LATEST`` (never an OverflowError)."""
    try:
        moved = day + delta
    except OverflowError:
        return LATEST if delta > datetime.timedelta(0) else EARLIEST
    return min(max(moved, EARLIEST), LATEST)


def safe_local_date(moment: datetime.datetime, organization: Organization) -> datetime.date | None:
    """The organization's calendar day of ``moment``; ``None`` when converting it overflows."""
    try:
        return local_date(moment, organization)
    except (OverflowError, ValueError):
        return None


@dataclass(frozen=True)
class DateRange:
    """The first and last day a date may be (both included), and why, for the person."""

    earliest: datetime.date
    latest: datetime.date
    reason: str = ""

    def __post_init__(self):
        object.__setattr__(self, "earliest", min(max(self.earliest, EARLIEST), LATEST))
        object.__setattr__(self, "latest", max(min(self.latest, LATEST), self.earliest))

    def __contains__(self, day: datetime.date) -> bool:
        return self.earliest <= day <= self.latest

    @property
    def label(self) -> str:
        text = f"{day_label(self.earliest)} – {day_label(self.latest)}"
        return f"{text} ({self.reason})" if self.reason else text

    def message(self, what: str) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return f"Choose {what} between {day_label(self.earliest)} and {day_label(self.latest)}{why}."

    def date_problem(self, day: datetime.date, *, what: str = "a date") -> str | None:
        """``None`` when ``day`` is in the range; else what to do, in words for the person."""
        return None if day in self else self.message(what)

    def moment_problem(
        self, moment: datetime.datetime, *, organization: Organization, what: str = "a date"
    ) -> str | None:
        """The same for an aware datetime, judged on the organization's calendar."""
        day = safe_local_date(moment, organization)
        return self.message(what) if day is None else self.date_problem(day, what=what)


OUTER = DateRange(EARLIEST, LATEST)


# --- rows stored before the checks -------------------------------------------------------------


@dataclass(frozen=True)
class StoredDate:
    """One stored date outside its range: where it is, what the database holds, what is allowed."""

    organization: str
    model: str
    pk: int
    field: str
    stored: str
    allowed: str


DateFinder = Callable[[Organization], Iterable[StoredDate]]
_finders: dict[str, DateFinder] = {}


def register_date_finder(finder: DateFinder) -> None:
    """Add an app's finder (registering the same function twice keeps one)."""
    _finders[f"{finder.__module__}.{finder.__qualname__}"] = finder


def date_finders() -> list[DateFinder]:
    return list(_finders.values())


def stored_outside(
    queryset: models.QuerySet, field: str, allowed: DateRange, organization: Organization
) -> Iterator[StoredDate]:
    """Rows of ``queryset`` whose ``field`` is outside ``allowed``.

    Compared in SQL and read back as text only: Django cannot read a 1 BC timestamp from
    PostgreSQL, so the bad value itself is never loaded as a date.
    """
    model_field = queryset.model._meta.get_field(field)
    if isinstance(model_field, models.DateTimeField):
        tz = organization_tz(organization)
        low = datetime.datetime.combine(allowed.earliest, datetime.time(), tzinfo=tz)
        high = datetime.datetime.combine(allowed.latest, datetime.time(), tzinfo=tz) + datetime.timedelta(
            days=1
        )
        outside = models.Q(**{f"{field}__lt": low}) | models.Q(**{f"{field}__gte": high})
    else:
        outside = models.Q(**{f"{field}__lt": allowed.earliest}) | models.Q(
            **{f"{field}__gt": allowed.latest}
        )
    rows = (
        queryset.filter(outside)
        .annotate(_stored_text=Cast(field, models.CharField()))
        .order_by("pk")
        .values_list("pk", "_stored_text")
    )
    label = queryset.model._meta.label
    for pk, stored in rows:
        yield StoredDate(organization.slug, label, pk, field, stored or "", allowed.label)
