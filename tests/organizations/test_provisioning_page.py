"""Settings → Provisioning: admins create a SCIM token (shown once, audited) and revoke it."""

import re

import pytest

from organizations.models import APIKey, APIKeyKind, AuditAction, AuditEntry
from tests.factories import APIKeyFactory


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_the_page_shows_the_scim_address(admin_client):
    response = admin_client.get("/o/acme/settings/provisioning/")
    assert response.status_code == 200
    assert b"/scim/v2/" in response.content and b"No tokens yet" in response.content


def test_a_token_is_shown_once_and_only_its_fingerprint_kept(admin_client):
    response = admin_client.post("/o/acme/settings/provisioning/", {"name": "Okta"})
    raw = re.search(rb"scim_[A-Za-z0-9_-]{40,}", response.content).group().decode()
    token = APIKey.objects.get(kind=APIKeyKind.SCIM)
    assert token.name == "Okta" and raw not in (token.key_hash, token.prefix)
    again = admin_client.get("/o/acme/settings/provisioning/")
    assert raw.encode() not in again.content and token.prefix.encode() in again.content
    entry = AuditEntry.objects.get(action=AuditAction.SCIM_TOKEN_CREATE)
    assert entry.actor_label == "admin@acme.test" and raw not in str(entry.changes) + entry.object_label


def test_scim_tokens_are_not_listed_with_api_keys(admin_client, org):
    APIKeyFactory(organization=org, kind=APIKeyKind.SCIM, name="Entra provisioning")
    assert b"Entra provisioning" not in admin_client.get("/o/acme/api-keys/").content


def test_a_blank_or_overlong_name_is_refused_and_nothing_stored(admin_client):
    for name in ("   ", "x" * 10_000):
        response = admin_client.post("/o/acme/settings/provisioning/", {"name": name})
        assert response.status_code == 200 and b"field-error" in response.content
    assert not APIKey.objects.exists()


def test_revoking_stops_the_token_and_is_audited(admin_client, org):
    token = APIKeyFactory(organization=org, kind=APIKeyKind.SCIM)
    response = admin_client.post(f"/o/acme/settings/provisioning/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action=AuditAction.SCIM_TOKEN_REVOKE, object_id=str(token.pk)).exists()


def test_an_api_key_cannot_be_revoked_from_the_provisioning_page(admin_client, org):
    key = APIKeyFactory(organization=org)
    assert admin_client.post(f"/o/acme/settings/provisioning/{key.pk}/revoke/").status_code == 404


@pytest.mark.across_organizations
def test_another_organizations_token_is_404(admin_client, other_org):
    token = APIKeyFactory(organization=other_org, kind=APIKeyKind.SCIM)
    assert admin_client.post(f"/o/acme/settings/provisioning/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_creating_a_token_needs_a_recent_sign_in(admin_client, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = -1
    response = admin_client.post("/o/acme/settings/provisioning/", {"name": "Okta"})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not APIKey.objects.exists()


def test_the_page_lists_the_identity_providers_latest_changes(admin_client, org, admin):
    from organizations.scim.tokens import scim_token_create
    from tests.organizations.scim.conftest import ScimClient, new_user

    token, raw = scim_token_create(organization=org, actor=admin, name="Okta")
    ScimClient(raw, token).post("Users", new_user())
    content = admin_client.get("/o/acme/settings/provisioning/").content.decode()
    assert "SCIM: member provisioned" in content and "Ada Lovelace" in content
