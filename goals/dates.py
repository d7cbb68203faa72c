"""Dates on the organization's calendar: "today" is the same for everyone in it."""

import datetime
import zoneinfo

from django.utils import timezone

from organizations.models import Organization


def organization_today(organization: Organization, now: datetime.datetime | None = None) -> datetime.date:
    """Today's date on the organization's clock (its time zone)."""
    return timezone.localdate(now or timezone.now(), zoneinfo.ZoneInfo(organization.timezone))
