"""Factories for cohorts. Children take their organization from their parent."""

import datetime

import factory
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant, TrustProfile
from organizations.models import Employee, Membership
from programs.models import ApplicantRole, Application, ApplicationStatus, ProgramStatus
from tests.factories import EmployeeFactory
from tests.programs.factories import ApplicationFactory, ProgramFactory


class CohortFactory(factory.django.DjangoModelFactory):
    """A class being chosen, for a program in selection; limits copied from the program."""

    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory, status=ProgramStatus.SELECTING)
    organization = factory.SelfAttribute("program.organization")
    name = "2026 class"
    mentee_limit = factory.SelfAttribute("program.mentee_limit")
    mentor_limit = factory.SelfAttribute("program.mentor_limit")
    status = CohortStatus.SELECTING


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A selected participant through an accepted application to the cohort's program."""

    class Meta:
        model = Participant

    cohort = factory.SubFactory(CohortFactory)
    organization = factory.SelfAttribute("cohort.organization")
    application = factory.SubFactory(
        ApplicationFactory,
        program=factory.SelfAttribute("..cohort.program"),
        status=ApplicationStatus.ACCEPTED,
    )
    employee = factory.SelfAttribute("application.employee")
    role = factory.SelfAttribute("application.role")


def applicant(
    program,
    *,
    department: str = "Engineering",
    level: int = 2,
    role: str = ApplicantRole.MENTEE,
    status: str = ApplicationStatus.ACCEPTED,
    days_ago: int = 0,
    name: str | None = None,
) -> Application:
    """An application to ``program`` by a new employee of its organization, dated ``days_ago``."""
    employee_fields = {"organization": program.organization, "department": department, "level": level}
    if name:
        employee_fields["name"] = name
    application = ApplicationFactory(
        program=program,
        employee=EmployeeFactory(**employee_fields),
        role=role,
        status=status,
        offer="Twenty years of finance." if role == ApplicantRole.MENTOR else "",
    )
    # created_at is auto_now_add: date the application by hand so selection order is known.
    applied_at = timezone.now() - datetime.timedelta(days=days_ago)
    Application.objects.filter(pk=application.pk).update(created_at=applied_at)
    application.created_at = applied_at
    return application


class TrustProfileFactory(factory.django.DjangoModelFactory):
    """A complete trust profile from the default framework; the participant is a mentee unless
    ``participant__application__role`` says otherwise."""

    class Meta:
        model = TrustProfile

    participant = factory.SubFactory(ParticipantFactory)
    organization = factory.SelfAttribute("participant.organization")
    values = factory.LazyFunction(lambda: ["Integrity", "Growth"])
    passions = factory.LazyFunction(lambda: ["Builder", "Connector", "Teacher"])
    purpose_statement = "I want the people who depend on my team to trust what we deliver."
    strengths = factory.LazyFunction(lambda: ["Writing", "Project management"])
    learning_wishes = factory.LazyFunction(lambda: ["Negotiation", "Pricing"])
    mentor_capacity = 1


def employee_of_user(user, organization, **fields):
    """The roster row of ``user`` in ``organization``, made the first time."""
    employee = Employee.objects.filter(organization=organization, user=user).first()
    return employee or EmployeeFactory(organization=organization, user=user, email=user.email, **fields)


def cohort_of_everyone(organization, *, role: str = ApplicantRole.MENTEE) -> Cohort:
    """A fresh active cohort in which every member of ``organization`` is selected (as ``role``).

    For the access table: each role's user then has a trust profile of their own to fill,
    while another organization's admin has none and gets 404.
    """
    cohort = CohortFactory(
        program__organization=organization, program__status=ProgramStatus.ACTIVE, status=CohortStatus.ACTIVE
    )
    for membership in Membership.objects.filter(organization=organization).select_related("user"):
        ParticipantFactory(
            cohort=cohort,
            application__employee=employee_of_user(membership.user, organization),
            application__role=role,
        )
    return cohort
