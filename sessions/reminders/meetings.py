"""A pair meeting starting within the next 24 hours: every current member of the pair is
reminded once (a meeting moved to another time is reminded again, for its new time)."""

import datetime

from cohorts.models import CohortStatus
from matching.models import PairMember, PairStatus
from organizations.clock import local_date, local_label
from organizations.models import Organization
from organizations.notifications.links import link_by_id
from organizations.notifications.outbox import notify_count
from sessions.models import Meeting, MeetingFormat, MeetingStatus
from sessions.reminders.common import Person, names, notified_keys, people_by_group, to_person

MEETING_NOTICE = datetime.timedelta(hours=24)


def _key(pk: int, starts_at: datetime.datetime) -> str:
    return f"meeting:{pk}:{starts_at.astimezone(datetime.UTC):%Y%m%dT%H%MZ}"


def meeting_reminders_scan(organization: Organization, now: datetime.datetime) -> int:
    """Scheduled meetings of active pairs that start after ``now`` and within 24 hours, on a
    day of their program. Two queries when nothing is new; then one for the members and one
    ``notify_count``. Plain values throughout (thousands of messages a morning)."""
    due = Meeting.objects.filter(
        organization=organization,
        status=MeetingStatus.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + MEETING_NOTICE,
        pair__status=PairStatus.ACTIVE,
        pair__cohort__status=CohortStatus.ACTIVE,
    )
    meetings = {}
    for pk, pair_id, starts_at, duration, format, location, video_url, start, end in due.order_by(
        "starts_at", "pk"
    ).values_list(
        "pk",
        "pair_id",
        "starts_at",
        "duration_minutes",
        "format",
        "location",
        "video_url",
        "pair__cohort__program__start_date",
        "pair__cohort__program__end_date",
    ):
        if start <= local_date(starts_at, organization) <= end:
            meetings[_key(pk, starts_at)] = (pk, pair_id, starts_at, duration, format, location, video_url)
    for key in notified_keys(organization, "meeting_soon", meetings):
        del meetings[key]
    if not meetings:
        return 0
    members = people_by_group(
        PairMember.objects.filter(
            pair_id__in={meeting[1] for meeting in meetings.values()}, left_at__isnull=True
        )
        .order_by("pair_id", "role", "pk")
        .values_list("pk", "pair_id", *Person.values("participant__employee"))
    )
    link = link_by_id("mentoring:meeting", org_slug=organization.slug)
    formats = dict(MeetingFormat.choices)
    messages = []
    for key, (pk, pair_id, starts_at, duration, format, location, video_url) in meetings.items():
        people = members.get(pair_id, [])
        when = local_label(starts_at, organization)
        # What the template reads of the meeting, as the model would answer it.
        meeting = {
            "duration_minutes": duration,
            "get_format_display": str(formats.get(format, format)),
            "location": location,
            "video_url": video_url,
        }
        for person in people:
            partners = names([p.name for p in people if p.id != person.id])
            messages.append(
                to_person(
                    person,
                    kind="meeting_soon",
                    key=key,
                    subject=f"Your mentoring meeting with {partners or 'your partner'}: {when}",
                    link=link(pk),
                    context={"meeting": meeting, "partners": partners, "when": when},
                )
            )
    return notify_count(organization, messages, now=now, kick=False)
