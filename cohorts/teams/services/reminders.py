"""Reminding project-team members of their council presentation.

A scan (registered in ``cohorts/notifications.py``, run every few minutes by the outbox's
sweep) finds the presentations of running cohorts that start within ``PRESENTATION_NOTICE``
— three days, counted on the organization's wall clock, so a slot at 10:00 is announced from
10:00 three days before whatever daylight-saving change lies between — and writes one message
per team member still in the class. The key names the presentation and its start, so each
member is reminded once per presentation; a slot moved to another time is reminded again with
the new time, and a slot added less than three days ahead is reminded at once.
"""

import datetime

from django.urls import reverse

from cohorts.models import CohortStatus, ParticipantStatus
from cohorts.teams.models import Presentation, TeamMember
from organizations.clock import local_datetime, local_label, organization_tz
from organizations.models import Organization
from organizations.notifications.outbox import Message, notify_count

PRESENTATION_NOTICE = datetime.timedelta(days=3)


def remind_from(presentation: Presentation, organization: Organization) -> datetime.datetime:
    """Three days before the start, at the same time on the organization's clock."""
    starts = presentation.starts_at.astimezone(organization_tz(organization))
    return local_datetime(starts.date() - PRESENTATION_NOTICE, starts.time(), organization)


def presentation_reminders_scan(organization: Organization, now: datetime.datetime) -> int:
    """Write the presentation reminders due at ``now``; how many were created.

    Two queries and the outbox's four, however many teams and members.
    """
    due = [
        presentation
        for presentation in Presentation.objects.filter(
            organization=organization,
            starts_at__gt=now,
            # A day's margin for the wall-clock arithmetic; the exact moment is checked below.
            starts_at__lte=now + PRESENTATION_NOTICE + datetime.timedelta(days=1),
            team__cohort__status=CohortStatus.ACTIVE,
        )
        .select_related("team__challenge", "team__cohort__program")
        .order_by("starts_at", "pk")
        if remind_from(presentation, organization) <= now
    ]
    if not due:
        return 0
    by_team = {presentation.team_id: presentation for presentation in due}
    members = (
        TeamMember.objects.filter(team_id__in=by_team, participant__status=ParticipantStatus.SELECTED)
        .select_related("participant__employee__user")
        .order_by("team_id", "pk")
    )
    messages = []
    for member in members:
        presentation = by_team[member.team_id]
        team = presentation.team
        employee = member.participant.employee
        starts = presentation.starts_at.astimezone(datetime.UTC)
        messages.append(
            Message(
                kind="presentation_reminder",
                key=f"presentation:{presentation.pk}:{starts:%Y%m%dT%H%MZ}",
                subject=f"{team.cohort.program.name}: your team presents to the council on "
                f"{local_label(presentation.starts_at, organization)}",
                context={
                    "name": employee.name,
                    "team": team,
                    "program": team.cohort.program,
                    "presentation": presentation,
                    "starts": local_label(presentation.starts_at, organization),
                    "minutes": round((presentation.ends_at - presentation.starts_at).total_seconds() / 60),
                },
                user=employee.user,
                email="" if employee.user else employee.email,
                employee=employee,
                link=reverse("teams:team", kwargs={"org_slug": organization.slug, "pk": team.pk}),
            )
        )
    return notify_count(organization, messages, now=now)
