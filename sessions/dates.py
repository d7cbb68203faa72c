"""The organization's wall clock: meetings and sessions are entered and shown in its time zone
and stored as aware UTC datetimes."""

import datetime
import zoneinfo

from organizations.models import Organization


def organization_tz(organization: Organization) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(organization.timezone)


def local_datetime(day: datetime.date, time: datetime.time, organization: Organization) -> datetime.datetime:
    """The aware moment a person means by ``day`` at ``time`` on the organization's clock."""
    return datetime.datetime.combine(day, time.replace(tzinfo=None), tzinfo=organization_tz(organization))


def local_date(moment: datetime.datetime, organization: Organization) -> datetime.date:
    """The calendar day ``moment`` falls on in the organization's time zone."""
    return moment.astimezone(organization_tz(organization)).date()


def local_label(moment: datetime.datetime, organization: Organization) -> str:
    """``"Tue 3 March 2026, 14:30 (Europe/Amsterdam)"``, for messages and emails."""
    local = moment.astimezone(organization_tz(organization))
    return f"{local:%a} {local.day} {local:%B %Y, %H:%M} ({organization.timezone})"
