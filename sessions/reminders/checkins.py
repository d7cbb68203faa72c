"""The relationship check-in invitation: on the day a round falls due, from the morning hour,
each partner's check-in is made and they are invited (``sessions.services.checkins``)."""

import datetime

from organizations.clock import organization_today
from organizations.models import Organization
from sessions.reminders.common import morning_has_come
from sessions.services.checkins import checkins_create_due


def checkin_invitations_scan(organization: Organization, now: datetime.datetime) -> int:
    if not morning_has_come(organization, now):
        return 0
    today = organization_today(organization, now)
    return len(checkins_create_due(organization=organization, today=today, now=now, kick=False))
