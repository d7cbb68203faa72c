"""A token reaches its own organization only; REST API keys and SCIM tokens stay apart."""

import datetime

import pytest
from django.utils import timezone

from organizations.models import APIKey, Membership, ProvisionedUser
from organizations.roles import Role
from organizations.scim.tokens import scim_token_revoke
from tests.factories import APIKeyFactory
from tests.organizations.scim.conftest import ScimClient, new_user

pytestmark = pytest.mark.across_organizations


def test_another_organizations_token_gets_404_for_every_user_method(other_scim, mentee):
    path = f"Users/{mentee.pk}"
    assert other_scim.get(path).status_code == 404
    assert other_scim.put(path, new_user("mentee@acme.test", externalId="stolen")).status_code == 404
    assert other_scim.patch(path, {"op": "replace", "value": {"active": False}}).status_code == 404
    assert other_scim.delete(path).status_code == 404
    assert Membership.objects.filter(user=mentee).exists()
    assert not ProvisionedUser.objects.filter(user=mentee).exists()


def test_lists_and_filters_show_only_the_tokens_organization(scim, other_scim, mentee, outsider):
    scim.post("Users", new_user("shared@example.test", externalId="same-id"))
    other_scim.post("Users", new_user("shared@example.test", externalId="globex-id"))
    globex = other_scim.get("Users").json()
    assert {r["userName"] for r in globex["Resources"]} == {"outsider@globex.test", "shared@example.test"}
    # Acme's externalId for the shared account is not Globex's to find.
    assert other_scim.get("Users", {"filter": 'externalId eq "same-id"'}).json()["totalResults"] == 0
    assert scim.get("Users", {"filter": 'externalId eq "same-id"'}).json()["totalResults"] == 1


def test_another_organizations_token_cannot_move_members_between_roles(other_scim, mentee):
    response = other_scim.patch(
        "Groups/admin", {"op": "add", "path": "members", "value": [{"value": str(mentee.pk)}]}
    )
    assert response.status_code == 400
    assert Membership.objects.get(user=mentee).role == Role.MEMBER
    members = other_scim.get("Groups/member").json()["members"]
    assert str(mentee.pk) not in {m["value"] for m in members}


def test_no_token_is_401_with_the_bearer_challenge(client, org):
    response = client.get("/scim/v2/Users")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == "401"


def test_a_revoked_or_expired_token_is_401(scim, admin):
    scim_token_revoke(token=scim.token, actor=admin)
    assert scim.get("Users").status_code == 401
    token = APIKey.objects.get(pk=scim.token.pk)
    token.revoked_at = None
    token.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    token.save()
    assert scim.get("Users").status_code == 401


def test_a_rest_api_key_is_no_scim_token_and_the_other_way_round(scim, org, client):
    from organizations.api.authentication import hash_api_key

    APIKeyFactory(organization=org, key_hash=hash_api_key("lds_rest"), scopes=["roster.read"])
    assert ScimClient("lds_rest", None).get("Users").status_code == 401
    response = client.get("/api/v1/o/acme/", HTTP_AUTHORIZATION=f"Api-Key {scim.raw_token}")
    assert response.status_code == 401


def test_a_scim_token_is_no_session(scim, client):
    response = scim.client.get("/o/acme/", HTTP_AUTHORIZATION=f"Bearer {scim.raw_token}")
    assert response.status_code == 302  # to the sign-in page: a token is not a person
