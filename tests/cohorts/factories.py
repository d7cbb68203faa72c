"""Factories for cohorts. Children take their organization from their parent."""

import datetime

import factory
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant
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
