"""Roster rows are linked to members by email, never to strangers and never stolen."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q

from organizations.models import Employee
from organizations.roster.links import employee_link_for_user, employee_links_refresh
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory
from tests.services import require_postgresql


def test_a_member_is_linked_to_the_row_with_their_email_ignoring_case(org, mentee):
    employee = EmployeeFactory(organization=org, email="Mentee@ACME.test")

    linked = employee_link_for_user(organization=org, user=mentee)

    assert linked == employee
    employee.refresh_from_db()
    assert employee.user == mentee


def test_linking_works_without_an_open_scope(org, mentee):
    from django_scopes import scope

    EmployeeFactory(organization=org, email=mentee.email)
    with scope():  # scopes enabled, no organization: the service must open its own
        assert employee_link_for_user(organization=org, user=mentee) is not None


def test_a_row_linked_to_someone_else_is_not_taken(org, mentee):
    other = MembershipFactory(organization=org).user
    EmployeeFactory(organization=org, email=mentee.email, user=other)

    assert employee_link_for_user(organization=org, user=mentee) is None


def test_an_existing_link_is_returned_unchanged(org, mentee):
    mine = EmployeeFactory(organization=org, email="old-address@acme.test", user=mentee)
    EmployeeFactory(organization=org, email=mentee.email)

    assert employee_link_for_user(organization=org, user=mentee) == mine
    assert Employee.objects.filter(user=mentee).count() == 1


def test_a_non_member_is_never_linked(org, outsider):
    employee = EmployeeFactory(organization=org, email=outsider.email)

    assert employee_link_for_user(organization=org, user=outsider) is None
    employee.refresh_from_db()
    assert employee.user is None


def test_another_organizations_row_is_never_linked(org, other_org, mentee):
    EmployeeFactory(organization=other_org, email=mentee.email)

    assert employee_link_for_user(organization=org, user=mentee) is None


def test_the_active_row_wins_over_a_former_one_with_the_same_email(org, mentee):
    EmployeeFactory(
        organization=org,
        email=mentee.email,
        hire_date=datetime.date(2015, 1, 1),
        termination_date=datetime.date(2018, 1, 1),
        termination_type="voluntary",
    )
    rehired = EmployeeFactory(organization=org, email=mentee.email, hire_date=datetime.date(2021, 1, 1))

    assert employee_link_for_user(organization=org, user=mentee) == rehired


def test_refresh_links_every_member_with_a_matching_row_in_one_go(org, mentee, mentor):
    a = EmployeeFactory(organization=org, email=mentee.email.upper())
    b = EmployeeFactory(organization=org, email=mentor.email)
    stranger = EmployeeFactory(organization=org, email=UserFactory().email)

    assert employee_links_refresh(organization=org) == 2

    a.refresh_from_db()
    b.refresh_from_db()
    stranger.refresh_from_db()
    assert (a.user, b.user, stranger.user) == (mentee, mentor, None)


def test_refresh_skips_members_who_are_already_linked(org, mentee):
    EmployeeFactory(organization=org, email="first@acme.test", user=mentee)
    second = EmployeeFactory(organization=org, email=mentee.email)

    assert employee_links_refresh(organization=org) == 0
    second.refresh_from_db()
    assert second.user is None


def test_a_member_already_linked_or_with_no_row_costs_one_query(
    org, mentee, mentor, django_assert_num_queries
):
    """The overview asks on every visit while a program takes applications."""
    mine = EmployeeFactory(organization=org, email=mentee.email, user=mentee)
    with django_assert_num_queries(1):
        assert employee_link_for_user(organization=org, user=mentee) == mine
    with django_assert_num_queries(1):
        assert employee_link_for_user(organization=org, user=mentor) is None


@pytest.mark.services
def test_the_members_own_row_is_found_through_an_index_whatever_the_rosters_size(org, mentee):
    """The one query reads the row linked to the member or the free rows with their email in
    any case: ``user_id`` and ``UPPER(email)`` each have an index (on a large roster a scan of
    every row would cost each overview visit tens of milliseconds)."""
    require_postgresql()
    Employee.objects.bulk_create(EmployeeFactory.build_batch(3000, organization=org))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organizations_employee")
    query = Employee.objects.filter(
        Q(user=mentee) | Q(email__iexact=mentee.email, user__isnull=True), organization=org
    )
    plan = query.explain()
    assert "employee_org_email_ci" in plan
    assert "Seq Scan" not in plan
