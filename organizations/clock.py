"""The organization's clock: "today" and wall-clock times are the same for everyone in it.

Dates people enter (meetings, sessions, windows) are meant on the organization's calendar, in
its time zone, and stored as aware UTC datetimes. Every app asks this module instead of
building its own ``ZoneInfo``.
"""

import datetime
import zoneinfo

from django.db import connection
from django.db.models import Expression, F
from django.db.models.functions import TruncDate
from django.utils import timezone

from organizations.models import Organization


def organization_tz(organization: Organization) -> zoneinfo.ZoneInfo:
    """The organization's time zone."""
    return zoneinfo.ZoneInfo(organization.timezone)


def organization_today(organization: Organization, now: datetime.datetime | None = None) -> datetime.date:
    """Today's date on the organization's clock (``now`` defaults to the current moment)."""
    return timezone.localdate(now or timezone.now(), organization_tz(organization))


def local_datetime(day: datetime.date, time: datetime.time, organization: Organization) -> datetime.datetime:
    """The aware moment a person means by ``day`` at ``time`` on the organization's clock."""
    return datetime.datetime.combine(day, time.replace(tzinfo=None), tzinfo=organization_tz(organization))


def local_date(moment: datetime.datetime, organization: Organization) -> datetime.date:
    """The calendar day ``moment`` falls on in the organization's time zone."""
    return moment.astimezone(organization_tz(organization)).date()


def local_day(field: str, organization: Organization) -> Expression:
    """The calendar day of the moment column ``field`` for a query to read: on PostgreSQL the
    day itself (``AT TIME ZONE``, no moment loaded and converted per row); elsewhere the moment,
    which ``as_local_day`` turns into its day (SQLite would call back into Python per row, which
    costs more). The latest of the days is the day of the latest moment, so ``Max`` of it works
    on both."""
    if connection.vendor == "postgresql":
        return TruncDate(field, tzinfo=organization_tz(organization))
    return F(field)


def as_local_day(value: datetime.date | None, organization: Organization) -> datetime.date | None:
    """What a query read through ``local_day`` gave, as the organization's calendar day."""
    if isinstance(value, datetime.datetime):
        return local_date(value, organization)
    return value


def local_label(moment: datetime.datetime, organization: Organization) -> str:
    """``"Tue 3 March 2026, 14:30 (Europe/Amsterdam)"``, for messages and emails."""
    local = moment.astimezone(organization_tz(organization))
    return f"{local:%a} {local.day} {local:%B %Y, %H:%M} ({organization.timezone})"
