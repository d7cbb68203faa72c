"""Getting people in (issue 13 item 7) and errors that look like the product (item 9), in a
browser: invite a department from the roster, the invitee signs up with the roster's name, the
members page on a phone, and the 403, 404 and 500 pages."""

import re

import pytest
from django.core import mail

from organizations.models import Invitation, User
from organizations.roles import Role
from tests.factories import (
    DEFAULT_PASSWORD,
    EmployeeFactory,
    InvitationFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def outbox(settings, live_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = live_server.url
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def roster(org):
    departments = ["Engineering", "Finance", "Sales"]
    people = [
        EmployeeFactory(
            organization=org,
            name=f"{first} {last}",
            email=f"{first.lower()}.{last.lower()}@acme.test",
            department=departments[n % 3],
            level=1 + n % 4,
            location=["Amsterdam", "Leeds", "Lisbon"][n % 3],
        )
        for n, (first, last) in enumerate(
            (first, last)
            for first in ("Ada", "Grace", "Alan", "Katherine", "Dorothy", "Mary", "Edsger", "Barbara")
            for last in ("Lovelace", "Hopper", "Turing")
        )
    ]
    return people


def main_fits_the_screen(page) -> bool:
    """The page's content needs no sideways scrolling (the header is item 8's: a menu button)."""
    return page.evaluate(
        "(() => { const main = document.querySelector('main');"
        " return main.scrollWidth <= main.clientWidth"
        " && main.getBoundingClientRect().right <= window.innerWidth; })()"
    )


def test_admin_invites_a_department_from_the_roster_and_an_invitee_signs_up_with_the_roster_name(
    page, sign_in, screenshot, admin, mentee, org, roster, outbox, live_server
):
    sign_in(page, admin)
    page.goto("/o/acme/members/")
    page.get_by_role("button", name="Invite from the roster").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Invite from the roster").is_visible()
    screenshot(page, "people-invite-from-roster")

    page.select_option("select#id_department", "Finance")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("networkidle")
    boxes = page.locator("input[name=employees]")
    assert boxes.count() == 8
    page.get_by_label("Tick all 8 listed").check()
    assert all(boxes.nth(i).is_checked() for i in range(8))
    boxes.nth(0).uncheck()
    page.select_option("select#id_role", Role.MEMBER)
    page.get_by_role("button", name="Send invitations").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("7 invitations sent").is_visible()
    assert "department=Finance" in page.url, "the filters stay"
    assert page.locator("input[name=employees]").count() == 1, "the invited leave the list"
    screenshot(page, "people-invite-sent")

    assert Invitation.objects.filter(role=Role.MEMBER).count() == 7
    assert len(outbox) == 7
    invited = sorted(i.name for i in Invitation.objects.all())
    assert all(name for name in invited)

    page.goto("/o/acme/members/")
    assert page.get_by_role("heading", name=re.compile("Open invitations")).is_visible()
    assert page.get_by_text(invited[0]).first.is_visible()
    screenshot(page, "people-members")

    message = next(m for m in outbox if m.to == [Invitation.objects.get(name=invited[0]).email])
    link = re.search(r"https?://\S+/invitations/[\w-]+/", message.body).group(0)
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")
    page.goto(link)
    page.get_by_role("button", name="Create an account").click()
    page.wait_for_load_state("networkidle")
    assert page.input_value("input[name=full_name]") == invited[0]
    screenshot(page, "people-sign-up-with-roster-name")
    page.fill("input[name=password1]", DEFAULT_PASSWORD)
    page.fill("input[name=password2]", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/o/acme/"
    assert User.objects.get(email=message.to[0]).full_name == invited[0]


def test_the_members_page_on_a_phone_keeps_search_roles_and_removal_reachable(
    chromium, live_server, sign_in, screenshot, admin, org
):
    for n in range(30):
        MembershipFactory(
            organization=org,
            user=UserFactory(
                email=f"colleague{n:02d}@acme.test", full_name=f"Colleague With A Long Name {n:02d}"
            ),
        )
        InvitationFactory(
            organization=org, email=f"invitee{n:02d}@acme.test", name=f"Invitee {n:02d}", invited_by=admin
        )
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, admin)
        page.goto("/o/acme/members/")
        assert main_fits_the_screen(page)
        screenshot(page, "people-members-phone")
        assert page.get_by_role("combobox", name="Role of colleague00@acme.test").is_visible()
        remove = page.get_by_role("link", name="Remove colleague00@acme.test")
        remove.scroll_into_view_if_needed()
        box = remove.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert page.get_by_role("navigation", name="Pages of members").is_visible()

        page.fill("input[name=q]", "colleague07")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("table.reflow").first.locator("tbody tr").count() == 1
        screenshot(page, "people-members-phone-search")

        page.goto("/o/acme/members/invite/roster/")
        assert main_fits_the_screen(page)
        screenshot(page, "people-invite-from-roster-phone")
    finally:
        context.close()


def test_someone_invited_meanwhile_is_reported_by_name_and_the_others_are_invited(
    page, sign_in, screenshot, admin, org, roster
):
    sign_in(page, admin)
    page.goto("/o/acme/members/invite/roster/?location=Lisbon")
    page.get_by_label("Tick all 8 listed").check()
    # Another admin invites one of them while this page is open.
    taken = next(person for person in roster if person.location == "Lisbon")
    InvitationFactory(organization=org, email=taken.email, name=taken.name)
    page.get_by_role("button", name="Send invitations").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("7 invitations sent").is_visible()
    report = page.locator(".bulk-report")
    assert report.get_by_role("heading", name="1 not invited").is_visible()
    assert report.get_by_text(taken.name).is_visible()
    assert report.get_by_text("already has an open invitation").is_visible()
    screenshot(page, "people-invite-report")


def test_the_invitation_list_on_a_phone_reflows_into_cards(
    chromium, live_server, sign_in, screenshot, admin, org, roster
):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, admin)
        page.goto("/o/acme/members/invite/roster/?department=Sales")
        assert main_fits_the_screen(page)
        page.get_by_label("Tick all 8 listed").check()
        assert page.locator("input[name=employees]:checked").count() == 8
        send = page.get_by_role("button", name="Send invitations").first
        assert send.is_visible()
        screenshot(page, "people-invite-phone-ticked")
    finally:
        context.close()


def test_errors_look_like_the_product(page, sign_in, screenshot, mentee, org):
    sign_in(page, mentee)
    response = page.goto("/o/acme/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="We cannot find that page").is_visible()
    assert page.locator(".topbar").get_by_role("link", name="Programs").is_visible()
    screenshot(page, "error-404")
    page.get_by_role("button", name="Back to the Acme overview").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/o/acme/")

    response = page.goto("/o/acme/members/")
    assert response.status == 403
    assert page.get_by_role("heading", name="This page is not part of your role").is_visible()
    screenshot(page, "error-403")

    favicon = page.request.get("/favicon.ico")
    assert favicon.ok and favicon.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.urls("tests.test_error_pages")
def test_the_500_page_looks_like_the_product(page, screenshot, db):
    response = page.goto("/boom/")
    assert response.status == 500
    assert page.get_by_role("heading", name="Something went wrong on our side").is_visible()
    assert page.locator(".topbar .brand").is_visible()
    screenshot(page, "error-500")
