"""Signing in through an organization's SAML 2.0 provider, end to end: the AuthnRequest allauth
sends is answered by a local provider's signed Response posted to the ACS
(tests/organizations/sso/idp.py)."""

import datetime

import pytest

from organizations.models import AuditAction, AuditEntry, Membership, User
from organizations.roles import Role
from tests.organizations.sso.conftest import saml_sign_in, set_up_saml
from tests.organizations.sso.idp import other_key


@pytest.fixture
def acme_saml(org, admin, saml_idp):
    return set_up_saml(org, admin, saml_idp)


def test_a_signed_answer_signs_a_new_person_in_with_the_role_from_their_groups(
    org, acme_saml, saml_idp, browser
):
    response = saml_sign_in(
        browser, saml_idp, "ada@acme.test", attributes={"memberOf": ["staff", "lodestar-admins"]}
    )
    assert response.status_code == 302
    assert response["Location"] == "/o/acme/"
    ada = User.objects.get(email="ada@acme.test")
    assert Membership.objects.get(organization=org, user=ada).role == Role.ADMIN
    assert browser.get("/o/acme/").status_code == 200
    assert AuditEntry.objects.get(action=AuditAction.SSO_SIGNIN).changes == ["joined as admin"]


def test_someone_in_no_mapped_group_joins_with_the_default_role(org, acme_saml, saml_idp, browser):
    saml_sign_in(browser, saml_idp, "grace@acme.test", attributes={"memberOf": ["staff"]})
    assert Membership.objects.get(organization=org, user__email="grace@acme.test").role == Role.MEMBER


def _refused(browser, org, email="mallory@acme.test"):
    assert not User.objects.filter(email=email).exists()
    assert "_auth_user_id" not in browser.session
    assert not Membership.objects.filter(organization=org, user__email=email).exists()


def test_an_answer_signed_with_another_key_is_refused(org, acme_saml, saml_idp, browser):
    response = saml_sign_in(browser, saml_idp, "mallory@acme.test", key=other_key())
    assert response.status_code == 401
    _refused(browser, org)
    assert AuditEntry.objects.filter(action=AuditAction.SSO_REFUSED).exists()


def test_an_unsigned_answer_is_refused(org, acme_saml, saml_idp, browser):
    saml_sign_in(browser, saml_idp, "mallory@acme.test", sign=False)
    _refused(browser, org)


def test_an_expired_assertion_is_refused(org, acme_saml, saml_idp, browser):
    an_hour_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    saml_sign_in(browser, saml_idp, "mallory@acme.test", issued=an_hour_ago)
    _refused(browser, org)


def test_an_answer_from_another_issuer_is_refused(org, acme_saml, saml_idp, browser):
    saml_sign_in(browser, saml_idp, "mallory@acme.test", issuer="https://idp.globex.test/saml")
    _refused(browser, org)


def test_an_answer_for_an_address_outside_the_domains_signs_nobody_in(
    org, acme_saml, saml_idp, browser, outsider
):
    """Acme's provider says the person is outsider@globex.test: Acme's provider does not speak
    for Globex's addresses, so neither the account nor Globex is reached."""
    response = saml_sign_in(browser, saml_idp, "ada@acme.test", asserted="outsider@globex.test")
    assert response.status_code == 403
    assert b"not one of" in response.content
    assert "_auth_user_id" not in browser.session
    entry = AuditEntry.objects.get(action=AuditAction.SSO_REFUSED)
    assert (entry.object_label, entry.changes) == ("outsider@globex.test", ["address outside the domains"])
