"""The pairs of the programs running today, read for the reminders in two steps so that a
scan that finds nothing new stays cheap however many pairs there are:

1. ``quiet_pairs``: every running pair as a few plain values (no model rows): when it was
   published, its program's dates, cadence and settings, its last meeting and whether one is
   planned ahead, hence how long it has been quiet. Three queries.
2. ``pairs_with_members``: for the pairs a scan found something new to say about, the pairs
   and their current members with roster rows and accounts. Two queries.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.urls import reverse

from cohorts.models import CohortStatus
from matching.models import Pair, PairMember, PairStatus
from organizations.clock import as_local_day, local_day, organization_today
from organizations.models import Organization
from programs.models import Program
from sessions.models import Meeting, MeetingStatus, MentoringSettings
from sessions.reminders.common import Person, names, people_by_group, runs_on
from sessions.services.settings import mentoring_settings_for_programs
from sessions.silence import Quiet, quiet


@dataclass(frozen=True)
class QuietPair:
    pair_id: int
    never_met: bool
    cadence_days: int
    settings: MentoringSettings
    quiet: Quiet
    program_name: str = ""


@dataclass
class PairPeople:
    pair: Pair
    members: list[PairMember]

    @property
    def program(self) -> Program:
        return self.pair.cohort.program

    def partners_of(self, member: PairMember) -> str:
        return names([m.participant.employee.name for m in self.members if m.pk != member.pk])

    @property
    def people(self) -> str:
        return names([m.participant.employee.name for m in self.members])

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


def quiet_pairs(organization: Organization, now: datetime.datetime) -> list[QuietPair]:
    """How long each running pair has been quiet (pairs with a meeting planned ahead are left
    out: they are not quiet). Three queries, plain values only.

    The database leaves out the pairs with a meeting ahead (four in five of a busy year) and,
    on PostgreSQL, gives the days on the organization's calendar (the last meeting's and the
    publication's: ``local_day``), so no moment is read and converted per pair."""
    today = organization_today(organization, now)
    base = running_pairs_queryset(organization, today).exclude(
        Exists(Meeting.objects.filter(pair=OuterRef("pk"), status=MeetingStatus.SCHEDULED, starts_at__gt=now))
    )
    rows = list(
        base.annotate(published_day=local_day("published_at", organization))
        .values_list("pk", "published_day", "cohort__program_id")
        .order_by("pk")
    )
    if not rows:
        return []
    programs = {
        program.pk: program
        for program in Program.objects.filter(pk__in={program_id for _, _, program_id in rows})
    }
    settings = mentoring_settings_for_programs(programs.values())
    last_met = dict(
        Meeting.objects.filter(pair__in=base.values("pk"), status=MeetingStatus.HAPPENED, starts_at__lte=now)
        .values("pair_id")
        .annotate(last=Max(local_day("starts_at", organization)))
        .values_list("pair_id", "last")
    )
    found = []
    for pair_id, published_on, program_id in rows:
        last_met_on = as_local_day(last_met.get(pair_id), organization)
        program = programs[program_id]
        state = quiet(
            last_met_on=last_met_on,
            published_on=as_local_day(published_on, organization),
            program_start=program.start_date,
            meeting_ahead=False,
            today=today,
        )
        if state is not None:
            found.append(
                QuietPair(
                    pair_id=pair_id,
                    never_met=last_met_on is None,
                    cadence_days=program.meeting_cadence_days,
                    settings=settings[program_id],
                    quiet=state,
                    program_name=program.name,
                )
            )
    return found


def current_members(pair_ids) -> dict[int, list[Person]]:
    """The current members of the pairs as plain values (``Person``: id is the member's, the
    group the pair's), in the order ``pairs_with_members`` gives. One query."""
    pair_ids = list(pair_ids)
    if not pair_ids:
        return {}
    return people_by_group(
        PairMember.objects.filter(pair_id__in=pair_ids, left_at__isnull=True)
        .order_by("pair_id", "role", "pk")
        .values_list("pk", "pair_id", *Person.values("participant__employee"))
    )


def partners_of(people: list[Person], person: Person) -> str:
    return names([p.name for p in people if p.id != person.id])


def pairs_with_members(pair_ids) -> dict[int, PairPeople]:
    """The pairs (with cohort, program, organization) and their current members (with roster
    rows and accounts), by pair id. Two queries."""
    pair_ids = list(pair_ids)
    if not pair_ids:
        return {}
    found = {
        pair.pk: PairPeople(pair=pair, members=[])
        for pair in Pair.objects.filter(pk__in=pair_ids).select_related("cohort__program", "organization")
    }
    members: dict[int, list[PairMember]] = defaultdict(list)
    for member in (
        PairMember.objects.filter(pair_id__in=pair_ids, left_at__isnull=True)
        .select_related("participant__employee__user")
        .order_by("pair_id", "role", "pk")
    ):
        members[member.pair_id].append(member)
    for pair_id, people in found.items():
        people.members = members[pair_id]
    return found
