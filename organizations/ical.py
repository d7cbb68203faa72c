"""The bones of every calendar file (RFC 5545, through ``icalendar``): a calendar and an event.
Each feature builds its own events from these, and decides what may travel in them."""

import datetime
from urllib.parse import urlparse

from django.conf import settings
from icalendar import Calendar, Event

PRODID = "-//Lodestar//Mentoring//EN"


def host() -> str:
    return urlparse(settings.SITE_URL).hostname or "lodestar.local"


def new_calendar(name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def new_event(
    *, uid: str, summary: str, starts_at, ends_at, sequence: int, place: str, link: str, stamp
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", starts_at.astimezone(datetime.UTC))
    event.add("dtend", ends_at.astimezone(datetime.UTC))
    event.add("summary", summary)
    event.add("sequence", sequence)
    if place:
        event.add("location", place)
    if link:
        event.add("url", link)
    return event
