"""Settings → Single sign-on (organizations/sso/views.py): an admin sets up, changes and turns
off the organization's identity provider; the page shows what to paste into the provider and
never shows the client secret back."""

import time

import pytest
from allauth.socialaccount.models import SocialApp

from organizations.models import AuditAction, AuditEntry, IdentityProvider, SSODomain
from organizations.roles import Role
from tests.factories import MembershipFactory, UserFactory
from tests.organizations.sso.conftest import ISSUER, SAML_ENTITY, SAML_SSO_URL, set_up_oidc

URL = "/o/acme/settings/sso/"


def oidc_form(**changes) -> dict:
    return {
        "protocol": "oidc",
        "issuer": ISSUER,
        "client_id": "lodestar-client",
        "client_secret": "s3cret-value",
        "domains": "acme.test, Acme.co.test",
        "role_claim": "groups",
        "role_mapping": "lodestar-admins = admin\nhr = HR analyst",
        "default_role": "member",
    } | changes


def test_an_admin_sets_up_openid_connect_and_sees_the_redirect_uri(org, admin, client_for):
    client = client_for(admin)
    assert client.get(URL).status_code == 200
    response = client.post(URL, oidc_form())
    assert response["Location"] == URL
    provider = IdentityProvider.objects.get()
    assert (provider.protocol, provider.role_mapping) == (
        "oidc",
        [{"value": "lodestar-admins", "role": "admin"}, {"value": "hr", "role": "hr_analyst"}],
    )
    assert sorted(SSODomain.objects.values_list("domain", flat=True)) == ["acme.co.test", "acme.test"]
    assert (provider.app.provider, provider.app.client_id, provider.app.secret) == (
        "openid_connect",
        "lodestar-client",
        "s3cret-value",
    )
    page = client.get(URL).content.decode()
    assert f"http://testserver/accounts/oidc/{provider.app.provider_id}/login/callback/" in page
    assert "s3cret-value" not in page
    assert "A client secret is stored" in page
    entry = AuditEntry.objects.get(action=AuditAction.SSO_CHANGE)
    assert entry.changes == ["set up: OpenID Connect", "domain: acme.co.test", "domain: acme.test"]
    assert "s3cret" not in str(entry.changes)


def test_an_empty_secret_keeps_the_stored_one_and_a_new_one_is_recorded_as_replaced(org, admin, client_for):
    client = client_for(admin)
    client.post(URL, oidc_form())
    client.post(URL, oidc_form(client_secret="", role_mapping="lodestar-admins = admin"))
    assert SocialApp.objects.get().secret == "s3cret-value"
    client.post(URL, oidc_form(client_secret="a-new-secret"))
    assert SocialApp.objects.get().secret == "a-new-secret"
    changes = [e.changes for e in AuditEntry.objects.filter(action=AuditAction.SSO_CHANGE).order_by("id")]
    assert changes[1:] == [["role mapping"], ["client secret: replaced", "role mapping"]]
    assert "a-new-secret" not in str(changes)


def test_an_admin_sets_up_saml_from_metadata_xml_and_sees_the_acs_and_metadata(
    org, admin, client_for, saml_idp
):
    from tests.organizations.sso.idp import idp_metadata

    client = client_for(admin)
    metadata = idp_metadata(saml_idp)
    response = client.post(
        URL,
        {"protocol": "saml", "metadata_xml": metadata, "domains": "acme.test", "default_role": "member"},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    app = IdentityProvider.objects.get().app
    assert app.settings["idp"]["entity_id"] == SAML_ENTITY
    assert app.settings["idp"]["sso_url"] == SAML_SSO_URL
    page = client.get(URL).content.decode()
    assert "http://testserver/accounts/saml/acme/acs/" in page
    metadata_page = client.get("/accounts/saml/acme/metadata/")
    assert metadata_page.status_code == 200
    assert b"http://testserver/accounts/saml/acme/acs/" in metadata_page.content


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"domains": "gmail.com"}, "domains", "anyone can have an address there"),
        ({"domains": "x" * 10_000}, "domains", "at most"),
        ({"domains": "not a domain!"}, "domains", "Not an email domain"),
        ({"issuer": "http://idp.acme.test"}, "issuer", "https://"),
        ({"client_secret": ""}, "client_secret", "Enter the client secret"),
        ({"role_mapping": "admins => overlord"}, "role_mapping", "is not a role"),
        ({"role_mapping": "no equals sign"}, "role_mapping", "group = role"),
        (
            {"protocol": "saml", "entity_id": "x", "sso_url": "https://idp.test/sso", "x509cert": "nope"},
            "x509cert",
            "not an X.509",
        ),
        ({"protocol": "saml", "metadata_xml": "<not-metadata/>"}, "metadata_xml", "lacks"),
        ({"require_sso": "on"}, "break_glass_admins", "break-glass admin"),
    ],
)
def test_bad_settings_get_a_form_error_and_nothing_is_stored(org, admin, client_for, changes, field, words):
    response = client_for(admin).post(URL, oidc_form(**changes))
    assert response.status_code == 200
    errors = str(response.context["form"].errors.get(field, ""))
    assert words in errors, response.context["form"].errors
    assert not IdentityProvider.objects.exists()
    assert not SocialApp.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.SSO_CHANGE).exists()


