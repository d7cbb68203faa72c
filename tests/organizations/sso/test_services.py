"""Who an identity provider's answer lets in, where, and with which role
(organizations/sso/services.py), through the whole OpenID Connect sign-in."""

import pytest

from organizations.models import AuditAction, AuditEntry, Membership, SSOExclusion, User
from organizations.roles import Role
from organizations.services.memberships import membership_remove
from tests.factories import MembershipFactory, UserFactory
from tests.organizations.sso.conftest import ISSUER, oidc_sign_in, set_up_oidc, to_provider


@pytest.fixture
def acme_oidc(org, admin, oidc_idp):
    return set_up_oidc(org, admin)


def signed_in(browser) -> bool:
    return "_auth_user_id" in browser.session


@pytest.mark.across_organizations
def test_acmes_provider_never_signs_anyone_into_globex(
    org, other_org, outsider, acme_oidc, oidc_idp, browser
):
    """Globex's admin, with a Globex address, asserted by Acme's provider: refused."""
    oidc_idp.grants.clear()
    start = browser.post("/accounts/sso/", {"email": "ada@acme.test"})
    response = browser.get(
        oidc_idp.authorize(to_provider(start), {"sub": "x", "email": "outsider@globex.test"})
    )
    assert response.status_code == 403
    assert not signed_in(browser)
    assert not Membership.objects.filter(organization=org, user=outsider).exists()


@pytest.mark.across_organizations
def test_an_account_of_another_organization_is_not_taken_over_through_acmes_domain(
    org, other_org, acme_oidc, oidc_idp, browser
):
    person = MembershipFactory(
        organization=other_org, role=Role.ADMIN, user=UserFactory(email="dual@acme.test")
    ).user
    response = oidc_sign_in(browser, oidc_idp, "dual@acme.test")
    assert response.status_code == 403
    assert b"already belongs to another organization" in response.content
    assert not signed_in(browser)
    assert list(Membership.objects.filter(user=person).values_list("organization__slug", flat=True)) == [
        "globex"
    ]


@pytest.mark.across_organizations
def test_a_person_of_both_organizations_only_gets_their_acme_role_from_acmes_provider(
    org, other_org, acme_oidc, oidc_idp, browser
):
    person = MembershipFactory(
        organization=org, role=Role.MEMBER, user=UserFactory(email="both@acme.test")
    ).user
    MembershipFactory(organization=other_org, role=Role.MEMBER, user=person)
    oidc_sign_in(browser, oidc_idp, "both@acme.test", groups=["lodestar-admins"])
    roles = dict(Membership.objects.filter(user=person).values_list("organization__slug", "role"))
    assert roles == {"acme": Role.ADMIN, "globex": Role.MEMBER}


@pytest.mark.across_organizations
def test_globexs_provider_cannot_sign_in_acme_addresses_even_when_asked(
    org, admin, other_org, outsider, oidc_idp, browser
):
    """Globex's provider (same stub, Globex's app) answering for an acme.test address."""
    set_up_oidc(other_org, outsider, domains=["globex.test"])
    start = browser.post("/accounts/sso/", {"email": "someone@globex.test"})
    response = browser.get(oidc_idp.authorize(to_provider(start), {"sub": "y", "email": "admin@acme.test"}))
    assert response.status_code == 403
    assert not signed_in(browser)
    assert AuditEntry.objects.filter(organization=other_org, action=AuditAction.SSO_REFUSED).exists()
    assert not AuditEntry.objects.filter(organization=org, action=AuditAction.SSO_REFUSED).exists()


def test_with_no_default_role_only_mapped_groups_get_in(org, admin, oidc_idp, browser):
    set_up_oidc(org, admin, default_role="")
    response = oidc_sign_in(browser, oidc_idp, "ada@acme.test", groups=["staff"])
    assert response.status_code == 403
    assert b"none of its single sign-on rules matches your groups" in response.content
    assert not User.objects.filter(email="ada@acme.test").exists()
    assert oidc_sign_in(browser, oidc_idp, "ada@acme.test", groups=["hr"])["Location"] == "/o/acme/"


