"""Messages in the app, a person's choices, the one-click unsubscribe and the admins' outbox."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from organizations.models import EmailStatus, Membership, Notification, NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.outbox import Message, notify, recipient_key_for
from organizations.notifications.unsubscribe import unsubscribe_token
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _mine(org, user, **extra):
    return NotificationFactory(organization=org, user=user, email=user.email, **extra)


def test_the_list_shows_only_my_messages_and_the_unread_count_in_the_navigation(
    org, mentee, mentor, client_for
):
    _mine(org, mentee, subject="Your meeting is tomorrow")
    _mine(org, mentor, subject="Not yours")
    response = client_for(mentee).get(reverse("notifications", kwargs={"org_slug": org.slug}))
    body = response.content.decode()
    assert "Your meeting is tomorrow" in body
    assert "Not yours" not in body
    assert 'aria-label="1 unread"' in body


def test_messages_from_another_organization_never_show(org, other_org, mentee, client_for):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        Membership.objects.create(organization=other_org, user=mentee)
        NotificationFactory(organization=other_org, user=mentee, subject="Globex news")
    response = client_for(mentee).get(reverse("notifications", kwargs={"org_slug": org.slug}))
    assert "Globex news" not in response.content.decode()


def test_opening_a_message_marks_it_read_and_goes_to_its_page(org, mentee, client_for):
    row = _mine(org, mentee, link=f"/o/{org.slug}/goals/")
    response = client_for(mentee).post(
        reverse("notification_open", kwargs={"org_slug": org.slug, "pk": row.pk})
    )
    assert response.status_code == 302 and response.url == f"/o/{org.slug}/goals/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_a_stored_link_to_another_site_is_never_followed(org, mentee, client_for):
    row = _mine(org, mentee, link="https://evil.example/")
    response = client_for(mentee).post(
        reverse("notification_open", kwargs={"org_slug": org.slug, "pk": row.pk})
    )
    assert response.url == reverse("notifications", kwargs={"org_slug": org.slug})


def test_mark_all_read_touches_only_my_messages(org, mentee, mentor, client_for):
    mine = _mine(org, mentee)
    theirs = _mine(org, mentor)
    client_for(mentee).post(reverse("notifications_read_all", kwargs={"org_slug": org.slug}))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_preferences_turn_a_kind_off_by_email_and_choose_the_digest(org, mentee, client_for):
    url = reverse("notification_preferences", kwargs={"org_slug": org.slug})
    page = client_for(mentee).get(url).content.decode()
    assert "Daily digest of your messages" in page
    assert "Invitation to join" not in page  # essential messages are not a choice
    client_for(mentee).post(url, {"in_app": ["daily_digest"], "daily_digest": "on"})
    preference = NotificationPreference.objects.get(
        recipient_key=recipient_key_for(user=mentee), kind="daily_digest"
    )
    assert not preference.by_email and preference.in_app
    assert Membership.objects.get(organization=org, user=mentee).daily_digest


def test_a_message_for_someone_who_chose_the_digest_waits_for_the_morning(org, mentee):
    import datetime

    from organizations.notifications.digest import daily_digests_scan

    Membership.objects.filter(organization=org, user=mentee).update(daily_digest=True)
    org.timezone = "Europe/Amsterdam"
    org.save()
    held = NotificationFactory(
        organization=org, user=mentee, email=mentee.email, email_status=EmailStatus.DIGEST
    )
    early = datetime.datetime(2026, 3, 29, 4, 0, tzinfo=datetime.UTC)  # 06:00 in Amsterdam (DST began)
    assert daily_digests_scan(org, early) == 0
    morning = datetime.datetime(2026, 3, 29, 5, 30, tzinfo=datetime.UTC)  # 07:30 in Amsterdam
    assert daily_digests_scan(org, morning) == 1
    assert daily_digests_scan(org, morning) == 0
    held.refresh_from_db()
    assert held.email_status == EmailStatus.DIGESTED
    digest = Notification.objects.get(kind="daily_digest", user=mentee, key="digest:2026-03-29")
    assert held.subject in digest.body_text
    assert digest.email_status == EmailStatus.PENDING  # the digest itself is never held


def _sent_email_for(org, user):
    notify(
        org, Message(kind="daily_digest", key="k", subject="Hi", context={"items": []}, user=user), kick=False
    )
    mail.outbox.clear()
    dispatch_due(organization=org)
    return mail.outbox[0]


def test_one_click_unsubscribe_works_without_signing_in_and_only_by_post(org, mentee, client):
    email = _sent_email_for(org, mentee)
    url = urlsplit(email.extra_headers["List-Unsubscribe"].strip("<>")).path
    assert client.get(url).status_code == 200  # a link scanner's GET changes nothing
    assert not NotificationPreference.objects.filter(kind="daily_digest").exists()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    preference = NotificationPreference.objects.get(
        recipient_key=recipient_key_for(user=mentee), kind="daily_digest"
    )
    assert preference.by_email is False


def test_an_altered_unsubscribe_token_is_404(org, mentee, client):
    row = _mine(org, mentee)
    token = unsubscribe_token(row)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(reverse("notification_unsubscribe", kwargs={"token": tampered})).status_code == 404
    assert client.get(reverse("notification_unsubscribe", kwargs={"token": "x" * 10_000})).status_code == 404


def test_admins_see_failed_emails_and_can_send_them_again(org, admin, mentee, client_for):
    failed = _mine(org, mentee, email_status=EmailStatus.FAILED, attempts=6, last_error="SMTP 554 rejected")
    page = (
        client_for(admin).get(reverse("notification_outbox", kwargs={"org_slug": org.slug})).content.decode()
    )
    assert "SMTP 554 rejected" in page
    client_for(admin).post(reverse("notification_retry", kwargs={"org_slug": org.slug, "pk": failed.pk}))
    failed.refresh_from_db()
    assert failed.email_status == EmailStatus.PENDING and failed.attempts == 0


def test_the_list_costs_the_same_queries_for_many_messages(
    org, mentee, client_for, django_assert_max_num_queries
):
    client = client_for(mentee)
    url = reverse("notifications", kwargs={"org_slug": org.slug})
    _mine(org, mentee)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(20):
        _mine(org, mentee)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
