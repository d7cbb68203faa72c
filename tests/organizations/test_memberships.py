"""The members page: roles, removal, and the rule that an organization always keeps an admin."""

import pytest
from django.core.exceptions import ValidationError

from organizations.models import Membership
from organizations.roles import Role
from organizations.services.memberships import membership_change_role, membership_remove
from tests.factories import InvitationFactory, MembershipFactory


def membership_of(user, org) -> Membership:
    return Membership.objects.get(user=user, organization=org)


# --- services ---------------------------------------------------------------------------------


def test_an_admin_changes_a_members_role(org, admin, mentee):
    membership = membership_change_role(
        membership=membership_of(mentee, org), role=Role.HR_ANALYST, actor=admin
    )
    assert membership.role == Role.HR_ANALYST
    assert membership_of(mentee, org).role == Role.HR_ANALYST


def test_the_last_admin_cannot_be_demoted(org, admin):
    with pytest.raises(ValidationError) as error:
        membership_change_role(membership=membership_of(admin, org), role=Role.MEMBER, actor=admin)
    assert "last admin" in str(error.value)
    assert membership_of(admin, org).role == Role.ADMIN


def test_an_admin_can_be_demoted_when_another_admin_remains(org, admin, manager):
    membership_change_role(membership=membership_of(manager, org), role=Role.ADMIN, actor=admin)
    membership_change_role(membership=membership_of(admin, org), role=Role.MEMBER, actor=manager)
    assert membership_of(admin, org).role == Role.MEMBER


def test_the_rule_reads_the_current_role_not_a_stale_copy(org, admin, manager):
    """Two admins demoting each other from two stale pages: the second demotion is refused."""
    membership_change_role(membership=membership_of(manager, org), role=Role.ADMIN, actor=admin)
    stale_admin, stale_manager = membership_of(admin, org), membership_of(manager, org)
    membership_change_role(membership=stale_manager, role=Role.MEMBER, actor=admin)
    with pytest.raises(ValidationError):
        membership_change_role(membership=stale_admin, role=Role.MEMBER, actor=manager)
    assert membership_of(admin, org).role == Role.ADMIN


def test_an_admin_in_another_organization_does_not_count(org, other_org, admin, outsider):
    MembershipFactory(organization=other_org, role=Role.ADMIN)
    with pytest.raises(ValidationError):
        membership_remove(membership=membership_of(admin, org), actor=admin)


def test_an_unknown_role_is_refused(org, admin, mentee):
    with pytest.raises(ValidationError):
        membership_change_role(membership=membership_of(mentee, org), role="owner", actor=admin)


@pytest.mark.across_organizations
def test_removing_a_member_deletes_only_their_membership(org, other_org, admin, mentee):
    MembershipFactory(organization=other_org, user=mentee)
    membership_remove(membership=membership_of(mentee, org), actor=admin)
    assert not Membership.objects.filter(organization=org, user=mentee).exists()
    assert Membership.objects.filter(organization=other_org, user=mentee).exists()
    mentee.refresh_from_db()
    assert mentee.is_active


def test_the_last_admin_cannot_be_removed(org, admin):
    with pytest.raises(ValidationError) as error:
        membership_remove(membership=membership_of(admin, org), actor=admin)
    assert "last admin" in str(error.value)
    assert Membership.objects.filter(organization=org, user=admin).exists()


# --- the members page -------------------------------------------------------------------------


def test_members_page_lists_members_with_roles_and_open_invitations(org, admin, mentee, client_for):
    InvitationFactory(organization=org, email="pending@example.com", invited_by=admin)
    content = client_for(admin).get("/o/acme/members/").content.decode()
    assert mentee.email in content
    assert admin.email in content
    assert "pending@example.com" in content
    assert "Open invitations" in content


def test_members_page_shows_nothing_of_another_organization(org, other_org, admin, outsider, client_for):
    InvitationFactory(organization=other_org, email="globex-invitee@example.com")
    content = client_for(admin).get("/o/acme/members/").content.decode()
    assert outsider.email not in content
    assert "globex-invitee@example.com" not in content


