"""Acme with a local identity provider, OpenID Connect or SAML, and helpers that walk a person
through signing in with it."""

import pytest
import requests
from django.test import Client
from django.utils.html import escape

from organizations.roles import Role
from organizations.sso.services import identity_provider_save
from tests.organizations.sso.idp import OIDCProvider, SAMLProvider

ISSUER = "https://idp.acme.test"
SAML_ENTITY = "https://idp.acme.test/saml"
SAML_SSO_URL = "https://idp.acme.test/saml/sso"
HOST = "lodestar.test"


@pytest.fixture
def oidc_idp(monkeypatch):
    """The stub serves every request allauth makes to https://idp.acme.test (and only those)."""
    provider = OIDCProvider(ISSUER, client_id="lodestar-client", client_secret="s3cret-value")

    def session(self):
        s = requests.Session()
        s.mount("https://idp.acme.test/", provider)
        return s

    monkeypatch.setattr("organizations.sso.adapter.SocialAccountAdapter.get_requests_session", session)
    return provider


@pytest.fixture
def saml_idp():
    return SAMLProvider(SAML_ENTITY, SAML_SSO_URL)


def set_up_oidc(organization, actor, **changes):
    arguments = {
        "organization": organization,
        "actor": actor,
        "protocol": "oidc",
        "issuer": ISSUER,
        "client_id": "lodestar-client",
        "client_secret": "s3cret-value",
        "domains": ["acme.test"],
        "role_claim": "groups",
        "role_mapping": [
            {"value": "lodestar-admins", "role": Role.ADMIN},
            {"value": "hr", "role": Role.HR_ANALYST},
        ],
        "default_role": Role.MEMBER,
    }
    return identity_provider_save(**(arguments | changes))


def set_up_saml(organization, actor, saml_idp, **changes):
    arguments = {
        "organization": organization,
        "actor": actor,
        "protocol": "saml",
        "entity_id": SAML_ENTITY,
        "sso_url": SAML_SSO_URL,
        "x509cert": saml_idp.certificate_pem,
        "domains": ["acme.test"],
        "role_claim": "memberOf",
        "role_mapping": [{"value": "lodestar-admins", "role": Role.ADMIN}],
        "default_role": Role.MEMBER,
    }
    return identity_provider_save(**(arguments | changes))


@pytest.fixture
def browser(settings) -> Client:
    """An anonymous browser on a host name with a dot (SAML refuses single-label hosts)."""
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    return Client(HTTP_HOST=HOST)


def to_provider(response) -> str:
    """The provider's address the "Sign in with your company" page moves the browser on to
    (a page that refreshes to it: a redirect from the form would break the form-action CSP)."""
    assert response.status_code == 200, response.content.decode()[:2000]
    url = response.context["url"]
    assert f'http-equiv="refresh" content="0; url={escape(url)}"' in response.content.decode()
    return url


def oidc_sign_in(browser: Client, provider: OIDCProvider, email: str, **claims):
    """Enter ``email`` on "Sign in with your company", sign in at the provider, come back."""
    start = browser.post("/accounts/sso/", {"email": email})
    callback = provider.authorize(to_provider(start), {"sub": f"sub-{email}", "email": email} | claims)
    return browser.get(callback)


def saml_sign_in(browser: Client, provider: SAMLProvider, email: str, **response_options):
    start = browser.post("/accounts/sso/", {"email": email})
    url = to_provider(start)
    assert url.startswith(SAML_SSO_URL)
    request = provider.read_request(url)
    answer = provider.response(request, email=response_options.pop("asserted", email), **response_options)
    posted = browser.post(request["acs_url"], {"SAMLResponse": answer, "RelayState": request["relay_state"]})
    assert posted.status_code == 302
    return browser.get(posted["Location"])
