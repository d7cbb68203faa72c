import pytest

from organizations.models import Employee
from tests.cohorts.factories import CohortFactory, ParticipantFactory, employee_of_user
from tests.cohorts.teams.factories import leader_employee


@pytest.fixture
def cohort(org):
    return CohortFactory(program__organization=org, status="active", program__status="active")


@pytest.fixture
def leader_row(org, senior_leader) -> Employee:
    return leader_employee(org, senior_leader, department="Sales", level=7)


@pytest.fixture
def mentee_participant(cohort, org, mentee):
    return ParticipantFactory(cohort=cohort, application__employee=employee_of_user(mentee, org))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded team files land in a temporary MEDIA_ROOT, one per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
