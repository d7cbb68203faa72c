import re

import pytest
from django.core import mail

from organizations.models import Membership
from organizations.roles import Role
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def outbox(settings, live_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = live_server.url
    mail.outbox = []
    return mail.outbox


def test_admin_invites_a_newcomer_who_signs_up_and_lands_in_the_organization(
    page, sign_in, screenshot, admin, mentee, org, outbox, live_server
):
    page.goto("/accounts/login/")
    screenshot(page, "sign-in")

    sign_in(page, admin)
    page.get_by_role("link", name="Members").first.click()
    page.fill("input[name=email]", "grace@example.com")
    page.select_option("select#id_role", Role.PROGRAM_MANAGER)
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Invitation sent to grace@example.com").is_visible()
    assert page.get_by_role("cell", name="grace@example.com", exact=True).is_visible()
    screenshot(page, "members")

    assert len(outbox) == 1 and outbox[0].to == ["grace@example.com"]
    link = re.search(r"https?://\S+/invitations/[\w-]+/", outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")

    page.goto(link)
    assert page.get_by_role("heading", name="Join Acme on Lodestar").is_visible()
    assert page.get_by_text("Program manager").first.is_visible()
    screenshot(page, "invitation")

    page.get_by_role("button", name="Create an account").click()
    assert page.input_value("input[name=email]") == "grace@example.com"
    assert page.get_by_text("You are joining").is_visible()
    screenshot(page, "sign-up")
    page.fill("input[name=full_name]", "Grace Hopper")
    page.fill("input[name=password1]", DEFAULT_PASSWORD)
    page.fill("input[name=password2]", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("networkidle")

    assert page.url == f"{live_server.url}/o/acme/"
    assert page.get_by_role("heading", name="Acme").is_visible()
    assert page.get_by_text("Welcome to Acme!").is_visible()
    assert (
        Membership.objects.get(user__email="grace@example.com", organization=org).role == Role.PROGRAM_MANAGER
    )
    assert len(outbox) == 1, "the invitee was not asked to verify an address the invitation proved"
    screenshot(page, "invitee-dashboard")
