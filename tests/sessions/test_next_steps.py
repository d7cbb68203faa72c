"""The mentoring year's steps on the overview: check-ins to answer, a first meeting to plan,
the next session; pairs at risk for managers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.matching.factories import active_matching_cohort
from tests.sessions.factories import (
    CheckInFactory,
    LearningSessionFactory,
    MeetingFactory,
    member_of,
    pair_of,
)

pytestmark = pytest.mark.django_db


def _overview(client, org) -> str:
    return client.get(reverse("dashboard", kwargs={"org_slug": org.slug})).content.decode()


def test_a_new_pair_is_asked_to_plan_its_first_meeting_then_sees_it(org, mentor, mentee, client_for):
    pair = pair_of(mentor, mentee, active_matching_cohort(org))
    assert "Plan your first meeting" in _overview(client_for(mentee), org)
    MeetingFactory(pair=pair, starts_at=timezone.now() + datetime.timedelta(days=3), status="scheduled")
    page = _overview(client_for(mentee), org)
    assert "Plan your first meeting" not in page
    assert "Your next meeting" in page


def test_an_unanswered_check_in_is_on_top_for_its_member_only(org, mentor, mentee, client_for):
    pair = pair_of(mentor, mentee, active_matching_cohort(org))
    CheckInFactory(pair=pair, member=member_of(pair, mentee))
    assert "A check-in is waiting for your answer" in _overview(client_for(mentee), org)
    assert "A check-in is waiting for your answer" not in _overview(client_for(mentor), org)


def test_managers_are_shown_upcoming_sessions_and_pairs_that_never_met(
    org, manager, mentor, mentee, client_for
):
    pair = pair_of(
        mentor,
        mentee,
        active_matching_cohort(org),
        published_at=timezone.now() - datetime.timedelta(days=120),
    )
    LearningSessionFactory(cohort=pair.cohort, starts_at=timezone.now() + datetime.timedelta(days=5))
    page = _overview(client_for(manager), org)
    assert "1 learning session in the next two weeks" in page
    assert "need attention" in page or "needs attention" in page


def test_a_pair_not_started_yet_needs_no_attention_until_its_first_meeting_is_due(
    org, manager, mentor, mentee, client_for
):
    today = timezone.localdate()
    cohort = active_matching_cohort(
        org, start_date=today - datetime.timedelta(days=60), end_date=today + datetime.timedelta(days=300)
    )
    pair = pair_of(mentor, mentee, cohort, published_at=timezone.now() - datetime.timedelta(days=13))
    assert "attention" not in _overview(client_for(manager), org)  # due tomorrow: not started
    pair.published_at -= datetime.timedelta(days=1)
    pair.save(update_fields=["published_at"])
    page = _overview(client_for(manager), org)  # due today and never met: at risk
    assert "1 pair needs attention" in page and "1 at risk" in page


def test_a_participant_is_sent_only_to_sessions_meant_for_their_role(org, mentor, mentee, client_for):
    pair_of(mentor, mentee, cohort := active_matching_cohort(org))
    soon = timezone.now() + datetime.timedelta(days=3)
    LearningSessionFactory(cohort=cohort, title="Coaching skills", audience="mentors", starts_at=soon)
    LearningSessionFactory(
        cohort=cohort, title="Kick-off", audience="everyone", starts_at=soon + datetime.timedelta(days=1)
    )
    assert "Learning session: Kick-off" in _overview(client_for(mentee), org)
    assert "Coaching skills" not in _overview(client_for(mentee), org)
    assert "Learning session: Coaching skills" in _overview(client_for(mentor), org)


def test_a_pair_needing_attention_leaves_the_managers_list_once_its_meeting_is_logged(
    org, manager, mentor, mentee, client_for
):
    """The managers' count reads the stored pair facts: logging a meeting (a writer of those
    facts) takes the pair off the list on the next visit."""
    from sessions.models import MeetingStatus
    from sessions.services.meetings import meeting_log

    today = timezone.localdate()
    cohort = active_matching_cohort(
        org, start_date=today - datetime.timedelta(days=60), end_date=today + datetime.timedelta(days=300)
    )
    pair = pair_of(mentor, mentee, cohort, published_at=timezone.now() - datetime.timedelta(days=14))
    manager_client = client_for(manager)
    page = _overview(manager_client, org)
    assert "1 pair needs attention" in page and "1 at risk" in page
    meeting = MeetingFactory(
        pair=pair, status=MeetingStatus.SCHEDULED, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    meeting_log(actor=mentor, meeting=meeting, status=MeetingStatus.HAPPENED)
    assert "attention" not in _overview(manager_client, org)
