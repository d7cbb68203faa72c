"""Requiring single sign-on: a right password no longer signs in an address of the
organization's domains, except for its break-glass admins (organizations/adapters.py)."""

import pytest
from django.test import Client

from organizations.models import AuditAction, AuditEntry, Membership
from organizations.roles import Role
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory
from tests.organizations.sso.conftest import set_up_oidc


def password_sign_in(email: str):
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": DEFAULT_PASSWORD})
    return client, response


@pytest.fixture
def required(org, admin):
    return set_up_oidc(org, admin, require_sso=True, break_glass_admins=[admin])


def test_a_member_of_the_domains_cannot_sign_in_with_a_password_and_is_told_why(org, required, mentee):
    client, response = password_sign_in("mentee@acme.test")
    assert response.status_code == 200
    assert "Acme signs its people in through its company sign-in" in response.content.decode()
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action=AuditAction.SSO_REFUSED)
    assert (entry.object_label, entry.changes) == ("mentee@acme.test", ["password"])


def test_the_break_glass_admin_still_signs_in_with_a_password(org, required, admin):
    client, response = password_sign_in("admin@acme.test")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_a_break_glass_admin_who_is_no_longer_an_admin_loses_the_exception(org, required, admin, manager):
    Membership.objects.filter(user=admin).update(role=Role.MEMBER)
    client, _ = password_sign_in("admin@acme.test")
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_says_nothing_about_single_sign_on(org, required, mentee):
    response = Client().post("/accounts/login/", {"login": "mentee@acme.test", "password": "wrong"})
    assert "company sign-in" not in response.content.decode()


def test_without_the_requirement_passwords_keep_working(org, admin, mentee):
    set_up_oidc(org, admin)
    client, response = password_sign_in("mentee@acme.test")
    assert response.status_code == 302


@pytest.mark.across_organizations
def test_other_organizations_addresses_are_not_affected(org, required, outsider):
    client, response = password_sign_in("outsider@globex.test")
    assert response.status_code == 302


def test_the_sign_in_page_offers_the_company_sign_in(db):
    content = Client().get("/accounts/login/").content.decode()
    assert 'href="/accounts/sso/"' in content
    assert "Sign in with your company (SSO)" in content


def test_an_address_no_organization_claims_gets_a_clear_answer(org, required):
    response = Client().post("/accounts/sso/", {"email": "someone@elsewhere.test"})
    assert response.status_code == 200
    assert "No organization signs in this address through single sign-on" in response.content.decode()


@pytest.mark.across_organizations
def test_a_session_from_elsewhere_is_sent_to_the_company_sign_in_when_it_is_required(
    org, other_org, admin, mentee, client_for
):
    """Required single sign-on holds for everyone in the organization: a member whose address is
    outside the domains, or whose session predates the requirement, opens nothing of it until
    they sign in through its provider; their other organizations stay open."""
    contractor = MembershipFactory(organization=org, user=UserFactory(email="contractor@elsewhere.test")).user
    MembershipFactory(organization=other_org, user=contractor)
    set_up_oidc(org, admin, require_sso=True, break_glass_admins=[admin])
    for person in (contractor, mentee):
        client = client_for(person)
        response = client.get("/o/acme/goals/")
        assert response["Location"] == "/accounts/sso/?next=%2Fo%2Facme%2Fgoals%2F"
        assert (
            b"asks everyone to sign in through its company sign-in"
            in client.get(response["Location"]).content
        )
    assert client_for(contractor).get("/o/globex/").status_code == 200
    assert client_for(admin).get("/o/acme/").status_code == 200  # the break-glass admin
