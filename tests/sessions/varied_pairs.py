"""A cohort with pairs in every state health knows (shared by the stored-facts tests)."""

import datetime

from django.utils import timezone

from goals.models import GoalPlan
from matching.models import PairMember
from tests.factories import UserFactory
from tests.goals.factories import GoalFactory, MilestoneFactory
from tests.sessions.factories import CheckInFactory, MeetingFactory, pair_of

NOW = timezone.now()


def ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def aged_pair(cohort, *, published_days_ago: int, met_days_ago: int | None = None):
    pair = pair_of(UserFactory(), UserFactory(), cohort, published_at=ago(published_days_ago))
    if met_days_ago is not None:
        MeetingFactory(pair=pair, starts_at=ago(met_days_ago))
    return pair


def varied_cohort(cohort):
    """Pairs in every state health knows, and facts it must ignore."""
    healthy = aged_pair(cohort, published_days_ago=40, met_days_ago=3)
    aged_pair(cohort, published_days_ago=2)  # just matched
    aged_pair(cohort, published_days_ago=45)  # never met: stalled
    aged_pair(cohort, published_days_ago=60, met_days_ago=25)  # quiet: at risk
    aged_pair(cohort, published_days_ago=90, met_days_ago=70)  # silent: stalled
    rated_low = aged_pair(cohort, published_days_ago=40, met_days_ago=3)
    mentee, mentor = PairMember.objects.filter(pair=rated_low).order_by("role")
    CheckInFactory(pair=rated_low, member=mentee, round=1, answered=True, usefulness=5)
    CheckInFactory(pair=rated_low, member=mentee, round=2, answered=True, usefulness=1)
    CheckInFactory(pair=rated_low, member=mentor, round=1, answered=True, usefulness=4, would_continue=False)
    overdue = aged_pair(cohort, published_days_ago=40, met_days_ago=3)
    plan = GoalPlan.objects.create(
        organization=cohort.organization, member=PairMember.objects.filter(pair=overdue).first()
    )
    goal = GoalFactory(plan=plan)
    today = timezone.localdate()
    MilestoneFactory(goal=goal, due_date=today - datetime.timedelta(days=2))
    MilestoneFactory(goal=goal, due_date=today - datetime.timedelta(days=5))
    MilestoneFactory(goal=goal, due_date=today - datetime.timedelta(days=5), completed_at=NOW)
    # A member who left: their low answer no longer counts.
    left = PairMember.objects.filter(pair=healthy).order_by("role").first()
    CheckInFactory(pair=healthy, member=left, round=1, answered=True, usefulness=1)
    PairMember.objects.filter(pk=left.pk).update(left_at=NOW)
