"""Inviting many people from the roster at once: who can be invited, the one service call, and
the page that filters, ticks and sends."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from organizations.clock import organization_today
from organizations.models import Employee, Invitation
from organizations.roles import Role
from organizations.roster.invitable import invitable_employees
from organizations.services import bulk_invitations
from organizations.services.bulk_invitations import MAX_BULK_INVITATIONS, invitations_create_bulk
from organizations.services.invitations import invitation_create
from tests.factories import EmployeeFactory, InvitationFactory, MembershipFactory, UserFactory

URL = "/o/acme/members/invite/roster/"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


def today(org) -> datetime.date:
    return organization_today(org)


def invitable_names(org, **filters) -> list[str]:
    return [employee.name for employee in invitable_employees(as_of=today(org), **filters)]


def bulk(org, admin, employees, role=Role.MEMBER):
    return invitations_create_bulk(
        organization=org, actor=admin, employee_ids=[e.pk for e in employees], role=role
    )


# --- who can be invited -----------------------------------------------------------------------


def test_only_current_employees_without_membership_or_open_invitation_can_be_invited(org, admin, mentee):
    yesterday = today(org) - datetime.timedelta(days=1)
    EmployeeFactory(organization=org, name="Ada Free")
    EmployeeFactory(organization=org, name="Mentee On Roster", email=mentee.email.upper())
    EmployeeFactory(organization=org, name="Ivy Invited", email="ivy@example.com")
    InvitationFactory(organization=org, email="ivy@example.com")
    EmployeeFactory(organization=org, name="Rita Revoked", email="rita@example.com")
    InvitationFactory(organization=org, email="rita@example.com", revoked_at=timezone.now())
    EmployeeFactory(organization=org, name="Eve Expired", email="eve@example.com")
    InvitationFactory(organization=org, email="eve@example.com", expires_at=timezone.now())
    EmployeeFactory(organization=org, name="Leo Left", termination_date=yesterday)
    next_month, tomorrow = today(org) + datetime.timedelta(days=30), today(org) + datetime.timedelta(days=1)
    EmployeeFactory(organization=org, name="Nia Next Month", hire_date=next_month)
    EmployeeFactory(organization=org, name="Tom Leaves Tomorrow", termination_date=tomorrow)

    assert invitable_names(org) == ["Ada Free", "Eve Expired", "Rita Revoked", "Tom Leaves Tomorrow"]


def test_a_row_linked_to_a_member_is_out_and_one_linked_to_someone_who_left_is_in(org, admin):
    member = MembershipFactory(organization=org).user
    former = UserFactory()
    EmployeeFactory(organization=org, name="Linked Member", email="old-address@example.com", user=member)
    EmployeeFactory(organization=org, name="Former Member", email=former.email, user=former)
    assert invitable_names(org) == ["Former Member"]


def test_the_list_filters_by_department_level_location_and_name_or_address(org, admin):
    EmployeeFactory(organization=org, name="Ada", department="Engineering", level=2, location="Amsterdam")
    EmployeeFactory(organization=org, name="Bob", department="Sales", level=2, location="Berlin")
    EmployeeFactory(organization=org, name="Cy", department="Sales", level=3, location="Oslo", email="c@x.t")
    assert invitable_names(org, department="Sales") == ["Bob", "Cy"]
    assert invitable_names(org, department="Sales", level=3) == ["Cy"]
    assert invitable_names(org, location="Amsterdam") == ["Ada"]
    assert invitable_names(org, location="Oslo") == ["Cy"]
    assert invitable_names(org, search="c@x") == ["Cy"]
    assert invitable_names(org, search="bo") == ["Bob"]


@pytest.mark.across_organizations
def test_another_organizations_roster_is_never_listed(org, other_org, admin):
    EmployeeFactory(organization=other_org, name="Globex Person")
    EmployeeFactory(organization=org, name="Acme Person")
    with scope(organization=org):
        assert invitable_names(org) == ["Acme Person"]


# --- the service ------------------------------------------------------------------------------


def test_each_chosen_person_gets_one_invitation_with_the_roster_name_and_the_role(
    org, admin, django_capture_on_commit_callbacks
):
    people = [
        EmployeeFactory(organization=org, name="Ada Lovelace", email="Ada@Example.com"),
        EmployeeFactory(organization=org, name="Grace Hopper", email="grace@example.com"),
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = bulk(org, admin, people, role=Role.PROGRAM_MANAGER)
    assert mail.outbox == [], "nothing is sent before the transaction commits"
    assert callbacks, "the emails go once the transaction commits, as for a single invitation"

    assert result.not_invited == []
    invitations = Invitation.objects.order_by("email")
    assert [(i.email, i.name, i.role, i.invited_by) for i in invitations] == [
        ("ada@example.com", "Ada Lovelace", Role.PROGRAM_MANAGER, admin),
        ("grace@example.com", "Grace Hopper", Role.PROGRAM_MANAGER, admin),
    ]
    assert all(i.is_open for i in invitations)

    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == ["ada@example.com", "grace@example.com"]
    assert all("/invitations/" in message.body for message in mail.outbox)
    to_ada = next(message for message in mail.outbox if message.to == ["ada@example.com"])
    assert to_ada.body.startswith("Hello Ada Lovelace,"), "greeted by the roster's name"


def test_people_who_cannot_be_invited_are_reported_one_by_one_and_the_others_invited(org, admin, mentee):
    free = EmployeeFactory(organization=org, name="Free Person")
    member = EmployeeFactory(organization=org, name="Already Member", email=mentee.email)
    invited = EmployeeFactory(organization=org, name="Already Invited", email="inv@example.com")
    InvitationFactory(organization=org, email="inv@example.com")
    left = EmployeeFactory(organization=org, name="Has Left", termination_date=datetime.date(2021, 1, 1))
    rehire = EmployeeFactory(organization=org, name="Second Row", email="free-twin@example.com")
    twin = EmployeeFactory(organization=org, name="First Row", email="FREE-twin@example.com")

    result = bulk(org, admin, [free, member, invited, left, rehire, twin])

    assert {i.email for i in result.invited} == {"free-twin@example.com", free.email}
    reasons = {item.employee.name: item.reason for item in result.not_invited}
    assert reasons == {
        "Already Member": "is already a member",
        "Already Invited": "already has an open invitation",
        "Has Left": "has left (the roster gives a termination date)",
        "Second Row": "has the same address as First Row, who is invited",
    }
    assert Invitation.objects.filter(email__iexact="free-twin@example.com").count() == 1
    assert Invitation.objects.filter(email="inv@example.com").count() == 1


def test_sending_the_same_people_twice_invites_nobody_the_second_time(org, admin):
    people = EmployeeFactory.create_batch(3, organization=org)
    bulk(org, admin, people)
    again = bulk(org, admin, people)
    assert again.invited == []
    assert {item.reason for item in again.not_invited} == {"already has an open invitation"}
    assert Invitation.objects.count() == 3


def test_more_than_the_limit_is_refused_whole_before_anything_is_stored(org, admin):
    assert MAX_BULK_INVITATIONS == 500
    with pytest.raises(ValidationError) as error:
        invitations_create_bulk(
            organization=org, actor=admin, employee_ids=list(range(1, 502)), role=Role.MEMBER
        )
    assert "You chose 501 people; one sending holds at most 500" in error.value.messages[0]
    assert not Invitation.objects.exists()


def test_the_limit_counts_people_not_repeated_ids(org, admin, monkeypatch):
    monkeypatch.setattr(bulk_invitations, "MAX_BULK_INVITATIONS", 3)
    people = EmployeeFactory.create_batch(4, organization=org)
    ids = [p.pk for p in people[:3]] * 2
    result = invitations_create_bulk(organization=org, actor=admin, employee_ids=ids, role=Role.MEMBER)
    assert len(result.invited) == 3
    with pytest.raises(ValidationError):
        bulk(org, admin, people)


def test_an_empty_choice_and_an_unknown_role_are_refused(org, admin):
    person = EmployeeFactory(organization=org)
    with pytest.raises(ValidationError, match="Tick at least one person"):
        bulk(org, admin, [])
    with pytest.raises(ValidationError):
        bulk(org, admin, [person], role="owner")
    assert not Invitation.objects.exists()


@pytest.mark.across_organizations
def test_another_organizations_employee_is_never_invited_and_nothing_is_stored(org, other_org, admin):
    with scope(organization=org):
        ours = EmployeeFactory(organization=org)
    with scope(organization=other_org):
        theirs = EmployeeFactory(organization=other_org, email="globex-person@example.com")
    with pytest.raises(ValidationError, match="not on this organization's roster"):
        invitations_create_bulk(
            organization=org, actor=admin, employee_ids=[ours.pk, theirs.pk], role=Role.MEMBER
        )
    assert not Invitation.objects.exists()


# --- the page ---------------------------------------------------------------------------------


def test_the_page_lists_who_can_be_invited_with_filters_from_the_roster(org, admin, client_for):
    EmployeeFactory(organization=org, name="Ada Lovelace", department="Engineering", location="Leeds")
    EmployeeFactory(organization=org, name="Bo Sales", department="Sales", location="Berlin")
    response = client_for(admin).get(URL, {"department": "Sales"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bo Sales" in page and "Ada Lovelace" not in page
    assert '<option value="Engineering">Engineering</option>' in page
    assert '<option value="Leeds">Leeds</option>' in page
    assert 'data-check-all="employees"' in page
    assert "1 matches your filters" in page


def test_the_members_page_leads_to_it(org, admin, client_for):
    page = client_for(admin).get("/o/acme/members/").content.decode()
    assert f'href="{URL}"' in page


def test_sending_from_the_page_invites_and_keeps_the_filters(org, admin, client_for):
    ada = EmployeeFactory(organization=org, name="Ada Lovelace", department="Engineering")
    bob = EmployeeFactory(organization=org, name="Bob Builder", department="Engineering")
    EmployeeFactory(organization=org, name="Cy Sales", department="Sales")
    response = client_for(admin).post(
        f"{URL}?department=Engineering", {"employees": [ada.pk, bob.pk], "role": Role.SENIOR_LEADER}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 invitations sent" in page
    assert "Ada Lovelace" not in page.split('<form method="post"', 1)[-1], "the invited leave the list"
    assert "Nobody left to invite" in page or "No one matches" in page
    assert {i.name: i.role for i in Invitation.objects.all()} == {
        "Ada Lovelace": Role.SENIOR_LEADER,
        "Bob Builder": Role.SENIOR_LEADER,
    }


def test_the_page_reports_each_person_not_invited(org, admin, mentee, client_for):
    ada = EmployeeFactory(organization=org, name="Ada Lovelace")
    member = EmployeeFactory(organization=org, name="Mentee Person", email=mentee.email)
    response = client_for(admin).post(URL, {"employees": [ada.pk, member.pk], "role": Role.MEMBER})
    page = response.content.decode()
    assert "1 invitation sent" in page
    assert "1 not invited" in page
    assert "Mentee Person" in page and "is already a member" in page


def test_sending_with_nobody_ticked_says_so_and_stores_nothing(org, admin, client_for):
    EmployeeFactory(organization=org, name="Ada Lovelace")
    response = client_for(admin).post(URL, {"role": Role.MEMBER})
    assert response.status_code == 400
    assert "Tick at least one person to invite." in response.content.decode()
    assert not Invitation.objects.exists()


def test_too_many_from_the_page_is_a_clear_error(org, admin, client_for):
    EmployeeFactory(organization=org, name="Ada Lovelace")
    response = client_for(admin).post(URL, {"employees": list(range(1, 502)), "role": Role.MEMBER})
    assert response.status_code == 400
    assert "one sending holds at most 500" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-1", "1" * 40, "²"])
def test_a_malformed_id_stores_nothing(org, admin, client_for, value):
    ada = EmployeeFactory(organization=org)
    response = client_for(admin).post(URL, {"employees": [ada.pk, value], "role": Role.MEMBER})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


@pytest.mark.across_organizations
def test_another_organizations_employee_posted_to_the_page_is_refused(org, other_org, admin, client_for):
    with scope(organization=org):
        ours = EmployeeFactory(organization=org)
    with scope(organization=other_org):
        theirs = EmployeeFactory(organization=other_org, name="Globex Person")
    response = client_for(admin).post(URL, {"employees": [ours.pk, theirs.pk], "role": Role.MEMBER})
    assert response.status_code == 400
    assert "Globex Person" not in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.across_organizations
def test_an_admin_of_another_organization_cannot_reach_the_page(org, outsider, client_for):
    with scope(organization=org):
        ours = EmployeeFactory(organization=org)
    client = client_for(outsider)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"employees": [ours.pk], "role": Role.MEMBER}).status_code == 404
    with scopes_disabled():
        assert not Invitation.objects.exists()


def test_the_page_shows_at_most_one_sendings_worth(org, admin, client_for, monkeypatch):
    from organizations.views import bulk_invitations as view

    monkeypatch.setattr(view, "INVITABLE_PAGE_SIZE", 2)
    EmployeeFactory.create_batch(3, organization=org)
    page = client_for(admin).get(URL).content.decode()
    assert page.count('name="employees"') == 2
    assert "Showing the first 2 of 3" in page


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_queries_for_ten_people_or_sixty(org, admin, client_for):
    client = client_for(admin)
    EmployeeFactory.create_batch(10, organization=org)
    few = queries_for(client, URL)
    EmployeeFactory.create_batch(50, organization=org, department="Sales", location="Paris")
    assert queries_for(client, URL) == few


def test_sending_costs_what_each_invitation_costs_and_nothing_more(org, admin, client_for):
    """Each person costs exactly one invitation_create (its checks, the row, its email); the
    rest of a sending is a fixed number of queries."""
    with CaptureQueriesContext(connection) as single:
        invitation_create(
            organization=org, actor=admin, email="single@example.com", role=Role.MEMBER, name="Single"
        )
    client = client_for(admin)

    def sending(people) -> int:
        with CaptureQueriesContext(connection) as queries:
            client.post(URL, {"employees": [p.pk for p in people], "role": Role.MEMBER})
        return len(queries)

    few = sending(EmployeeFactory.create_batch(5, organization=org))
    many = sending(EmployeeFactory.create_batch(25, organization=org))
    assert Invitation.objects.count() == 31
    assert many - few == 20 * len(single)


def test_a_single_invitation_takes_the_roster_name_for_its_address(org, admin, client_for):
    EmployeeFactory(organization=org, name="Katherine Johnson", email="kj@example.com")
    client_for(admin).post("/o/acme/members/invite/", {"email": "KJ@example.com", "role": Role.MEMBER})
    assert Invitation.objects.get().name == "Katherine Johnson"
    assert Employee.objects.count() == 1
