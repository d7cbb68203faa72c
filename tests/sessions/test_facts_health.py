"""``cohort_pair_health``, the managers' digest's quick read, judges every pair exactly as the
full ``cohort_pair_facts`` does, in a fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goals.models import GoalPlan
from matching.models import PairMember
from sessions.facts import cohort_pair_facts, cohort_pair_health
from sessions.health import HealthStatus
from tests.factories import UserFactory
from tests.goals.factories import GoalFactory, MilestoneFactory
from tests.sessions.factories import CheckInFactory, MeetingFactory, pair_of

NOW = timezone.now()


def _ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def _pair(cohort, *, published_days_ago: int, met_days_ago: int | None = None):
    pair = pair_of(UserFactory(), UserFactory(), cohort, published_at=_ago(published_days_ago))
    if met_days_ago is not None:
        MeetingFactory(pair=pair, starts_at=_ago(met_days_ago))
    return pair


def _varied_cohort(cohort):
    """Pairs in every state health knows, and facts it must ignore."""
    healthy = _pair(cohort, published_days_ago=40, met_days_ago=3)
    _pair(cohort, published_days_ago=2)  # just matched
    _pair(cohort, published_days_ago=45)  # never met: stalled
    _pair(cohort, published_days_ago=60, met_days_ago=25)  # quiet: at risk
    _pair(cohort, published_days_ago=90, met_days_ago=70)  # silent: stalled
    rated_low = _pair(cohort, published_days_ago=40, met_days_ago=3)
    mentee, mentor = PairMember.objects.filter(pair=rated_low).order_by("role")
    CheckInFactory(pair=rated_low, member=mentee, round=1, answered=True, usefulness=5)
    CheckInFactory(pair=rated_low, member=mentee, round=2, answered=True, usefulness=1)
    CheckInFactory(pair=rated_low, member=mentor, round=1, answered=True, usefulness=4, would_continue=False)
    overdue = _pair(cohort, published_days_ago=40, met_days_ago=3)
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


def test_every_pair_is_judged_as_the_full_facts_judge_it(cohort):
    _varied_cohort(cohort)
    today = timezone.localdate()
    quick = cohort_pair_health(cohort=cohort, as_of=today, now=NOW)
    full = {fact.pair.pk: fact.health for fact in cohort_pair_facts(cohort=cohort, as_of=today, now=NOW)}
    assert quick == full
    assert {health.status for health in quick.values()} >= {
        HealthStatus.STALLED,
        HealthStatus.AT_RISK,
        HealthStatus.HEALTHY,
    }


def test_its_queries_do_not_grow_with_the_pairs(cohort):
    _varied_cohort(cohort)
    today = timezone.localdate()
    cohort_pair_health(cohort=cohort, as_of=today, now=NOW)  # settings read once and cached
    with CaptureQueriesContext(connection) as before:
        cohort_pair_health(cohort=cohort, as_of=today, now=NOW)
    for _ in range(5):
        _pair(cohort, published_days_ago=30, met_days_ago=20)
    with CaptureQueriesContext(connection) as after:
        cohort_pair_health(cohort=cohort, as_of=today, now=NOW)
    assert len(after) == len(before) <= 6
