"""Organization settings, creating an organization, and belonging to several of them."""

import pytest

from organizations.models import Membership, Organization
from organizations.roles import Role
from tests.factories import EmployeeFactory, InvitationFactory, MembershipFactory, UserFactory


def settings_form(**changes) -> dict:
    return {"name": "Acme Corporation", "timezone": "America/New_York", "min_group_size": 8} | changes


def test_admin_updates_name_time_zone_and_minimum_group_size(org, admin, client_for):
    client = client_for(admin)
    assert client.get("/o/acme/settings/").status_code == 200
    response = client.post("/o/acme/settings/", settings_form())
    assert response["Location"] == "/o/acme/settings/"
    org.refresh_from_db()
    assert (org.name, org.timezone, org.min_group_size) == ("Acme Corporation", "America/New_York", 8)
    assert org.slug == "acme"
    assert b"Settings saved" in client.get("/o/acme/settings/").content


def test_a_group_size_below_two_is_refused_and_nothing_changes(org, admin, client_for):
    response = client_for(admin).post("/o/acme/settings/", settings_form(min_group_size=1))
    assert response.status_code == 200
    assert b"field-error" in response.content
    org.refresh_from_db()
    assert (org.name, org.min_group_size) == ("Acme", 5)


def test_a_rejected_change_does_not_show_in_the_page_around_the_form(org, admin, client_for):
    response = client_for(admin).post(
        "/o/acme/settings/", settings_form(name="Renamed", timezone="Mars/Base")
    )
    assert b"Select a valid choice" in response.content
    assert b"<title>Settings \xc2\xb7 Acme</title>" in response.content
    org.refresh_from_db()
    assert org.name == "Acme"


def test_an_empty_name_is_refused(org, admin, client_for):
    response = client_for(admin).post("/o/acme/settings/", settings_form(name=""))
    assert b"This field is required" in response.content
    org.refresh_from_db()
    assert org.name == "Acme"


# --- creating organizations and belonging to several -----------------------------------------


@pytest.mark.across_organizations
def test_creating_an_organization_makes_the_creator_its_admin(client_for, db):
    user = UserFactory()
    response = client_for(user).post(
        "/organizations/new/", {"name": "Initech", "slug": "", "timezone": "Europe/Berlin"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/o/initech/"
    organization = Organization.objects.get(slug="initech")
    assert Membership.objects.get(organization=organization, user=user).role == Role.ADMIN
    assert client_for(user).get("/o/initech/members/").status_code == 200


def test_a_person_in_two_organizations_sees_both_in_the_switcher(org, other_org, mentee, client_for):
    MembershipFactory(organization=other_org, user=mentee, role=Role.HR_ANALYST)
    response = client_for(mentee).get("/o/acme/")
    names = [m.organization.name for m in response.context["my_memberships"]]
    assert names == ["Acme", "Globex"]
    content = response.content.decode()
    assert 'href="/o/globex/"' in content
    assert "HR analyst" in content


def test_a_person_in_two_organizations_never_sees_one_from_the_other(org, other_org, admin, client_for):
    MembershipFactory(organization=other_org, user=admin, role=Role.ADMIN)
    MembershipFactory(organization=other_org, user=UserFactory(email="globex-only@globex.test"))
    InvitationFactory(organization=other_org, email="globex-invitee@globex.test")
    MembershipFactory(organization=org, user=UserFactory(email="acme-only@acme.test"))
    InvitationFactory(organization=org, email="acme-invitee@acme.test")
    client = client_for(admin)

    acme = client.get("/o/acme/members/").content.decode()
    globex = client.get("/o/globex/members/").content.decode()

    assert "acme-only@acme.test" in acme and "acme-invitee@acme.test" in acme
    assert "globex-only@globex.test" not in acme and "globex-invitee@globex.test" not in acme
    assert "globex-only@globex.test" in globex and "globex-invitee@globex.test" in globex
    assert "acme-only@acme.test" not in globex and "acme-invitee@acme.test" not in globex


def test_an_object_of_one_organization_is_404_under_the_others_address(org, other_org, admin, client_for):
    MembershipFactory(organization=other_org, user=admin, role=Role.ADMIN)
    acme_member = MembershipFactory(organization=org)
    acme_invitation = InvitationFactory(organization=org)
    client = client_for(admin)
    assert client.get(f"/o/globex/members/{acme_member.pk}/remove/").status_code == 404
    assert client.post(f"/o/globex/members/{acme_member.pk}/remove/").status_code == 404
    assert client.post(f"/o/globex/members/{acme_member.pk}/role/", {"role": "admin"}).status_code == 404
    assert client.post(f"/o/globex/invitations/{acme_invitation.pk}/revoke/").status_code == 404
    assert Membership.objects.filter(pk=acme_member.pk, role=Role.MEMBER).exists()


def test_accepting_an_invitation_links_only_that_organizations_roster_row(org, other_org, admin, client_for):
    from organizations.services.invitations import invitation_create

    acme_row = EmployeeFactory(organization=org, email="both@example.com")
    globex_row = EmployeeFactory(organization=other_org, email="both@example.com")
    _, token = invitation_create(organization=org, actor=admin, email="both@example.com", role=Role.MEMBER)
    user = UserFactory(email="both@example.com")
    client_for(user).post(f"/invitations/{token}/")
    acme_row.refresh_from_db()
    globex_row.refresh_from_db()
    assert acme_row.user == user
    assert globex_row.user is None
