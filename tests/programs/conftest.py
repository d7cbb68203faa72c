import datetime

import pytest
from django.utils import timezone

from programs.services.programs import program_create
from tests.factories import EmployeeFactory

D = datetime.date


def design(**overrides) -> dict:
    """Every design field of a valid program, ready for program_create."""
    now = timezone.now()
    values = {
        "name": "Rising Leaders 2026",
        "description": "A year of mentoring for future team leads.",
        "purpose": "retention",
        "purpose_custom": "",
        "target_metric": "12-month voluntary attrition of participants (%)",
        "target_baseline": 18,
        "target_value": 12,
        "target_by": D(2027, 9, 1),
        "structure": "one_to_one",
        "group_size": None,
        "start_date": D(2026, 9, 1),
        "end_date": None,
        "meeting_cadence_days": 14,
        "applications_open_at": now - datetime.timedelta(days=1),
        "applications_close_at": now + datetime.timedelta(days=20),
        "mentee_limit": 10,
        "mentor_limit": 10,
    }
    values.update(overrides)
    return values


@pytest.fixture
def program(org, manager):
    """A draft program made by the service: default phases and rules included."""
    return program_create(organization=org, actor=manager, **design())


@pytest.fixture
def mentee_employee(org, mentee):
    """The mentee's roster row: eligible for the default mentee rules."""
    return EmployeeFactory(
        organization=org,
        user=mentee,
        email=mentee.email,
        name="Mia Mentee",
        hire_date=D(2020, 1, 6),
        department="Finance",
        level=2,
        performance_rating=3,
    )


@pytest.fixture
def mentor_employee(org, mentor):
    return EmployeeFactory(
        organization=org,
        user=mentor,
        email=mentor.email,
        name="Max Mentor",
        hire_date=D(2012, 5, 1),
        department="Engineering",
        level=5,
        performance_rating=4,
    )