def test_a_removed_member_does_not_come_back_through_the_default_role(
    org, admin, acme_oidc, oidc_idp, browser
):
    membership = MembershipFactory(
        organization=org, role=Role.MEMBER, user=UserFactory(email="gone@acme.test")
    )
    membership_remove(membership=membership, actor=admin)
    assert SSOExclusion.objects.filter(user__email="gone@acme.test").exists()
    response = oidc_sign_in(browser, oidc_idp, "gone@acme.test", groups=["staff"])
    assert response.status_code == 403
    assert b"An admin removed you" in response.content
    assert not Membership.objects.filter(user__email="gone@acme.test").exists()
    # A rule of the mapping (the identity provider says they belong) lets them back.
    oidc_sign_in(browser, oidc_idp, "gone@acme.test", groups=["hr"])
    assert Membership.objects.get(user__email="gone@acme.test").role == Role.HR_ANALYST


def test_the_last_admin_is_not_demoted_by_the_mapping(org, admin, acme_oidc, oidc_idp, browser):
    oidc_sign_in(browser, oidc_idp, "admin@acme.test", groups=["staff"])
    assert Membership.objects.get(user=admin).role == Role.ADMIN
    assert AuditEntry.objects.get(action=AuditAction.SSO_SIGNIN).changes == [
        "kept admin (last admin; mapping says member)"
    ]


def test_a_break_glass_admin_keeps_being_an_admin(org, admin, oidc_idp, browser):
    second = MembershipFactory(
        organization=org, role=Role.ADMIN, user=UserFactory(email="second@acme.test")
    ).user
    set_up_oidc(org, admin, require_sso=True, break_glass_admins=[second])
    oidc_sign_in(browser, oidc_idp, "second@acme.test", groups=["staff"])
    assert Membership.objects.get(user=second).role == Role.ADMIN


def test_a_new_issuer_drops_the_links_to_the_old_one(org, admin, acme_oidc, oidc_idp, browser):
    from allauth.socialaccount.models import SocialAccount

    oidc_sign_in(browser, oidc_idp, "ada@acme.test")
    assert SocialAccount.objects.count() == 1
    set_up_oidc(org, admin, issuer=ISSUER + "/v2")
    assert SocialAccount.objects.count() == 0
    assert User.objects.filter(email="ada@acme.test").exists()


def test_connecting_a_provider_to_a_signed_in_account_is_refused(
    org, mentee, acme_oidc, oidc_idp, client_for
):
    client = client_for(mentee)
    provider_id = acme_oidc.app.provider_id
    start = client.post(f"/accounts/oidc/{provider_id}/login/", {"process": "connect"})
    response = client.get(oidc_idp.authorize(start["Location"], {"sub": "z", "email": "mentee@acme.test"}))
    assert response.status_code == 403
    from allauth.socialaccount.models import SocialAccount

    assert not SocialAccount.objects.exists()


@pytest.mark.across_organizations
def test_deleting_the_organization_takes_its_app_secret_and_links_along(
    org, admin, other_org, outsider, acme_oidc, oidc_idp, browser
):
    import datetime

    from allauth.socialaccount.models import SocialAccount, SocialApp

    from organizations.lifecycle import organization_export_lines, organizations_delete_due

    set_up_oidc(org, admin, require_sso=True, break_glass_admins=[admin])
    globex = set_up_oidc(other_org, outsider, domains=["globex.test"], client_secret="globex-secret")
    oidc_sign_in(browser, oidc_idp, "ada@acme.test")
    assert "s3cret-value" not in "".join(organization_export_lines(org))
    org.deletion_due_on = datetime.date(2027, 1, 2)
    org.save()
    assert organizations_delete_due(datetime.date(2027, 1, 2)) == ["acme"]
    assert list(SocialApp.objects.all()) == [globex.app]
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="ada@acme.test").exists()


def test_someone_signed_in_through_the_provider_opens_an_organization_that_requires_it(
    org, admin, oidc_idp, browser
):
    set_up_oidc(org, admin, require_sso=True, break_glass_admins=[admin])
    oidc_sign_in(browser, oidc_idp, "ada@acme.test")
    assert browser.get("/o/acme/goals/").status_code == 200
