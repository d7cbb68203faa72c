"""Signing in through an organization's OpenID Connect provider, end to end against a local
provider (tests/organizations/sso/idp.py)."""

import time

import pytest

from organizations.models import AuditAction, AuditEntry, Membership, User
from organizations.roles import Role
from tests.factories import MembershipFactory, UserFactory
from tests.organizations.sso.conftest import oidc_sign_in, set_up_oidc, to_provider
from tests.organizations.sso.idp import other_key


@pytest.fixture
def acme_oidc(org, admin, oidc_idp):
    return set_up_oidc(org, admin)


def test_a_new_person_signs_in_and_lands_in_the_organization_as_a_member(org, acme_oidc, oidc_idp, browser):
    response = oidc_sign_in(browser, oidc_idp, "ada@acme.test", name="Ada Lovelace", groups=["staff"])
    assert response.status_code == 302
    assert response["Location"] == "/o/acme/"
    user = User.objects.get(email="ada@acme.test")
    assert user.full_name == "Ada Lovelace"
    assert not user.has_usable_password()
    assert Membership.objects.get(organization=org, user=user).role == Role.MEMBER
    page = browser.get("/o/acme/")
    assert page.status_code == 200
    assert b"Signed in to Acme through your company sign-in" in page.content
    entry = AuditEntry.objects.get(action=AuditAction.SSO_SIGNIN)
    assert (entry.actor, entry.changes) == (user, ["joined as member"])
    # The whole exchange went to the local provider, and the ID token's keys were read.
    assert {"/.well-known/openid-configuration", "/token", "/jwks", "/userinfo"} <= set(oidc_idp.requests)


def test_the_group_claim_gives_the_role_of_the_first_matching_rule(org, acme_oidc, oidc_idp, browser):
    oidc_sign_in(browser, oidc_idp, "grace@acme.test", groups=["hr", "lodestar-admins"])
    grace = User.objects.get(email="grace@acme.test")
    assert Membership.objects.get(organization=org, user=grace).role == Role.ADMIN


def test_the_role_follows_the_mapping_at_each_sign_in_down_as_well_as_up(
    org, admin, acme_oidc, oidc_idp, browser
):
    linus = MembershipFactory(
        organization=org, role=Role.HR_ANALYST, user=UserFactory(email="linus@acme.test")
    ).user
    oidc_sign_in(browser, oidc_idp, "linus@acme.test", groups=["staff"])
    assert Membership.objects.get(organization=org, user=linus).role == Role.MEMBER
    entry = AuditEntry.objects.filter(action=AuditAction.SSO_SIGNIN).get()
    assert entry.changes == ["role: hr_analyst → member"]


def test_an_existing_member_is_linked_by_address_and_keeps_their_account(
    org, acme_oidc, oidc_idp, mentee, browser
):
    oidc_sign_in(browser, oidc_idp, "mentee@acme.test")
    assert User.objects.filter(email="mentee@acme.test").count() == 1
    assert browser.get("/o/acme/").context["user"] == mentee
    # The next time, the provider's subject finds the account even if the address changed case.
    browser.logout()
    assert oidc_sign_in(browser, oidc_idp, "MENTEE@acme.test")["Location"] == "/o/acme/"


def test_the_id_token_signature_is_checked_against_the_providers_keys(org, acme_oidc, oidc_idp, browser):
    oidc_idp.signing_key = other_key()
    response = oidc_sign_in(browser, oidc_idp, "mallory@acme.test")
    assert response.status_code == 401
    assert b"could not sign you in" in response.content
    assert not User.objects.filter(email="mallory@acme.test").exists()
    assert AuditEntry.objects.filter(action=AuditAction.SSO_REFUSED).exists()


@pytest.mark.parametrize(
    "override",
    [{"exp": 1_000_000_000}, {"iss": "https://evil.test"}, {"aud": "someone-else"}],
    ids=["expired", "other issuer", "other audience"],
)
def test_an_expired_or_misaddressed_id_token_signs_nobody_in(override, org, acme_oidc, oidc_idp, browser):
    oidc_idp.token_overrides = override
    oidc_sign_in(browser, oidc_idp, "mallory@acme.test")
    assert not User.objects.filter(email="mallory@acme.test").exists()
    assert "_auth_user_id" not in browser.session


def test_someone_without_a_password_confirms_a_sensitive_change_by_signing_in_with_the_company_again(
    org, acme_oidc, oidc_idp, browser
):
    oidc_sign_in(browser, oidc_idp, "ada@acme.test", groups=["lodestar-admins"])
    session = browser.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 3600
    session.save()
    response = browser.post(
        "/o/acme/settings/sso/", {}, HTTP_REFERER="http://lodestar.test/o/acme/settings/sso/"
    )
    assert response["Location"] == "/accounts/sso/?next=%2Fo%2Facme%2Fsettings%2Fsso%2F"
    start = browser.post(response["Location"], {"email": "ada@acme.test"})
    claims = {"sub": "sub-ada@acme.test", "email": "ada@acme.test", "groups": ["lodestar-admins"]}
    back = browser.get(oidc_idp.authorize(to_provider(start), claims))
    assert back["Location"] == "/o/acme/settings/sso/"
    methods = [record["method"] for record in browser.session["account_authentication_methods"]]
    assert "socialaccount" in methods
    assert time.time() - browser.session["account_authentication_methods"][-1]["at"] < 60
