"""Settings → Provisioning walked by an admin: create a token (shown once), see the identity
provider's first change, revoke the token; axe-core runs on each page (the screenshot fixture)."""

import pytest

from organizations.models import APIKey, APIKeyKind
from tests.organizations.scim.conftest import ScimClient, new_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_connects_an_identity_provider_and_revokes_its_token(page, sign_in, screenshot, admin, org):
    sign_in(page, admin)
    page.goto(f"/o/{org.slug}/settings/provisioning/")
    screenshot(page, "provisioning-empty")
    page.fill("input[name=name]", "Okta")
    page.click("form.key-form button[type=submit]")
    raw = page.locator("#new-token code").inner_text()
    assert raw.startswith("scim_")
    screenshot(page, "provisioning-token-shown-once")
    token = APIKey.objects.with_scopes_disabled().get(kind=APIKeyKind.SCIM)
    assert ScimClient(raw, token).post("Users", new_user()).status_code == 201
    page.goto(f"/o/{org.slug}/settings/provisioning/")
    assert page.locator("#new-token").count() == 0
    assert "SCIM: member provisioned" in page.content()
    page.click("form.inline-form button")
    page.wait_for_selector("text=revoked; the identity provider's next request fails")
    assert page.locator(".badge-bad").inner_text().startswith("revoked")
    screenshot(page, "provisioning-revoked")
    assert ScimClient(raw, token).get("Users").status_code == 401
