"""The pairs of the programs running today, read for the reminders in a fixed number of
queries: pairs, their current members (with roster rows and accounts), each pair's last
meeting and next planned one, and the programs' settings."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Min, Q, QuerySet
from django.urls import reverse

from cohorts.models import CohortStatus
from matching.models import Pair, PairMember, PairStatus
from organizations.clock import local_date, organization_today
from organizations.models import Organization
from programs.models import Program
from sessions.models import Meeting, MeetingStatus, MentoringSettings
from sessions.reminders.common import names, runs_on
from sessions.services.settings import mentoring_settings_for_programs
from sessions.silence import Quiet, quiet


@dataclass
class RunningPair:
    pair: Pair
    members: list[PairMember]
    settings: MentoringSettings
    quiet: Quiet | None

    @property
    def program(self) -> Program:
        return self.pair.cohort.program

    def partners_of(self, member: PairMember) -> str:
        return names([m.participant.employee.name for m in self.members if m.pk != member.pk])

    def space_link(self) -> str:
        return reverse("mentoring:pair", kwargs={"org_slug": self.pair.organization.slug, "pk": self.pair.pk})


def running_pairs_queryset(organization: Organization, today: datetime.date) -> QuerySet[Pair]:
    """Active pairs of active cohorts whose program runs ``today``."""
    return Pair.objects.filter(
        runs_on(today, "cohort__program__"),
        organization=organization,
        status=PairStatus.ACTIVE,
        cohort__status=CohortStatus.ACTIVE,
    )


def running_pairs(organization: Organization, now: datetime.datetime) -> list[RunningPair]:
    """Every running pair with its members and how long it has been quiet. Four queries."""
    today = organization_today(organization, now)
    base = running_pairs_queryset(organization, today)
    pairs = list(base.select_related("cohort__program", "organization").order_by("pk"))
    if not pairs:
        return []
    members: dict[int, list[PairMember]] = defaultdict(list)
    for member in (
        PairMember.objects.filter(pair__in=base.values("pk"), left_at__isnull=True)
        .select_related("participant__employee__user")
        .order_by("pair_id", "role", "pk")
    ):
        members[member.pair_id].append(member)
    meetings = {
        row["pair_id"]: row
        for row in Meeting.objects.filter(pair__in=base.values("pk"))
        .values("pair_id")
        .annotate(
            last=Max("starts_at", filter=Q(status=MeetingStatus.HAPPENED, starts_at__lte=now)),
            ahead=Min("starts_at", filter=Q(status=MeetingStatus.SCHEDULED, starts_at__gt=now)),
        )
    }
    settings = mentoring_settings_for_programs(
        {pair.cohort.program_id: pair.cohort.program for pair in pairs}.values()
    )
    running = []
    for pair in pairs:
        program = pair.cohort.program
        row = meetings.get(pair.pk, {})
        running.append(
            RunningPair(
                pair=pair,
                members=members[pair.pk],
                settings=settings[program.pk],
                quiet=quiet(
                    last_met_on=local_date(row["last"], organization) if row.get("last") else None,
                    published_on=local_date(pair.published_at, organization),
                    program_start=program.start_date,
                    meeting_ahead=row.get("ahead") is not None,
                    today=today,
                ),
            )
        )
    return running
