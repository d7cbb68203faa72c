"""Frozen time for the reminder tests: moments on an organization's clock, and running a scan
at one of them (time-machine freezes ``timezone.now`` and every ``auto_now`` with it)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from organizations.models import Notification, Organization


def local(organization: Organization, text: str) -> datetime.datetime:
    """``"2026-03-29 10:00"`` on the organization's clock, as an aware moment."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo(organization.timezone))


def frozen(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def scan_at(scan, organization: Organization, moment: datetime.datetime) -> int:
    """Run ``scan`` for ``organization`` with the clock stopped at ``moment``."""
    with frozen(moment):
        return scan(organization, timezone.now())


def recipients(kind: str) -> list[str]:
    """The addresses a kind of message was stored for, sorted (each once per stored row)."""
    return sorted(Notification.objects.filter(kind=kind).values_list("email", flat=True))


def clock_from(moment: datetime.datetime):
    """An autouse fixture for a test module that builds its data from a moment taken when the
    tests were collected (its ``NOW``): each test starts with the clock at that moment, running
    on. Without it, a run that crosses midnight on the organization's calendar between
    collection and a test shows the code a later day than the data was made for::

        NOW = timezone.now()
        clock = clock_from(NOW)
    """

    @pytest.fixture(autouse=True)
    def clock():
        with time_machine.travel(moment, tick=True):
            yield

    return clock
