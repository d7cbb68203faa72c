"""The programs app's steps on the overview: applications to review; programs a member may apply to."""

import pytest
from django.urls import reverse

from programs.models import ApplicationStatus
from tests.cohorts.factories import employee_of_user
from tests.programs.factories import ApplicationFactory, EligibilityRuleFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _overview(client, org) -> str:
    return client.get(reverse("dashboard", kwargs={"org_slug": org.slug})).content.decode()


def test_managers_see_how_many_applications_wait_for_review_with_a_link(org, manager, mentee, client_for):
    program = ProgramFactory(organization=org, open_now=True, name="Acme Rising")
    ApplicationFactory.create_batch(3, program=program)
    ApplicationFactory(program=program, status=ApplicationStatus.ACCEPTED)
    page = _overview(client_for(manager), org)
    assert "3 applications to review" in page
    assert reverse("programs:applications", kwargs={"org_slug": org.slug, "pk": program.pk}) in page
    assert "applications to review" not in _overview(client_for(mentee), org)


def test_a_member_sees_an_open_program_only_when_the_rules_let_them_apply(org, mentee, client_for):
    employee_of_user(mentee, org, level=2)
    program = ProgramFactory(organization=org, open_now=True, name="Acme Rising")
    assert "Applications are open for Acme Rising" in _overview(client_for(mentee), org)
    EligibilityRuleFactory(program=program, applies_to="mentee", kind="min_level", value=5)
    EligibilityRuleFactory(program=program, applies_to="mentor", kind="min_level", value=5)
    assert "Applications are open for Acme Rising" not in _overview(client_for(mentee), org)


def test_once_applied_the_member_is_told_it_is_with_the_program_team(org, mentee, client_for):
    employee = employee_of_user(mentee, org)
    program = ProgramFactory(organization=org, open_now=True, name="Acme Rising")
    ApplicationFactory(program=program, employee=employee, user=mentee)
    page = _overview(client_for(mentee), org)
    assert "Applications are open for Acme Rising" not in page
    assert "Your application to Acme Rising is with the program team" in page


def _queries(client, org) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("dashboard", kwargs={"org_slug": org.slug}))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard", kwargs={"org_slug": org.slug}))
    return len(queries)


def test_open_programs_cost_the_same_queries_however_many_there_are(org, mentee, client_for):
    """Each open program's rules are read together (not one query per program), and the roster
    row once, already linked."""
    employee_of_user(mentee, org, level=2)
    client = client_for(mentee)

    def open_program(name):
        program = ProgramFactory(organization=org, open_now=True, name=name)
        EligibilityRuleFactory(program=program, applies_to="mentee", kind="min_level", value=1)
        return program

    open_program("Acme Rising")
    one = _queries(client, org)
    open_program("Acme Bridge")
    open_program("Acme Circle")
    page = _overview(client, org)
    assert "Applications are open for Acme Bridge" in page and "Applications are open for Acme Circle" in page
    assert _queries(client, org) == one


def test_a_member_without_a_roster_row_is_linked_to_one_that_appears(org, mentee, client_for):
    """The overview links the member to a roster row with their email when one is loaded (the
    link the application form makes too), then finds it linked."""
    from organizations.models import Employee
    from tests.factories import EmployeeFactory

    ProgramFactory(organization=org, open_now=True, name="Acme Rising")
    client = client_for(mentee)
    assert "Applications are open for Acme Rising" not in _overview(client, org)  # no roster row
    row = EmployeeFactory(organization=org, email=mentee.email.upper(), level=2)
    assert "Applications are open for Acme Rising" in _overview(client, org)
    assert Employee.objects.get(pk=row.pk).user_id == mentee.pk
