"""The demo's project teams: three challenges from leader@, teams formed, one presentation
scored by a second senior leader, one talent flag; running the step twice changes nothing."""

import pytest

from cohorts.models import CohortStatus
from cohorts.teams.models import (
    BusinessChallenge,
    ChallengeStatus,
    CouncilReview,
    CouncilSeat,
    Presentation,
    TalentFlag,
    TeamMember,
)
from demo.context import DemoContext
from demo.programs import BRIDGE
from demo.project_teams import seed_project_teams
from tests.cohorts.factories import CohortFactory, ParticipantFactory
from tests.cohorts.teams.factories import leader_employee
from tests.factories import EmployeeFactory


@pytest.fixture
def bridge(org):
    cohort = CohortFactory(
        program__organization=org, program__name=BRIDGE, status=CohortStatus.ACTIVE, program__status="active"
    )
    for index in range(9):
        employee = EmployeeFactory(
            organization=org, department=("Sales", "Tech", "Finance")[index % 3], level=2
        )
        ParticipantFactory(cohort=cohort, application__employee=employee)
    EmployeeFactory(organization=org, department="Operations", level=9, name="Olga Head")
    return cohort


@pytest.fixture
def context(org, manager, senior_leader):
    leader_employee(org, senior_leader, department="Engineering", level=9)
    return DemoContext(organization=org, accounts={"leader": senior_leader, "manager": manager}, password="x")


def _counts(cohort):
    return (
        BusinessChallenge.objects.filter(cohort=cohort, status=ChallengeStatus.ACCEPTED).count(),
        TeamMember.objects.filter(team__cohort=cohort).count(),
        CouncilSeat.objects.filter(cohort=cohort).count(),
        Presentation.objects.filter(team__cohort=cohort).count(),
        CouncilReview.objects.filter(team__cohort=cohort, submitted_at__isnull=False).count(),
        TalentFlag.objects.filter(cohort=cohort).count(),
    )


def test_the_demo_gets_challenges_teams_a_scored_presentation_and_a_flag_once(bridge, context, senior_leader):
    seed_project_teams(context)
    assert _counts(bridge) == (3, 9, 2, 3, 1, 1)
    assert set(BusinessChallenge.objects.values_list("submitted_by", flat=True)) == {senior_leader.pk}
    reviewer = CouncilReview.objects.get().reviewer
    assert (
        reviewer != senior_leader
        and reviewer.email == EmployeeFactory._meta.model.objects.get(name="Olga Head").email
    )
    seed_project_teams(context)
    assert _counts(bridge) == (3, 9, 2, 3, 1, 1)
