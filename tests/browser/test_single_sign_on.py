"""An admin sets up single sign-on in the product; a member then finds passwords closed and
the company sign-in offered."""

import pytest

from organizations.models import IdentityProvider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_sets_up_single_sign_on_and_requires_it(page, sign_in, screenshot, org, admin, mentee):
    sign_in(page, admin)
    page.goto("/o/acme/settings/")
    page.get_by_role("link", name="Set up single sign-on").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "sso-settings-empty")

    page.get_by_label("OpenID Connect", exact=True).check()
    page.get_by_label("Issuer").fill("https://login.acme.test")
    page.get_by_label("Client id").fill("lodestar")
    page.get_by_label("Client secret").fill("a-long-client-secret")
    page.get_by_label("Email domains").fill("acme.test")
    page.get_by_label("Group claim or attribute").fill("groups")
    page.get_by_label("Role mapping").fill("lodestar-admins = admin\nhr-team = hr_analyst")
    page.get_by_label("Everyone else from these domains").select_option("member")
    page.get_by_label("Require single sign-on", exact=False).check()
    page.get_by_label("admin@acme.test", exact=False).check()
    page.get_by_role("button", name="Save single sign-on").click()
    page.wait_for_load_state("networkidle")

    assert page.get_by_text("Single sign-on saved.").is_visible()
    provider = IdentityProvider.objects.get()
    assert provider.require_sso
    assert page.get_by_text(f"/accounts/oidc/{provider.app.provider_id}/login/callback/").is_visible()
    assert "a-long-client-secret" not in page.content()
    screenshot(page, "sso-settings-saved")

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", mentee.email)
    page.fill("input[name=password]", "correct-horse-battery-staple")
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Acme signs its people in through its company sign-in").is_visible()
    screenshot(page, "sso-password-refused")

    page.get_by_role("link", name="Sign in with your company (SSO)").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "sso-sign-in")


def test_the_company_sign_in_reaches_the_provider_under_the_pages_security_policy(
    page, screenshot, org, admin, monkeypatch
):
    """A redirect straight from the form's POST would be blocked by form-action 'self'; the page
    that moves on by itself reaches the provider (its address served by Playwright here, the
    discovery document by the local provider)."""
    import requests

    from organizations.sso.services import identity_provider_save
    from tests.organizations.sso.idp import OIDCProvider

    provider = OIDCProvider("https://idp.acme.test", client_id="lodestar", client_secret="secret")

    def session(self):
        s = requests.Session()
        s.mount("https://idp.acme.test/", provider)
        return s

    monkeypatch.setattr("organizations.sso.adapter.SocialAccountAdapter.get_requests_session", session)
    identity_provider_save(
        organization=org,
        actor=admin,
        protocol="oidc",
        issuer="https://idp.acme.test",
        client_id="lodestar",
        client_secret="secret",
        domains=["acme.test"],
    )
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security" in message.text else None,
    )
    page.route(
        "https://idp.acme.test/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Acme IdP</title><h1>Acme IdP</h1>"
        ),
    )
    page.goto("/accounts/sso/")
    page.get_by_label("Your work email").fill("ada@acme.test")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("https://idp.acme.test/authorize?**")
    assert "login_hint=ada%40acme.test" in page.url
    assert "code_challenge=" in page.url
    assert blocked == []
