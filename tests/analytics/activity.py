"""A mentoring year's activity for analytics tests: pairs, meetings, sessions, check-ins, goals.

``mentoring_year(cohort, until=…)`` pairs the cohort's mentors with its mentees from the
cohort's start, logs meetings most months (some pairs drift off), holds a learning session
each month with most seats taken, answers check-ins every quarter and gives every participant
a goal plan — so the engagement figures have something to count.
"""

import datetime
import random

from cohorts.models import Cohort, Participant, ParticipantStatus
from matching.models import MemberRole, Pair, PairKind, PairMember
from organizations.clock import local_datetime
from organizations.months import add_months
from programs.models import ApplicantRole
from sessions.models import Attendance, CheckIn, LearningSession, Meeting, MeetingStatus
from sessions.models.learning import AttendanceSource
from tests.goals.factories import GoalFactory, GoalPlanFactory, MilestoneFactory


def mentoring_year(cohort: Cohort, *, until: datetime.date, seed: int = 7) -> list[Pair]:
    rng = random.Random(seed + cohort.pk)
    organization = cohort.organization
    start = cohort.program.start_date
    noon = datetime.time(12)
    people = Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED).order_by("pk")
    mentors = [p for p in people if p.role == ApplicantRole.MENTOR]
    mentees = [p for p in people if p.role == ApplicantRole.MENTEE]
    pairs = []
    for index, mentee in enumerate(mentees):
        mentor = mentors[index % len(mentors)]
        pair = Pair.objects.create(
            organization=organization,
            cohort=cohort,
            kind=PairKind.ONE_TO_ONE,
            published_at=local_datetime(start, noon, organization),
        )
        members = [
            PairMember.objects.create(
                organization=organization,
                pair=pair,
                participant=participant,
                role=role,
                joined_at=local_datetime(start, noon, organization),
            )
            for participant, role in ((mentor, MemberRole.MENTOR), (mentee, MemberRole.MENTEE))
        ]
        pairs.append((pair, members, rng.random()))
    month, quarter = start, 0
    while month <= until:
        session = LearningSession.objects.create(
            organization=organization,
            cohort=cohort,
            title="Monthly workshop",
            kind="workshop",
            audience="everyone",
            starts_at=local_datetime(month + datetime.timedelta(days=9), noon, organization),
            duration_minutes=90,
        )
        for participant in people:
            if rng.random() < 0.8:
                Attendance.objects.create(
                    organization=organization,
                    session=session,
                    participant=participant,
                    source=AttendanceSource.MANAGER,
                )
        quarter_ends = (month.year * 12 + month.month - start.year * 12 - start.month) % 3 == 2
        quarter += quarter_ends
        for pair, members, keenness in pairs:
            for _ in range(rng.choice((0, 1, 1, 2)) if rng.random() < keenness + 0.3 else 0):
                day = month + datetime.timedelta(days=rng.randrange(0, 27))
                if day <= until:
                    Meeting.objects.create(
                        organization=organization,
                        pair=pair,
                        starts_at=local_datetime(day, noon, organization),
                        duration_minutes=45,
                        format="video",
                        status=MeetingStatus.HAPPENED,
                    )
            if quarter_ends:
                for member in members:
                    CheckIn.objects.create(
                        organization=organization,
                        pair=pair,
                        member=member,
                        round=quarter,
                        due_on=month,
                        answered_at=local_datetime(month + datetime.timedelta(days=3), noon, organization),
                        usefulness=rng.choice((3, 4, 4, 5)),
                        met_as_planned=rng.random() < 0.7,
                        would_continue=rng.random() < 0.85,
                    )
        month = add_months(month, 1)
    for _, members, _ in pairs:
        for member in members:
            plan = GoalPlanFactory(member=member)
            for status in rng.sample(["done", "on_track", "at_risk", "not_started", "done"], 3):
                goal = GoalFactory(plan=plan, status=status)
                MilestoneFactory(goal=goal, completed_at=None)
    return [pair for pair, _, _ in pairs]