def test_the_sole_admin_row_offers_no_demotion_or_removal(org, admin, mentee, client_for):
    content = client_for(admin).get("/o/acme/members/").content.decode()
    assert "The only admin" in content
    assert f"/members/{membership_of(admin, org).pk}/remove/" not in content
    assert f"/members/{membership_of(mentee, org).pk}/remove/" in content


def test_changing_a_role_from_the_page(org, admin, mentee, client_for):
    client = client_for(admin)
    pk = membership_of(mentee, org).pk
    response = client.post(f"/o/acme/members/{pk}/role/", {"role": Role.PROGRAM_MANAGER})
    assert response.status_code == 302
    assert membership_of(mentee, org).role == Role.PROGRAM_MANAGER
    assert b"is now Program manager" in client.get("/o/acme/members/").content


def test_demoting_the_last_admin_from_the_page_shows_why(org, admin, client_for):
    client = client_for(admin)
    pk = membership_of(admin, org).pk
    response = client.post(f"/o/acme/members/{pk}/role/", {"role": Role.MEMBER}, follow=True)
    assert b"is the last admin of Acme" in response.content
    assert membership_of(admin, org).role == Role.ADMIN


def test_a_made_up_role_from_the_page_changes_nothing(org, admin, mentee, client_for):
    pk = membership_of(mentee, org).pk
    response = client_for(admin).post(f"/o/acme/members/{pk}/role/", {"role": "superuser"}, follow=True)
    assert b"Choose one of the listed roles" in response.content
    assert membership_of(mentee, org).role == Role.MEMBER


def test_removal_asks_for_confirmation_then_removes(org, admin, mentee, client_for):
    client = client_for(admin)
    pk = membership_of(mentee, org).pk
    confirm = client.get(f"/o/acme/members/{pk}/remove/")
    assert confirm.status_code == 200
    assert b"will lose access to" in confirm.content
    assert Membership.objects.filter(pk=pk).exists()

    response = client.post(f"/o/acme/members/{pk}/remove/")
    assert response["Location"] == "/o/acme/members/"
    assert not Membership.objects.filter(pk=pk).exists()


def test_a_removed_member_gets_404_at_once(org, admin, mentee, client_for):
    mentee_client = client_for(mentee)
    assert mentee_client.get("/o/acme/").status_code == 200
    client_for(admin).post(f"/o/acme/members/{membership_of(mentee, org).pk}/remove/")
    assert mentee_client.get("/o/acme/").status_code == 404


def test_removing_the_last_admin_from_the_page_shows_why(org, admin, client_for):
    pk = membership_of(admin, org).pk
    response = client_for(admin).post(f"/o/acme/members/{pk}/remove/", follow=True)
    assert b"is the last admin of Acme" in response.content
    assert Membership.objects.filter(pk=pk).exists()


def test_an_admin_who_leaves_goes_home(org, admin, manager, client_for):
    membership_change_role(membership=membership_of(manager, org), role=Role.ADMIN, actor=admin)
    response = client_for(admin).post(f"/o/acme/members/{membership_of(admin, org).pk}/remove/")
    assert response["Location"] == "/"
    assert not Membership.objects.filter(organization=org, user=admin).exists()


def test_role_change_answers_get_with_405(org, admin, mentee, client_for):
    pk = membership_of(mentee, org).pk
    assert client_for(admin).get(f"/o/acme/members/{pk}/role/").status_code == 405


def test_members_and_settings_links_show_to_admins_only(org, admin, mentee, client_for):
    admin_page = client_for(admin).get("/o/acme/").content.decode()
    member_page = client_for(mentee).get("/o/acme/").content.decode()
    assert 'href="/o/acme/members/"' in admin_page
    assert 'href="/o/acme/settings/"' in admin_page
    assert 'href="/o/acme/members/"' not in member_page
    assert 'href="/o/acme/settings/"' not in member_page
