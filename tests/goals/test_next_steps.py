"""The goals app's steps on the overview: write a plan; milestones due soon or overdue."""

import pytest
from django.urls import reverse

from tests.goals.factories import GoalFactory, GoalPlanFactory, MilestoneFactory, in_days
from tests.matching.factories import active_matching_cohort
from tests.sessions.factories import member_of, pair_of

pytestmark = pytest.mark.django_db


def _overview(client, org) -> str:
    return client.get(reverse("dashboard", kwargs={"org_slug": org.slug})).content.decode()


def test_a_person_without_goals_is_asked_to_write_their_plan(org, mentor, mentee, client_for):
    pair_of(mentor, mentee, active_matching_cohort(org))
    page = _overview(client_for(mentee), org)
    assert "Write your goal plan" in page


def test_milestones_due_soon_and_overdue_are_counted_for_their_owner(org, mentor, mentee, client_for):
    pair = pair_of(mentor, mentee, active_matching_cohort(org))
    plan = GoalPlanFactory(member=member_of(pair, mentee))
    goal = GoalFactory(plan=plan)
    MilestoneFactory(goal=goal, title="Draft the proposal", due_date=in_days(-2))
    MilestoneFactory(goal=goal, title="Present it", due_date=in_days(5))
    MilestoneFactory(goal=goal, title="Far away", due_date=in_days(60))
    page = _overview(client_for(mentee), org)
    assert "1 milestone overdue" in page
    assert "1 milestone due in the next two weeks" in page
    assert "Write your goal plan" not in page
    assert "milestone overdue" not in _overview(client_for(mentor), org)
