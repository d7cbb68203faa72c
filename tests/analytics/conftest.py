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
