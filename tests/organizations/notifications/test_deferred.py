"""A scan's message stored unrendered (its context as plain JSON) reads exactly as one rendered
when it was stored: the same email, byte for byte, and the same text in the in-app list."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from organizations.models import EmailStatus, Notification
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.emails import notification_email
from organizations.notifications.outbox import Message, notification_body, notify_count, notify_many

pytestmark = pytest.mark.django_db

CONTEXT = {
    "name": "Ada <Lovelace>",
    "partners": "Grace & Linus",
    "when": "Mon 30 March 2026, 10:00 (Europe/Amsterdam)",
    "meeting": {
        "duration_minutes": 45,
        "get_format_display": "Video call",
        "location": "Room 4 “north”",
        "video_url": "https://meet.example/abc?x=1&y=2",
    },
}


def _message(user, key: str, context) -> Message:
    return Message(
        kind="meeting_soon",
        key=key,
        subject="Your mentoring meeting",
        user_id=user.pk,
        email=user.email,
        link="/o/acme/mentoring/meetings/1/",
        context=context,
    )


class _AsModel:
    """The meeting as a model instance answers the template (not JSON: rendered at once)."""

    duration_minutes = 45
    location = "Room 4 “north”"
    video_url = "https://meet.example/abc?x=1&y=2"

    def get_format_display(self):
        return "Video call"


def test_a_plain_context_is_stored_and_rendered_when_read_exactly_as_at_once(org, mentee):
    assert notify_count(org, [_message(mentee, "later", CONTEXT)], kick=False) == 1
    [at_once] = notify_many(org, [_message(mentee, "now", {**CONTEXT, "meeting": _AsModel()})], kick=False)
    later = Notification.objects.select_related("organization").get(key="later")
    assert later.body_text == "" and later.context == CONTEXT
    assert at_once.body_text and at_once.context == {}
    assert notification_body(later) == (at_once.body_text, at_once.body_html)
    at_once = Notification.objects.select_related("organization").get(key="now")
    # Everything but the unsubscribe link, signed for each row.
    first, second = (_without_unsubscribe(row) for row in (later, at_once))
    assert first == second
    assert "Room 4 “north”" in first[0] and "Grace & Linus" in first[0]


def _without_unsubscribe(row: Notification) -> tuple[str, str]:
    email = notification_email(row)
    token = re.compile(r"/notifications/unsubscribe/[^/\s\"]+/")
    assert token.search(email.body)
    return token.sub("", email.body), token.sub("", email.alternatives[0][0])


def test_the_dispatcher_sends_the_rendered_body(org, mentee):
    notify_count(org, [_message(mentee, "later", CONTEXT)], kick=False)
    mail.outbox = []
    now = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1)
    assert dispatch_due(organization=org, now=now).sent == 1
    assert "for 45 minutes (video call)" in mail.outbox[0].body
    row = Notification.objects.get()
    assert row.email_status == EmailStatus.SENT and row.context == CONTEXT


def test_the_in_app_list_shows_the_rendered_body(org, mentee, client_for):
    notify_count(org, [_message(mentee, "later", CONTEXT)], kick=False)
    response = client_for(mentee).get(reverse("notifications", kwargs={"org_slug": org.slug}))
    assert "Grace &amp; Linus" in response.content.decode()


def test_a_context_that_is_not_plain_json_is_rendered_at_once(org, mentee):
    for context in (
        {**CONTEXT, "day": datetime.date(2026, 3, 30)},
        {**CONTEXT, "pair": (1, 2)},
        {**CONTEXT, "meeting": {1: "x"}},
    ):
        [row] = notify_many(
            org,
            [_message(mentee, f"key-{len(context)}-{list(context)[-1]}-{id(context)}", context)],
            kick=False,
        )
        assert row.body_text and row.context == {}
