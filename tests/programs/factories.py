"""Factories for programs. Children take their organization from their parent."""

import datetime

import factory
from django.utils import timezone

from programs.models import (
    ApplicantRole,
    Application,
    ApplicationStatus,
    EligibilityRule,
    Program,
    ProgramPhase,
    ProgramStatus,
    RuleKind,
)
from tests.factories import EmployeeFactory, OrganizationFactory


class ProgramFactory(factory.django.DjangoModelFactory):
    """A draft program with no rules or phases (services add the defaults; factories don't)."""

    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Rising Leaders {2026 + n % 3} #{n}")
    purpose = "retention"
    structure = "one_to_one"
    start_date = datetime.date(2026, 9, 1)
    end_date = datetime.date(2027, 9, 1)
    mentee_limit = 10
    mentor_limit = 10
    status = ProgramStatus.DRAFT

    class Params:
        open_now = factory.Trait(
            status=ProgramStatus.APPLICATIONS_OPEN,
            applications_open_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
            applications_close_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20)),
        )


class ProgramPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramPhase

    program = factory.SubFactory(ProgramFactory)
    organization = factory.SelfAttribute("program.organization")
    name = "Kickoff"
    date = factory.SelfAttribute("program.start_date")


class EligibilityRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityRule

    program = factory.SubFactory(ProgramFactory)
    organization = factory.SelfAttribute("program.organization")
    applies_to = ApplicantRole.MENTEE
    kind = RuleKind.MIN_TENURE_MONTHS
    value = 12


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    program = factory.SubFactory(ProgramFactory, open_now=True)
    organization = factory.SelfAttribute("program.organization")
    employee = factory.SubFactory(EmployeeFactory, organization=factory.SelfAttribute("..organization"))
    user = None
    role = ApplicantRole.MENTEE
    motivation = "I want to grow into a leadership role."
    learning_goals = "Leading a team; negotiating."
    status = ApplicationStatus.SUBMITTED
    eligible = True
    eligibility_failures = factory.LazyFunction(list)
    evaluated_on = factory.LazyFunction(timezone.localdate)

    class Params:
        ineligible = factory.Trait(
            status=ApplicationStatus.INELIGIBLE,
            eligible=False,
            eligibility_failures=factory.LazyFunction(
                lambda: [
                    {
                        "rule": "min_tenure_months",
                        "label": "Minimum tenure (months)",
                        "person_value": 3,
                        "required_value": 12,
                        "message": "You have 3 months' tenure; this program asks for at least 12.",
                    }
                ]
            ),
        )


def program_design(**overrides) -> dict:
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
        "target_by": datetime.date(2027, 9, 1),
        "structure": "one_to_one",
        "group_size": None,
        "start_date": datetime.date(2026, 9, 1),
        "end_date": None,
        "meeting_cadence_days": 14,
        "applications_open_at": now - datetime.timedelta(days=1),
        "applications_close_at": now + datetime.timedelta(days=20),
        "mentee_limit": 10,
        "mentor_limit": 10,
    }
    values.update(overrides)
    return values
