"""Leadership Bridge 2026's first two months, so its overview and goal pages have something real.

The first wave filled their trust profiles in the first week; the manager matched and
published them ten days in; the pairs have met (most every fortnight, one pair never, one
that stopped after two meetings), keep goal plans with a first milestone done here and there,
went to the kickoff and the feedback workshop, and answered the first relationship check-in.
Last week mentee@, mentor@ and five more colleagues got the places left, from the waiting
list: they are the people a new user matches ("Run matching", then publish).

Written at each moment through the services (``demo/timeline.py``). Idempotent: a cohort
with a match run is left alone.
"""

import datetime
import random

from cohorts.models import Participant, ParticipantStatus
from cohorts.selectors import cohort_for_program
from cohorts.services import waitlist_promote
from demo.context import DemoContext
from demo.mentoring.cohort import CohortYear, cohort_counts
from demo.mentoring.rhythms import NEVER_MET, STALLED
from demo.profiles import profile_fields, profile_save
from demo.programs import BRIDGE, LATE_JOINERS
from demo.timeline import Timeline, working_day
from matching.models import MatchRun
from organizations.clock import organization_today
from programs.models import ApplicantRole, Program


def seed_bridge_first_months(context: DemoContext) -> str:
    program = Program.objects.filter(name=BRIDGE).first()
    cohort = cohort_for_program(program) if program else None
    if cohort is None:
        return f"{BRIDGE}: no class to follow."
    if MatchRun.objects.filter(cohort=cohort).exists():
        return f"{BRIDGE}'s first months: already seeded."
    if Participant.objects.filter(cohort=cohort, employee__user=context.accounts["mentee"]).exists():
        # An earlier demo put the whole class in at the start; its months cannot be replayed.
        return f"{BRIDGE}'s first months: not added to a class seeded by an earlier demo (start afresh)."
    organization = context.organization
    manager = context.accounts["manager"]
    start = program.start_date
    today = organization_today(organization)
    timeline = Timeline(organization)
    year = CohortYear(
        context=context, cohort=cohort, timeline=timeline, rng=random.Random(f"{organization.slug}-{BRIDGE}")
    )

    first_wave = list(
        Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED)
        .select_related("employee__user", "application")
        .order_by("role", "application__created_at", "id")
    )
    for role in (ApplicantRole.MENTEE, ApplicantRole.MENTOR):
        people = [p for p in first_wave if p.role == role]
        for index, participant in enumerate(people):
            moment = timeline.at(start + datetime.timedelta(days=1 + index % 6), 18 + index % 4, 10)
            timeline.add(
                moment,
                lambda participant=participant, index=index: profile_save(
                    participant, manager, **profile_fields(participant, index)
                ),
            )
    year.session("kickoff", working_day(start + datetime.timedelta(days=6)))
    year.match(
        run_at=timeline.at(start + datetime.timedelta(days=9), 15),
        publish_at=timeline.at(start + datetime.timedelta(days=10), 10),
        troubled=(NEVER_MET, STALLED),
    )
    year.session("feedback", working_day(start + datetime.timedelta(days=38)))
    year.session("mentors", working_day(today + datetime.timedelta(days=9)), hour=16)

    def late_joiners() -> None:
        for role, count in LATE_JOINERS.items():
            for _ in range(count):
                waitlist_promote(cohort=cohort, role=role, actor=manager)

    timeline.add(timeline.at(today - datetime.timedelta(days=6), 11), late_joiners)
    timeline.run_until()

    counts = cohort_counts(cohort)
    waiting = sum(LATE_JOINERS.values())
    return (
        f"{BRIDGE}'s first months: {counts['pairs']} pairs published on "
        f"{start + datetime.timedelta(days=10):%d %b}, {counts['meetings']} meetings, "
        f"{counts['goals']} goals, {counts['checkins']} check-in answers, {counts['sessions']} learning "
        f"sessions; {waiting} latecomers (mentee@ and mentor@ among them) wait to be matched."
    )
