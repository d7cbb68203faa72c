"""A pair meeting starting within the next 24 hours: every current member of the pair is
reminded once (a meeting moved to another time is reminded again, for its new time)."""

import datetime
from collections import defaultdict

from django.urls import reverse

from cohorts.models import CohortStatus
from matching.models import PairMember, PairStatus
from organizations.clock import local_date, local_label
from organizations.models import Organization
from organizations.notifications.outbox import notify_many
from sessions.models import Meeting, MeetingStatus
from sessions.reminders.common import names, notified_keys, program_runs_on, to_employee

MEETING_NOTICE = datetime.timedelta(hours=24)


def _key(meeting: Meeting) -> str:
    return f"meeting:{meeting.pk}:{meeting.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%MZ}"


def meeting_reminders_scan(organization: Organization, now: datetime.datetime) -> int:
    """Scheduled meetings of active pairs that start after ``now`` and within 24 hours, on a
    day of their program. Two queries when nothing is new; then one for the members and one
    ``notify_many``."""
    due = Meeting.objects.filter(
        organization=organization,
        status=MeetingStatus.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + MEETING_NOTICE,
        pair__status=PairStatus.ACTIVE,
        pair__cohort__status=CohortStatus.ACTIVE,
    )
    meetings = {
        _key(meeting): meeting
        for meeting in due.select_related("pair__cohort__program").order_by("starts_at", "pk")
        if program_runs_on(meeting.pair.cohort.program, local_date(meeting.starts_at, organization))
    }
    for key in notified_keys(organization, "meeting_soon", meetings):
        del meetings[key]
    if not meetings:
        return 0
    members: dict[int, list[PairMember]] = defaultdict(list)
    for member in (
        PairMember.objects.filter(
            pair_id__in={meeting.pair_id for meeting in meetings.values()}, left_at__isnull=True
        )
        .select_related("participant__employee__user")
        .order_by("pair_id", "role", "pk")
    ):
        members[member.pair_id].append(member)
    messages = []
    for key, meeting in meetings.items():
        people = members[meeting.pair_id]
        when = local_label(meeting.starts_at, organization)
        for member in people:
            partners = names([m.participant.employee.name for m in people if m.pk != member.pk])
            messages.append(
                to_employee(
                    member.participant.employee,
                    kind="meeting_soon",
                    key=key,
                    subject=f"Your mentoring meeting with {partners or 'your partner'}: {when}",
                    link=reverse(
                        "mentoring:meeting", kwargs={"org_slug": organization.slug, "pk": meeting.pk}
                    ),
                    context={"meeting": meeting, "partners": partners, "when": when},
                )
            )
    return len(notify_many(organization, messages, now=now, kick=False))
