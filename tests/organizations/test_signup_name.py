"""The sign-up page asks for a name, and fills it in from the roster for someone who came from
their invitation (never for an address merely typed into the page)."""

import pytest
from django.core.cache import cache

from organizations.models import User
from organizations.roles import Role
from organizations.services.invitations import invitation_create
from tests.factories import DEFAULT_PASSWORD, EmployeeFactory

SIGNUP = "/accounts/signup/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def sign_up(client, email, full_name):
    return client.post(
        SIGNUP,
        {
            "full_name": full_name,
            "email": email,
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )


def name_field_value(client, url=SIGNUP) -> str:
    form = client.get(url).context["form"]
    return form["full_name"].value() or ""


def test_the_sign_up_page_asks_for_a_name_first(client, db):
    page = client.get(SIGNUP).content.decode()
    assert 'name="full_name"' in page
    assert "Your name" in page
    assert 'autocomplete="name"' in page
    assert page.index('name="full_name"') < page.index('name="email"')


def test_the_name_is_stored_on_the_new_account_tidied(client, db):
    response = sign_up(client, "ada@example.com", "  Ada   Lovelace ")
    assert response.status_code == 302
    assert User.objects.get(email="ada@example.com").full_name == "Ada Lovelace"


@pytest.mark.parametrize("name", ["", "   "])
def test_without_a_name_nothing_is_created_and_the_field_says_why(client, db, name):
    response = sign_up(client, "ada@example.com", name)
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]
    assert 'class="field-error"' in response.content.decode()
    assert not User.objects.filter(email="ada@example.com").exists()


def test_a_name_longer_than_the_account_holds_is_refused(client, db):
    response = sign_up(client, "ada@example.com", "A" * 201)
    assert "full_name" in response.context["form"].errors
    assert not User.objects.exists()


def test_coming_from_an_invitation_sent_from_the_roster_fills_in_the_roster_name(org, admin, client):
    EmployeeFactory(organization=org, name="Katherine Johnson", email="KJ@example.com")
    _, token = invitation_create(organization=org, actor=admin, email="kj@example.com", role=Role.MEMBER)
    client.get(f"/invitations/{token}/")
    assert name_field_value(client, f"{SIGNUP}?email=kj%40example.com") == "Katherine Johnson"

    response = sign_up(client, "kj@example.com", "Katherine G. Johnson")
    assert response["Location"] == "/o/acme/"
    # What the person typed wins over the roster.
    assert User.objects.get(email="kj@example.com").full_name == "Katherine G. Johnson"


def test_an_invitation_without_a_name_looks_the_address_up_on_the_roster(org, admin, client):
    _, token = invitation_create(organization=org, actor=admin, email="dv@example.com", role=Role.MEMBER)
    EmployeeFactory(organization=org, name="Dorothy Vaughan", email="dv@example.com")
    client.get(f"/invitations/{token}/")
    assert name_field_value(client) == "Dorothy Vaughan"


def test_an_invitation_for_someone_not_on_the_roster_leaves_the_name_empty(org, admin, client):
    _, token = invitation_create(organization=org, actor=admin, email="new@example.com", role=Role.MEMBER)
    client.get(f"/invitations/{token}/")
    assert name_field_value(client) == ""


def test_typing_an_address_into_the_page_never_reveals_a_roster_name(org, client):
    EmployeeFactory(organization=org, name="Mary Jackson", email="mj@example.com")
    page = client.get(f"{SIGNUP}?email=mj%40example.com")
    assert page.context["form"]["full_name"].value() in (None, "")
    assert "Mary Jackson" not in page.content.decode()
