"""Calendar files for meetings and sessions, and the personal feed with its secret, revocable token."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from organizations.models import Membership
from sessions.models import CalendarFeed, MeetingStatus
from sessions.services.calendar_feeds import calendar_feed_create, calendar_feed_revoke, hash_feed_token
from tests.sessions.factories import LearningSessionFactory, MeetingFactory

START = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)


def _events(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def _meeting_url(name, org, meeting):
    return reverse(f"mentoring:{name}", kwargs={"org_slug": org.slug, "pk": meeting.pk})


def test_a_meetings_ics_has_its_time_place_and_people_but_no_notes(org, pair, mentor, client_for):
    meeting = MeetingFactory(
        pair=pair,
        starts_at=START,
        duration_minutes=45,
        status=MeetingStatus.SCHEDULED,
        location="Café Nord",
        topics="SECRET TOPIC",
        shared_notes="SECRET NOTES",
    )
    response = client_for(mentor).get(_meeting_url("meeting_ics", org, meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="mentoring-meeting-' in response["Content-Disposition"]
    assert b"SECRET" not in response.content
    (event,) = _events(response.content)
    assert event["uid"].startswith(f"lodestar-meeting-{meeting.pk}@")
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + datetime.timedelta(minutes=45)
    assert str(event["location"]) == "Café Nord"
    assert str(event["status"]) == "CONFIRMED"
    names = [m.participant.employee.name for m in pair.members.all()]
    assert all(name in str(event["summary"]) for name in names)
    assert f"/o/{org.slug}/mentoring/pairs/{pair.pk}/" in str(event["description"])


def test_a_cancelled_meeting_is_cancelled_in_the_calendar_and_a_moved_one_has_a_new_sequence(
    org, pair, mentor, client_for
):
    meeting = MeetingFactory(pair=pair, starts_at=START, status=MeetingStatus.CANCELLED, sequence=3)
    (event,) = _events(client_for(mentor).get(_meeting_url("meeting_ics", org, meeting)).content)
    assert (str(event["status"]), event["sequence"]) == ("CANCELLED", 3)


def test_a_sessions_ics_links_to_its_page(org, cohort, pair, mentee, client_for):
    session = LearningSessionFactory(cohort=cohort, starts_at=START, video_url="https://meet.example.com/abc")
    response = client_for(mentee).get(
        reverse("mentoring:session_ics", kwargs={"org_slug": org.slug, "pk": session.pk})
    )
    (event,) = _events(response.content)
    assert str(event["summary"]) == "Workshop: Giving feedback that lands"
    assert str(event["url"]) == "https://meet.example.com/abc"
    assert f"/mentoring/sessions/{session.pk}/" in str(event["description"])


# The personal feed


def _make_feed(client, org) -> str:
    response = client.post(reverse("mentoring:calendar_create", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200
    return re.search(r"http://testserver(/calendar/[^<\s\"]+\.ics)", response.content.decode()).group(1)


def test_the_feed_shows_the_persons_meetings_and_their_sessions_only(
    org, cohort, pair, other_pair, mentee, client_for
):
    mine = MeetingFactory(pair=pair, starts_at=START, status=MeetingStatus.SCHEDULED)
    MeetingFactory(pair=other_pair, starts_at=START, status=MeetingStatus.SCHEDULED)
    for_everyone = LearningSessionFactory(cohort=cohort, starts_at=START)
    LearningSessionFactory(cohort=cohort, starts_at=START, audience="mentors", title="Mentors only")
    url = _make_feed(client_for(mentee), org)
    response = Client().get(url)  # no session: the token is the credential
    assert response.status_code == 200
    uids = sorted(str(e["uid"]).split("@")[0] for e in _events(response.content))
    assert uids == sorted([f"lodestar-meeting-{mine.pk}", f"lodestar-session-{for_everyone.pk}"])
    assert CalendarFeed.objects.get().last_used_at is not None


def test_only_a_hash_of_the_token_is_stored(org, mentee):
    feed, raw = calendar_feed_create(organization=org, user=mentee)
    assert feed.token_hash == hash_feed_token(raw) != raw
    assert raw not in str(CalendarFeed.objects.values_list().get())


def test_a_revoked_or_replaced_address_is_a_404(org, pair, mentee, client_for):
    client = client_for(mentee)
    first = _make_feed(client, org)
    second = _make_feed(client, org)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    response = client.post(reverse("mentoring:calendar_revoke", kwargs={"org_slug": org.slug}))
    assert response.status_code == 302
    assert Client().get(second).status_code == 404
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 0
    assert calendar_feed_revoke(organization=org, user=mentee) == 0


def test_a_made_up_token_is_a_404(db):
    assert Client().get(reverse("calendar_feed", kwargs={"token": "not-a-real-token"})).status_code == 404


def test_someone_who_left_the_organization_gets_no_feed(org, pair, mentee, client_for):
    url = _make_feed(client_for(mentee), org)
    Membership.objects.filter(user=mentee, organization=org).delete()
    assert Client().get(url).status_code == 404


def test_the_calendar_page_shows_the_address_only_once(org, mentee, client_for):
    client = client_for(mentee)
    url = _make_feed(client, org)
    page = client.get(reverse("mentoring:calendar", kwargs={"org_slug": org.slug})).content.decode()
    assert url not in page
    assert "is <strong>on</strong>" in page


@pytest.mark.parametrize("name", ["calendar_create", "calendar_revoke"])
def test_calendar_actions_need_a_post(org, mentee, client_for, name):
    assert (
        client_for(mentee).get(reverse(f"mentoring:{name}", kwargs={"org_slug": org.slug})).status_code == 405
    )
