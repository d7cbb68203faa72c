"""A published pair in Acme whose mentor and mentee sign in as the conftest users."""

import pytest

from matching.models import MemberRole
from tests.goals.factories import GoalFactory, GoalPlanFactory, linked_pair, member_in


@pytest.fixture
def pair(org, mentor, mentee):
    return linked_pair(org, mentor=mentor, mentee=mentee)


@pytest.fixture
def mentee_member(pair):
    return member_in(pair, MemberRole.MENTEE)


@pytest.fixture
def mentor_member(pair):
    return member_in(pair, MemberRole.MENTOR)


@pytest.fixture
def mentee_plan(mentee_member):
    return GoalPlanFactory(member=mentee_member)


@pytest.fixture
def goal(mentee_plan):
    return GoalFactory(plan=mentee_plan, title="Lead the Q3 pricing review")
