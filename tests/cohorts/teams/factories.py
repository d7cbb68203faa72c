"""Factories for project teams. Children take their organization from their parent."""

import factory

from cohorts.teams.models import BusinessChallenge, ChallengePreference, ChallengeStatus
from organizations.models import Membership
from organizations.roles import Role
from tests.cohorts.factories import CohortFactory, employee_of_user
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory


def leader_employee(organization, user=None, **fields):
    """The roster row of a senior leader of ``organization`` (a new one unless ``user`` is given)."""
    if user is None:
        user = MembershipFactory(organization=organization, role=Role.SENIOR_LEADER, user=UserFactory()).user
    elif not Membership.objects.filter(organization=organization, user=user).exists():
        MembershipFactory(organization=organization, role=Role.SENIOR_LEADER, user=user)
    return employee_of_user(user, organization, **fields)


class BusinessChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessChallenge

    cohort = factory.SubFactory(CohortFactory)
    organization = factory.SelfAttribute("cohort.organization")
    title = factory.Sequence(lambda n: f"Challenge {n}")
    problem = "Customers churn in their first ninety days."
    why_it_matters = "Each lost customer costs a year of revenue."
    expected_outcome = "A tested onboarding change."
    sponsor = factory.LazyAttribute(lambda o: leader_employee(o.organization))
    status = ChallengeStatus.SUBMITTED

    class Params:
        accepted = factory.Trait(status=ChallengeStatus.ACCEPTED)


class ChallengePreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengePreference

    challenge = factory.SubFactory(BusinessChallengeFactory, accepted=True)
    organization = factory.SelfAttribute("challenge.organization")
    rank = 1


__all__ = ["BusinessChallengeFactory", "ChallengePreferenceFactory", "EmployeeFactory", "leader_employee"]


def team_for(challenge, *members, adviser=None):
    """A team on ``challenge`` (accepted on the way) with ``members`` (participants)."""
    from cohorts.teams.models import ProjectTeam, TeamMember

    if challenge.status != ChallengeStatus.ACCEPTED:
        challenge.status = ChallengeStatus.ACCEPTED
        challenge.save(update_fields=["status"])
    team = ProjectTeam.objects.create(
        organization=challenge.organization, cohort=challenge.cohort, challenge=challenge, adviser=adviser
    )
    for participant in members:
        TeamMember.objects.create(organization=challenge.organization, team=team, participant=participant)
    return team


def a_team(organization):
    """A team of one mentee in a fresh active cohort of ``organization``, sponsored by a new leader."""
    from tests.cohorts.factories import CohortFactory, ParticipantFactory

    cohort = CohortFactory(program__organization=organization, status="active", program__status="active")
    return team_for(BusinessChallengeFactory(cohort=cohort), ParticipantFactory(cohort=cohort))


def team_file(team, *, name="plan.pdf", content=b"%PDF-1.4 plan", is_recommendation=False):
    from django.core.files.base import ContentFile

    from cohorts.teams.models import TeamFile

    item = TeamFile(
        organization=team.organization,
        team=team,
        title=name,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        is_recommendation=is_recommendation,
    )
    item.file.save(name, ContentFile(content), save=False)
    item.save()
    return item
