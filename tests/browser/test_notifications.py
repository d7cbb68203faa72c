"""A member reads their messages, chooses what they get, and unsubscribes from an email."""

import re

import pytest
from django.core import mail

from organizations.models import NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.outbox import Message, notify_many, recipient_key_for
from organizations.tenancy import organization_scope
from tests.factories import NotificationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_reads_messages_sets_choices_and_unsubscribes(
    page, sign_in, screenshot, mentee, admin, org, settings, live_server
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = live_server.url
    with organization_scope(org):
        NotificationFactory(
            organization=org,
            user=mentee,
            email=mentee.email,
            subject="Leadership Bridge: your meeting with Grace is tomorrow at 14:30",
            body_text="Your meeting with Grace Hopper is on Tue 3 March 2026, 14:30 (Europe/Amsterdam).",
            link=f"/o/{org.slug}/mentoring/",
        )
        NotificationFactory(
            organization=org,
            user=mentee,
            email=mentee.email,
            subject="Leadership Bridge: check in on your goals for March",
            body_text="It is the start of a new month: take five minutes to update your goal plan.",
            link=f"/o/{org.slug}/goals/",
        )
    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/")
    assert page.locator(".nav-messages .badge").inner_text() == "2"
    page.get_by_role("link", name=re.compile("Messages")).click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "messages")
    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".nav-messages .badge").count() == 0

    page.get_by_role("link", name="Choose which messages you get").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Daily digest of your messages by email").uncheck()
    screenshot(page, "message-choices")
    page.get_by_role("button", name="Save my choices").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Your message choices are saved.").is_visible()

    with organization_scope(org):
        notify_many(
            org,
            [Message(kind="daily_digest", key="x", subject="Digest", context={"items": []}, user=admin)],
            kick=False,
        )
        mail.outbox.clear()
        dispatch_due(organization=org)
    (email,) = [email for email in mail.outbox if email.to == [admin.email]]
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    page.goto(link)
    screenshot(page, "unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", name="You are unsubscribed").is_visible()
    with organization_scope(org):
        assert not NotificationPreference.objects.get(
            recipient_key=recipient_key_for(user=admin), kind="daily_digest"
        ).by_email
