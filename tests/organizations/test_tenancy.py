import contextvars

import pytest
from django_scopes import ScopeError

from organizations.models import Employee
from organizations.tenancy import organization_scope
from tests.factories import EmployeeFactory


def test_tenant_query_outside_a_scope_raises(org):
    EmployeeFactory(organization=org)
    # Code that forgets to open a scope runs with none at all: a fresh context, like a new thread.
    with pytest.raises(ScopeError):
        contextvars.Context().run(lambda: list(Employee.objects.all()))


def test_scope_shows_only_its_own_organization(org, other_org):
    mine = EmployeeFactory(organization=org)
    EmployeeFactory(organization=other_org)
    with organization_scope(org):
        assert list(Employee.objects.all()) == [mine]


def test_an_empty_organization_scope_is_refused():
    with pytest.raises(ValueError), organization_scope(None):
        pass


def test_outsider_gets_404_for_an_organization_page(client_for, outsider, org):
    assert client_for(outsider).get(f"/o/{org.slug}/").status_code == 404


def test_missing_and_foreign_organizations_look_the_same(client_for, outsider, org):
    foreign = client_for(outsider).get(f"/o/{org.slug}/")
    missing = client_for(outsider).get("/o/no-such-org/")
    assert foreign.status_code == missing.status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, org):
    response = client.get(f"/o/{org.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_member_sees_their_organization(client_for, mentee, org):
    response = client_for(mentee).get(f"/o/{org.slug}/")
    assert response.status_code == 200
    assert b"Acme" in response.content