@pytest.mark.across_organizations
def test_a_domain_of_another_organization_is_refused(org, admin, other_org, outsider, client_for):
    set_up_oidc(other_org, outsider, domains=["globex.test"])
    response = client_for(admin).post(URL, oidc_form(domains="acme.test, globex.test"))
    assert "Another organization signs in globex.test" in str(response.context["form"].errors["domains"])
    assert not IdentityProvider.objects.filter(organization=org).exists()
    assert list(SSODomain.objects.values_list("domain", flat=True)) == ["globex.test"]


def test_break_glass_admins_are_chosen_among_the_admins_only(org, admin, mentee, client_for):
    client = client_for(admin)
    form = client.get(URL).context["form"]
    assert list(form.fields["break_glass_admins"].queryset) == [admin]
    response = client.post(URL, oidc_form(require_sso="on", break_glass_admins=[mentee.pk]))
    assert "Select a valid choice" in str(response.context["form"].errors["break_glass_admins"])
    client.post(URL, oidc_form(require_sso="on", break_glass_admins=[admin.pk]))
    provider = IdentityProvider.objects.get()
    assert provider.require_sso and list(provider.break_glass_admins.all()) == [admin]


def test_changing_single_sign_on_needs_a_recent_sign_in(org, admin, client_for, settings):
    client = client_for(admin)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 30
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] = time.time() - 3600
    session.save()
    response = client.post(URL, oidc_form())
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not IdentityProvider.objects.exists()


def test_turning_single_sign_on_off_removes_the_provider_and_its_app(org, admin, client_for):
    set_up_oidc(org, admin)
    response = client_for(admin).post("/o/acme/settings/sso/remove/")
    assert response["Location"] == URL
    assert not IdentityProvider.objects.exists() and not SocialApp.objects.exists()
    assert not SSODomain.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.SSO_CHANGE).latest("id").changes == ["removed"]


@pytest.mark.parametrize("role", [Role.PROGRAM_MANAGER, Role.HR_ANALYST, Role.MEMBER])
def test_only_admins_open_the_page(org, client_for, role):
    person = MembershipFactory(organization=org, role=role, user=UserFactory()).user
    assert client_for(person).get(URL).status_code == 403


@pytest.mark.across_organizations
def test_another_organizations_admin_gets_404_and_never_sees_its_settings(org, admin, outsider, client_for):
    set_up_oidc(org, admin)
    client = client_for(outsider)
    assert client.get(URL).status_code == 404
    assert client.post(URL, oidc_form(domains="evil.test")).status_code == 404
    assert client.post("/o/acme/settings/sso/remove/").status_code == 404
    assert IdentityProvider.objects.filter(organization=org).exists()
    assert list(SSODomain.objects.values_list("domain", flat=True)) == ["acme.test"]


def test_the_settings_page_links_to_single_sign_on(org, admin, client_for):
    assert b'href="/o/acme/settings/sso/"' in client_for(admin).get("/o/acme/settings/").content


def test_the_page_reads_the_same_number_of_queries_however_many_admins_and_domains(org, admin, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    set_up_oidc(org, admin, domains=["acme.test"], require_sso=True, break_glass_admins=[admin])
    client = client_for(admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    few = queries()
    admins = [MembershipFactory(organization=org, role=Role.ADMIN, user=UserFactory()).user for _ in range(5)]
    set_up_oidc(
        org,
        admin,
        domains=["acme.test", "acme.co.test", "acme-labs.test"],
        require_sso=True,
        break_glass_admins=[admin, *admins],
    )
    assert queries() == few
