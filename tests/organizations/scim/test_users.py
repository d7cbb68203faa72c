"""SCIM Users (RFC 7644 §3.3–3.6) in the shapes Okta and Azure send them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import APIKey, AuditAction, AuditEntry, Membership, ProvisionedUser, User
from organizations.roles import Role
from organizations.scim.protocol import ENTERPRISE_USER_SCHEMA, ERROR, LIST_RESPONSE, USER_SCHEMA
from tests.factories import APIKeyFactory, EmployeeFactory, MembershipFactory
from tests.organizations.scim.conftest import new_user


def _error(response, status, scim_type=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/scim+json"
    body = response.json()
    assert body["schemas"] == [ERROR] and body["status"] == str(status)
    assert body.get("scimType") == scim_type
    return body


def test_creating_a_user_makes_a_member_without_a_password(scim, org):
    response = scim.post("Users", new_user())
    assert response.status_code == 201
    body = response.json()
    assert response["Location"] == body["meta"]["location"].rstrip("/")
    assert body["schemas"] == [USER_SCHEMA] and body["userName"] == "ada@acme.test"
    assert body["active"] is True and body["externalId"] == "00u1ada"
    assert body["name"]["givenName"] == "Ada" and body["displayName"] == "Ada Lovelace"
    assert body["groups"][0]["value"] == Role.MEMBER
    user = User.objects.get(email="ada@acme.test")
    assert not user.has_usable_password() and user.full_name == "Ada Lovelace"
    assert Membership.objects.get(user=user).role == Role.MEMBER
    assert body["id"] == str(user.pk)


def test_a_created_user_is_linked_to_their_roster_row(scim, org):
    employee = EmployeeFactory(organization=org, email="ada@acme.test")
    scim.post("Users", new_user())
    employee.refresh_from_db()
    assert employee.user.email == "ada@acme.test"


def test_creating_someone_already_here_is_a_conflict(scim, mentee):
    _error(scim.post("Users", new_user("Mentee@acme.test")), 409, "uniqueness")


def test_an_existing_account_from_elsewhere_joins_without_its_name_changing(scim, outsider, other_org):
    outsider.full_name = "Olive Outsider"
    outsider.save()
    response = scim.post("Users", new_user("outsider@globex.test"))
    assert response.status_code == 201
    outsider.refresh_from_db()
    assert outsider.full_name == "Olive Outsider"
    assert Membership.objects.filter(user=outsider).count() == 1  # Acme's, inside Acme's scope


def test_user_name_must_be_an_email_address(scim):
    _error(scim.post("Users", new_user("ada.lovelace")), 400, "invalidValue")
    _error(scim.post("Users", {"schemas": [USER_SCHEMA]}), 400, "invalidValue")
    assert not User.objects.filter(email__startswith="ada").exists()


def test_ten_thousand_characters_are_refused_and_nothing_stored(scim):
    _error(scim.post("Users", new_user(name={"givenName": "A" * 10_000})), 400, "invalidValue")
    assert not User.objects.filter(email="ada@acme.test").exists()


def test_malformed_json_is_an_invalid_syntax_error(scim):
    _error(scim.post("Users", "{not json"), 400, "invalidSyntax")


def test_filter_by_user_name_finds_one_regardless_of_case(scim, mentee, mentor):
    response = scim.get("Users", {"filter": 'userName eq "MENTEE@acme.test"', "startIndex": 1, "count": 100})
    body = response.json()
    assert response.status_code == 200 and body["schemas"] == [LIST_RESPONSE]
    assert body["totalResults"] == 1 and body["Resources"][0]["id"] == str(mentee.pk)
    none = scim.get("Users", {"filter": 'userName eq "nobody@acme.test"'}).json()
    assert none["totalResults"] == 0 and none["Resources"] == []


def test_filter_by_external_id_and_active(scim):
    scim.post("Users", new_user())
    assert scim.get("Users", {"filter": 'externalId eq "00u1ada"'}).json()["totalResults"] == 1
    assert scim.get("Users", {"filter": "active eq false"}).json()["totalResults"] == 0


@pytest.mark.parametrize("query", ["userName eq", 'title eq "x"', 'userName zz "x"', '((userName eq "a"'])
def test_a_filter_lodestar_cannot_read_is_refused(scim, query):
    _error(scim.get("Users", {"filter": query}), 400, "invalidFilter")


def test_list_pages_with_start_index_and_count(scim, admin, mentee, mentor, manager):
    everyone = scim.get("Users").json()
    assert everyone["totalResults"] == 4 and everyone["itemsPerPage"] == 4
    page = scim.get("Users", {"startIndex": 2, "count": 2}).json()
    assert page["startIndex"] == 2 and page["itemsPerPage"] == 2 and page["totalResults"] == 4
    assert [r["id"] for r in page["Resources"]] == [r["id"] for r in everyone["Resources"][1:3]]
    assert scim.get("Users", {"startIndex": 0, "count": -5}).json()["Resources"] == []
    _error(scim.get("Users", {"count": "many"}), 400, "invalidValue")


def test_listing_users_takes_the_same_queries_for_three_or_thirty(scim, org, admin):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert scim.get("Users").status_code == 200
        return len(captured)

    for _ in range(2):
        MembershipFactory(organization=org)
    queries()  # the token's first use of the minute also records when it was last used
    few = queries()
    for _ in range(27):
        MembershipFactory(organization=org)
    assert queries() == few <= 6


def test_put_replaces_names_and_external_id(scim, mentee):
    body = new_user(
        "mentee@acme.test", externalId="azure-1", name={"givenName": "Mia", "familyName": "Mentee"}
    )
    response = scim.put(f"Users/{mentee.pk}", body)
    assert response.status_code == 200
    assert response.json()["externalId"] == "azure-1" and response.json()["name"]["familyName"] == "Mentee"
    mentee.refresh_from_db()
    assert mentee.full_name == "Mia Mentee"


def test_put_changes_the_email_of_an_account_only_this_organization_has(scim, mentee):
    response = scim.put(f"Users/{mentee.pk}", new_user("mia@acme.test"))
    assert response.status_code == 200
    mentee.refresh_from_db()
    assert mentee.email == "mia@acme.test"


def test_put_never_takes_another_accounts_email(scim, mentee, mentor):
    _error(scim.put(f"Users/{mentee.pk}", new_user("mentor@acme.test")), 409, "uniqueness")


def test_the_email_of_an_account_shared_with_another_organization_stays(scim, outsider, org):
    MembershipFactory(organization=org, user=outsider)
    _error(scim.put(f"Users/{outsider.pk}", new_user("new@globex.test")), 400, "mutability")
    outsider.refresh_from_db()
    assert outsider.email == "outsider@globex.test"


def test_okta_deactivation_takes_access_away_at_once(scim, mentee, client):
    client.force_login(mentee)
    assert client.get("/o/acme/").status_code == 200
    response = scim.patch(f"Users/{mentee.pk}", {"op": "replace", "value": {"active": False}})
    assert response.status_code == 200 and response.json()["active"] is False
    assert client.get("/o/acme/").status_code == 404
    assert not Membership.objects.filter(user=mentee).exists()
    # Still a SCIM resource, so the identity provider can reactivate them.
    assert scim.get(f"Users/{mentee.pk}").json()["active"] is False
    assert scim.get("Users", {"filter": "active eq false"}).json()["totalResults"] == 1


def test_azure_deactivation_with_a_string_boolean(scim, mentee):
    response = scim.patch(f"Users/{mentee.pk}", {"op": "Replace", "path": "active", "value": "False"})
    assert response.status_code == 200 and response.json()["active"] is False


def test_reactivation_gives_back_the_role_they_had(scim, hr_analyst):
    scim.patch(f"Users/{hr_analyst.pk}", {"op": "replace", "path": "active", "value": False})
    response = scim.patch(f"Users/{hr_analyst.pk}", {"op": "replace", "path": "active", "value": True})
    assert response.json()["active"] is True
    assert Membership.objects.get(user=hr_analyst).role == Role.HR_ANALYST


def test_azure_style_patch_of_names_and_ignored_attributes(scim, mentee):
    response = scim.patch(
        f"Users/{mentee.pk}",
        {"op": "Add", "path": "name.givenName", "value": "Mia"},
        {"op": "Replace", "path": "name.familyName", "value": "Mentee"},
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "elsewhere@acme.test"},
        {"op": "Add", "path": f"{ENTERPRISE_USER_SCHEMA}:department", "value": "Finance"},
        {"op": "Replace", "path": "title", "value": "Engineer"},
        {"op": "Add", "path": "externalId", "value": "aad-42"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"]["givenName"] == "Mia" and body["externalId"] == "aad-42"
    assert body["userName"] == "mentee@acme.test"  # emails are the userName's, read-only


def test_okta_style_replace_of_the_whole_profile(scim, mentee):
    response = scim.patch(
        f"Users/{mentee.pk}",
        {"op": "replace", "value": {"name": {"givenName": "Mia"}, "displayName": "Mia M."}},
    )
    assert response.json()["displayName"] == "Mia M."
    assert ProvisionedUser.objects.get(user=mentee).given_name == "Mia"


@pytest.mark.parametrize(
    ("operation", "scim_type"),
    [
        ({"op": "move", "path": "active", "value": False}, "invalidSyntax"),
        ({"op": "replace", "path": "favouriteColour", "value": "red"}, "invalidPath"),
        ({"op": "replace", "path": "name.nickname", "value": "x"}, "invalidPath"),
        ({"op": "remove", "path": "userName"}, "mutability"),
        ({"op": "remove"}, "noTarget"),
        ({"op": "replace", "path": "active", "value": "perhaps"}, "invalidValue"),
        ({"op": "replace", "value": "not an object"}, "invalidValue"),
    ],
)
def test_bad_patch_operations_are_refused_and_change_nothing(scim, mentee, operation, scim_type):
    _error(
        scim.patch(f"Users/{mentee.pk}", {"op": "add", "path": "externalId", "value": "x"}, operation),
        400,
        scim_type,
    )
    assert not ProvisionedUser.objects.filter(user=mentee, external_id="x").exists()


def test_a_patch_without_the_patch_op_schema_is_refused(scim, mentee):
    response = scim.send(
        "patch", f"Users/{mentee.pk}", {"Operations": [{"op": "replace", "value": {"active": False}}]}
    )
    _error(response, 400, "invalidSyntax")
    assert Membership.objects.filter(user=mentee).exists()


def test_the_last_admin_cannot_be_deactivated(scim, admin):
    body = _error(
        scim.patch(f"Users/{admin.pk}", {"op": "replace", "value": {"active": False}}), 400, "invalidValue"
    )
    assert "last admin" in body["detail"]
    assert Membership.objects.get(user=admin).role == Role.ADMIN


def test_deactivation_revokes_the_keys_they_made_but_not_the_token_in_use(scim, org, admin, hr_analyst):
    key = APIKeyFactory(organization=org, created_by=hr_analyst)
    scim.token.created_by = hr_analyst
    scim.token.save()
    scim.patch(f"Users/{hr_analyst.pk}", {"op": "replace", "value": {"active": False}})
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert APIKey.objects.get(pk=scim.token.pk).revoked_at is None


def test_delete_removes_the_member_and_the_resource(scim, mentee, client):
    assert scim.delete(f"Users/{mentee.pk}").status_code == 204
    _error(scim.get(f"Users/{mentee.pk}"), 404)
    assert User.objects.filter(pk=mentee.pk).exists()  # the account may belong elsewhere
    assert not Membership.objects.filter(user=mentee).exists()
    _error(scim.delete(f"Users/{mentee.pk}"), 404)


@pytest.mark.parametrize("user_id", ["999999", "abc", "1" * 30, "-1"])
def test_unknown_ids_are_404(scim, user_id):
    _error(scim.get(f"Users/{user_id}"), 404)


def test_every_change_is_audited_with_the_token_as_actor(scim, mentee):
    response = scim.post("Users", new_user())
    user_id = response.json()["id"]
    scim.patch(f"Users/{user_id}", {"op": "replace", "path": "displayName", "value": "Countess"})
    scim.patch(f"Users/{user_id}", {"op": "replace", "path": "active", "value": False})
    scim.patch(f"Users/{user_id}", {"op": "replace", "path": "active", "value": True})
    scim.delete(f"Users/{user_id}")
    entries = list(AuditEntry.objects.filter(action__startswith="scim.user").order_by("created_at", "id"))
    assert [e.action for e in entries] == [
        AuditAction.SCIM_USER_CREATE,
        AuditAction.SCIM_USER_UPDATE,
        AuditAction.SCIM_USER_DEACTIVATE,
        AuditAction.SCIM_USER_REACTIVATE,
        AuditAction.SCIM_USER_DELETE,
    ]
    assert {e.api_key_id for e in entries} == {scim.token.pk}
    assert entries[0].actor_label.startswith("SCIM token “Okta” (scim_")
    assert entries[1].changes == ["full_name"]
    assert "active: false" in entries[2].changes and "pairs ended: 0" in entries[2].changes
