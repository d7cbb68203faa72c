"""SCIM Groups are the organization's roles: members move between them, nothing else."""

import pytest

from organizations.models import AuditAction, AuditEntry, Membership
from organizations.roles import Role


def _role(user):
    return Membership.objects.get(user=user).role


def test_groups_are_the_five_roles_with_their_members(scim, admin, mentee):
    body = scim.get("Groups").json()
    assert body["totalResults"] == 5
    by_id = {group["id"]: group for group in body["Resources"]}
    assert set(by_id) == set(Role.values)
    assert by_id["admin"]["displayName"] == "Organization admin"
    assert [m["value"] for m in by_id["admin"]["members"]] == [str(admin.pk)]
    assert [m["value"] for m in by_id["member"]["members"]] == [str(mentee.pk)]


def test_azure_leaves_members_out_and_finds_a_group_by_name(scim, admin):
    body = scim.get(
        "Groups", {"filter": 'displayName eq "HR analyst"', "excludedAttributes": "members"}
    ).json()
    assert body["totalResults"] == 1
    assert body["Resources"][0]["id"] == "hr_analyst" and "members" not in body["Resources"][0]
    assert scim.get("Groups", {"filter": 'displayName eq "Wizards"'}).json()["totalResults"] == 0
    assert scim.get("Groups", {"filter": 'members eq "1"'}).status_code == 400


def test_adding_and_removing_members_okta_style(scim, admin, mentee):
    add = scim.patch(
        "Groups/program_manager",
        {"op": "add", "path": "members", "value": [{"value": str(mentee.pk), "display": "x"}]},
    )
    assert add.status_code == 204 and _role(mentee) == Role.PROGRAM_MANAGER
    remove = scim.patch(
        "Groups/program_manager", {"op": "remove", "path": f'members[value eq "{mentee.pk}"]'}
    )
    assert remove.status_code == 204 and _role(mentee) == Role.MEMBER
    entries = AuditEntry.objects.filter(action=AuditAction.ROLE_CHANGE, api_key=scim.token)
    assert entries.count() == 2


def test_azure_add_and_remove_with_capitalized_ops_and_a_value_list(scim, admin, mentee, mentor):
    scim.patch(
        "Groups/senior_leader",
        {"op": "Add", "path": "members", "value": [{"value": str(mentee.pk)}, {"value": str(mentor.pk)}]},
    )
    assert _role(mentee) == _role(mentor) == Role.SENIOR_LEADER
    scim.patch(
        "Groups/senior_leader", {"op": "Remove", "path": "members", "value": [{"value": str(mentor.pk)}]}
    )
    assert _role(mentor) == Role.MEMBER and _role(mentee) == Role.SENIOR_LEADER


def test_put_replaces_the_groups_members(scim, admin, mentee, mentor):
    scim.patch("Groups/hr_analyst", {"op": "add", "path": "members", "value": [{"value": str(mentee.pk)}]})
    response = scim.put(
        "Groups/hr_analyst", {"displayName": "HR analyst", "members": [{"value": str(mentor.pk)}]}
    )
    assert response.status_code == 200
    assert [m["value"] for m in response.json()["members"]] == [str(mentor.pk)]
    assert _role(mentee) == Role.MEMBER and _role(mentor) == Role.HR_ANALYST


def test_nobody_leaves_the_member_group_except_by_deactivation(scim, mentee):
    response = scim.patch("Groups/member", {"op": "remove", "path": f'members[value eq "{mentee.pk}"]'})
    assert response.status_code == 400 and response.json()["scimType"] == "mutability"
    assert _role(mentee) == Role.MEMBER


def test_the_last_admin_cannot_be_removed_from_the_admin_group(scim, admin):
    response = scim.patch("Groups/admin", {"op": "remove", "path": f'members[value eq "{admin.pk}"]'})
    assert response.status_code == 400 and "last admin" in response.json()["detail"]
    assert _role(admin) == Role.ADMIN


def test_a_failed_operation_undoes_the_ones_before_it(scim, admin, mentee):
    response = scim.patch(
        "Groups/admin",
        {"op": "add", "path": "members", "value": [{"value": str(mentee.pk)}]},
        {"op": "add", "path": "members", "value": [{"value": "999999"}]},
    )
    assert response.status_code == 400
    assert _role(mentee) == Role.MEMBER


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "replace", "path": "displayName", "value": "Superusers"},
        {"op": "replace", "value": {"id": "admin", "displayName": "Superusers"}},
        {"op": "add", "path": "members", "value": "not a list"},
        {"op": "add", "path": "owner", "value": "x"},
        {"op": "remove", "path": 'members[display eq "x"]'},
    ],
)
def test_renames_and_odd_paths_are_refused(scim, admin, operation):
    assert scim.patch("Groups/admin", operation).status_code == 400


def test_okta_may_send_the_same_name_back(scim, admin, mentee):
    response = scim.patch(
        "Groups/admin",
        {"op": "replace", "value": {"id": "admin", "displayName": "Organization admin"}},
    )
    assert response.status_code == 204


def test_groups_cannot_be_created_or_deleted(scim, admin):
    exists = scim.post("Groups", {"displayName": "Organization admin", "members": []})
    assert exists.status_code == 409 and exists.json()["scimType"] == "uniqueness"
    assert scim.post("Groups", {"displayName": "Engineering"}).status_code == 501
    assert scim.delete("Groups/admin").status_code == 501
    assert scim.get("Groups/wizards").status_code == 404
