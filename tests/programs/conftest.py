import datetime

import pytest

from programs.services.programs import program_create
from tests.factories import EmployeeFactory
from tests.programs.factories import program_design

D = datetime.date


@pytest.fixture
def program(org, manager):
    """A draft program made by the service: default phases and rules included."""
    return program_create(organization=org, actor=manager, **program_design())


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
