"""A roster with three years and more of history and two cohorts, refreshed into facts."""

import datetime

import pytest

from analytics.services.refresh import facts_refresh
from tests.analytics.factories import random_roster, two_cohorts

AS_OF = datetime.date(2026, 6, 15)


@pytest.fixture
def history_roster(org, other_org):
    """Acme's roster (160 people since 2018, with promotions, moves and leavers of each type),
    its 2024 and 2025 classes, and a roster in Globex that must never show up in Acme's facts."""
    employees = random_roster(org, as_of=AS_OF)
    cohorts = two_cohorts(org, employees, as_of=AS_OF)
    random_roster(other_org, seed=11, people=40, as_of=AS_OF)
    return cohorts


@pytest.fixture
def refreshed(org, history_roster):
    facts_refresh(organization=org, as_of=AS_OF)
    return history_roster


@pytest.fixture
def four_finance_mentors(org, other_org):
    """A class started on 1 September 2024, as the issue found it: four Finance mentors (too few
    to show) whose eight comparison people (k = 2) would give them away, six Sales mentors, and
    twelve Engineering mentees with only four look-alikes to draw from (a comparison too small on
    its own). Globex has a roster of its own that must never show up."""
    from programs.models import ApplicantRole
    from tests.analytics.factories import cohort_starting, hire, join

    D = datetime.date
    cohort = cohort_starting(org, D(2024, 9, 1), name="2024 class")
    classes = (
        (ApplicantRole.MENTEE, "Engineering", 2, 12, 4),
        (ApplicantRole.MENTOR, "Finance", 5, 4, 10),
        (ApplicantRole.MENTOR, "Sales", 5, 6, 14),
    )
    for role, department, level, participants, lookalikes in classes:
        for _ in range(participants):
            join(cohort, hire(org, hired=D(2018, 5, 7), department=department, level=level), role)
        for _ in range(lookalikes):
            hire(org, hired=D(2018, 9, 3), department=department, level=level)
    random_roster(other_org, seed=11, people=40, as_of=AS_OF)
    facts_refresh(organization=org, as_of=AS_OF)
    return cohort
