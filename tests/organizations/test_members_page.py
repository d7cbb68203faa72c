"""The members page at a few hundred people: search, role filter, pages of 25, and a fixed
number of queries whatever the size."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Membership
from organizations.roles import Role
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

URL = "/o/acme/members/"


def member(org, email, name="", role=Role.MEMBER):
    return MembershipFactory(organization=org, role=role, user=UserFactory(email=email, full_name=name))


def members_listed(response) -> list[str]:
    """The addresses in the members table (before the open invitations)."""
    table = response.content.decode().split("Open invitations", 1)[0]
    return [m.user.email for m in response.context["members_page"] if m.user.email in table]


def test_search_finds_members_by_name_or_address(org, admin, client_for):
    member(org, "ada@example.com", "Ada Lovelace")
    member(org, "grace@example.com", "Grace Hopper")
    client = client_for(admin)
    assert members_listed(client.get(URL, {"q": "lovelace"})) == ["ada@example.com"]
    assert members_listed(client.get(URL, {"q": "GRACE@"})) == ["grace@example.com"]
    page = client.get(URL, {"q": "nobody-like-this"}).content.decode()
    assert "No members match" in page


def test_the_role_filter_shows_only_that_role(org, admin, manager, mentee, client_for):
    response = client_for(admin).get(URL, {"role": Role.PROGRAM_MANAGER})
    assert members_listed(response) == [manager.email]
    assert "1 member matches your search" in response.content.decode()


def test_a_made_up_role_filter_is_ignored(org, admin, mentee, client_for):
    response = client_for(admin).get(URL, {"role": "owner"})
    assert response.status_code == 200
    assert set(members_listed(response)) == {admin.email, mentee.email}


def test_members_come_25_to_a_page_and_the_filters_stay_on_the_links(org, admin, client_for):
    for n in range(30):
        member(org, f"person{n:02d}@example.com", f"Person {n:02d}")
    client = client_for(admin)
    first = client.get(URL, {"q": "person"})
    assert len(members_listed(first)) == 25
    page = first.content.decode()
    assert "Page 1 of 2" in page
    assert 'href="?q=person&amp;page=2"' in page
    second = client.get(URL, {"q": "person", "page": 2})
    assert len(members_listed(second)) == 5
    assert client.get(URL, {"page": "999"}).status_code == 200
    assert client.get(URL, {"page": "x"}).status_code == 200


def test_open_invitations_are_searched_and_paged_on_their_own(org, admin, client_for):
    for n in range(27):
        InvitationFactory(organization=org, email=f"invitee{n:02d}@example.com", name=f"Invitee {n:02d}")
    InvitationFactory(organization=org, email="kj@example.com", name="Katherine Johnson")
    client = client_for(admin)
    response = client.get(URL)
    assert len(response.context["invitations_page"]) == 25
    assert 'href="?invitations_page=2"' in response.content.decode()
    found = client.get(URL, {"q": "katherine"})
    assert [i.email for i in found.context["invitations_page"]] == ["kj@example.com"]
    assert "Katherine Johnson" in found.content.decode()


def test_changing_a_role_returns_to_the_same_search_and_page(org, admin, client_for):
    target = member(org, "ada@example.com", "Ada Lovelace")
    response = client_for(admin).post(
        f"{URL}{target.pk}/role/",
        {"role": Role.HR_ANALYST, "return_query": "q=ada&page=1&next=https://evil.example"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/o/acme/members/?q=ada&page=1"
    assert Membership.objects.get(pk=target.pk).role == Role.HR_ANALYST


def test_the_table_reflows_on_a_phone_with_every_action_in_it(org, admin, mentee, client_for):
    page = client_for(admin).get(URL).content.decode()
    assert 'class="striped reflow"' in page
    assert 'data-label="Role"' in page
    assert f'aria-label="Role of {mentee.email}"' in page
    assert f'aria-label="Remove {mentee.email}"' in page


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"q": "example"}).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_queries_for_a_few_people_or_many(org, admin, client_for):
    client = client_for(admin)
    for n in range(3):
        member(org, f"few{n}@example.com")
        InvitationFactory(organization=org, email=f"few-invitee{n}@example.com", invited_by=admin)
    few = queries_for(client)
    for n in range(40):
        member(org, f"many{n}@example.com", role=Role.ADMIN if n % 2 else Role.MEMBER)
        InvitationFactory(organization=org, email=f"many-invitee{n}@example.com", invited_by=admin)
    assert queries_for(client) == few


def test_no_id_is_used_twice_on_the_members_pages(org, admin, mentee, client_for):
    """The search's role filter and the invitation form's role sit on one page."""
    client = client_for(admin)
    for url in (URL, f"{URL}invite/roster/"):
        ids = re.findall(r'\sid="([^"]+)"', client.get(url).content.decode())
        assert len(ids) == len(set(ids)), (url, sorted(i for i in ids if ids.count(i) > 1))
