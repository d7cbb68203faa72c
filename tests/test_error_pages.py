"""Errors look like the product: 403 and 404 inside Lodestar's layout with its navigation and a
way back, a 500 page that renders with nothing but templates and static files, and a favicon."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import include, path

from tests.factories import MembershipFactory, UserFactory


def boom(request):
    raise RuntimeError("a bug in a view")


def bad(request):
    raise PermissionDenied("not for you")


# This module is also a URLconf (``@pytest.mark.urls(__name__)``): the real URLs plus a view
# that fails.
urlpatterns = [
    path("boom/", boom),
    path("forbidden/", bad),
    path("", include("config.urls")),
]


def main_of(response) -> str:
    return response.content.decode().split("<main", 1)[1]


# --- 404 -------------------------------------------------------------------------------------


def test_a_missing_object_in_an_organization_is_a_404_page_with_its_navigation(org, admin, client_for):
    response = client_for(admin).get("/o/acme/members/999999/remove/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'class="topbar"' in page
    assert 'href="/o/acme/members/"' in page, "the organization's navigation is there"
    assert "We cannot find that page" in page
    assert 'href="/o/acme/"' in main_of(response), "a way back to the organization's overview"
    assert 'href="/favicon.ico"' not in page and static("favicon.svg") in page


def test_an_address_under_the_organization_that_names_no_page_keeps_the_navigation(org, mentee, client_for):
    response = client_for(mentee).get("/o/acme/no-such-page/")
    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()
    assert "Back to the Acme overview" in main_of(response)
    assert 'href="/o/acme/programs/"' in response.content.decode()


def test_an_address_under_another_organization_is_the_same_404_without_its_name(
    org, other_org, mentee, client_for
):
    response = client_for(mentee).get("/o/globex/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Globex" not in page
    assert "We cannot find that page" in page
    assert "Back to your organizations" in main_of(response)


def test_an_anonymous_visitor_sees_the_404_page_with_a_way_in(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    main = main_of(response)
    assert "We cannot find that page" in main
    assert 'href="/accounts/login/"' in main
    assert 'href="/"' in main


def test_an_anonymous_visitor_of_an_organization_address_is_asked_to_sign_in(client, org):
    response = client.get("/o/acme/no-such-page/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- 403 -------------------------------------------------------------------------------------


def test_a_page_outside_the_members_role_is_a_403_page_that_names_the_role(org, mentee, client_for):
    response = client_for(mentee).get("/o/acme/members/")
    assert response.status_code == 403
    page = response.content.decode()
    assert 'class="topbar"' in page
    main = main_of(response)
    assert "This page is not part of your role" in main
    assert "<strong>Member</strong>" in main
    assert 'href="/o/acme/"' in main


@pytest.mark.urls(__name__)
def test_a_403_outside_any_organization_still_has_the_look_and_a_way_back(client_for, db):
    response = client_for(UserFactory()).get("/forbidden/")
    assert response.status_code == 403
    main = main_of(response)
    assert "You may not open this page" in main
    assert 'href="/"' in main


# --- 500 -------------------------------------------------------------------------------------


@pytest.mark.urls(__name__)
def test_a_failing_view_answers_with_the_500_page(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert 'class="topbar"' in page
    assert static("css/lodestar.css") in page
    assert 'href="/"' in main_of(response)
    assert "a bug in a view" not in page, "no detail of the error reaches the visitor"


@pytest.mark.urls(__name__)
def test_a_signed_in_member_gets_the_same_500_page(org, admin, client_for):
    client = client_for(admin)
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert admin.email not in response.content.decode()


def test_the_500_page_renders_without_a_request_or_the_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        page = render_to_string("500.html")
    assert "Something went wrong on our side" in page


@pytest.mark.parametrize(
    ("template", "text"), [("400.html", "could not understand"), ("403_csrf.html", "can no longer be sent")]
)
def test_the_other_request_less_error_pages_render_alone(template, text, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        page = render_to_string(template)
    assert text in page
    assert 'class="topbar"' in page


def test_an_expired_form_gets_the_product_page(org, client_for):
    from django.test import Client

    user = MembershipFactory(organization=org).user
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    assert "This form can no longer be sent" in response.content.decode()


# --- the favicon ------------------------------------------------------------------------------


def test_favicon_ico_leads_to_the_svg_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]
    assert client.post("/favicon.ico").status_code == 405


def test_every_page_links_the_icon(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in page
