"""Calendar files (RFC 5545, through ``icalendar``) for meetings, learning sessions and the
personal feed.

Privacy: an event carries when, how long, where (place or link) and who — never topics,
notes or action items, because calendar files travel into other systems.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from icalendar import Event

from matching.models import PairMember
from organizations.ical import host, new_calendar, new_event
from organizations.models import Organization
from sessions.models import LearningSession, Meeting, MeetingStatus

_host = host
_calendar = new_calendar
_event = new_event


def _names(meeting: Meeting) -> str:
    members = [m for m in meeting.pair.members.all() if m.left_at is None]
    return " & ".join(m.participant.employee.name for m in members)


def meeting_event(meeting: Meeting, organization: Organization, *, stamp=None) -> Event:
    """One meeting as an event. Needs ``pair.members`` (with participant__employee) loaded."""
    pair_url = settings.SITE_URL + reverse(
        "mentoring:pair", kwargs={"org_slug": organization.slug, "pk": meeting.pair_id}
    )
    event = _event(
        uid=f"lodestar-meeting-{meeting.pk}@{_host()}",
        summary=f"Mentoring meeting: {_names(meeting)}",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        sequence=meeting.sequence,
        place=meeting.location or meeting.video_url,
        link=meeting.video_url or pair_url,
        stamp=stamp or timezone.now(),
    )
    event.add("description", f"{meeting.get_format_display()}. Your pair space: {pair_url}")
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return event


def session_event(session: LearningSession, organization: Organization, *, stamp=None) -> Event:
    session_url = settings.SITE_URL + reverse(
        "mentoring:session", kwargs={"org_slug": organization.slug, "pk": session.pk}
    )
    event = _event(
        uid=f"lodestar-session-{session.pk}@{_host()}",
        summary=f"{session.get_kind_display()}: {session.title}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        sequence=session.sequence,
        place=session.location or session.video_url,
        link=session.video_url or session_url,
        stamp=stamp or timezone.now(),
    )
    event.add("description", f"{session.description.strip()}\n\nDetails and materials: {session_url}".strip())
    event.add("status", "CONFIRMED")
    return event


def meeting_calendar(meeting: Meeting, organization: Organization) -> bytes:
    """One meeting's calendar file; reads the pair's current people in one query unless loaded."""
    prefetch_related_objects(
        [meeting.pair],
        Prefetch(
            "members",
            queryset=PairMember.objects.filter(left_at__isnull=True)
            .select_related("participant__employee")
            .order_by("role", "joined_at", "pk"),
        ),
    )
    calendar = _calendar()
    calendar.add_component(meeting_event(meeting, organization))
    return calendar.to_ical()


def session_calendar(session: LearningSession, organization: Organization) -> bytes:
    calendar = _calendar()
    calendar.add_component(session_event(session, organization))
    return calendar.to_ical()


def feed_calendar(
    *, organization: Organization, meetings: Iterable[Meeting], sessions: Iterable[LearningSession]
) -> bytes:
    """The personal feed: the person's meetings and their cohorts' sessions in one calendar."""
    calendar = _calendar(name=f"Mentoring · {organization.name}")
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, organization, stamp=stamp))
    for session in sessions:
        calendar.add_component(session_event(session, organization, stamp=stamp))
    return calendar.to_ical()
