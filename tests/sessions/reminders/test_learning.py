"""Learning sessions: reminded 48 hours and 2 hours before to the people they are for, and
the guide sent to the cohort's mentors once they end."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorts.models import ParticipantStatus
from organizations.models import Notification
from sessions.models import ReinforcementPrompt
from sessions.reminders.learning import learning_session_reminders_scan, reinforcement_prompts_scan
from tests.factories import UserFactory
from tests.frozen_time import local, recipients, scan_at
from tests.sessions.factories import LearningSessionFactory, member_of, pair_of

pytestmark = pytest.mark.django_db


def test_the_cohort_is_reminded_48_and_2_real_hours_before_across_the_end_of_summer_time(
    org, year, year_pair, mentor, mentee
):
    # Monday 26 October 10:00 winter time is 09:00 UTC. 48 hours earlier is Saturday 24 October
    # 11:00 summer time (09:00 UTC), not 10:00; 2 hours earlier is 08:00 on the Monday.
    session = LearningSessionFactory(cohort=year, starts_at=local(org, "2026-10-26 10:00"))
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-10-24 10:59")) == 0
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-10-24 11:00")) == 2
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-10-25 18:00")) == 0
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-10-26 07:59")) == 0
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-10-26 08:00")) == 2
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-10-26 09:30")) == 0
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-10-26 10:00")) == 0
    assert recipients("learning_session_soon") == sorted([mentor.email, mentee.email] * 2)
    keys = sorted(Notification.objects.filter(user=mentee).values_list("key", flat=True))
    assert keys == [f"session:{session.pk}:2h:20261026T0900Z", f"session:{session.pk}:48h:20261026T0900Z"]
    two_hours = Notification.objects.get(user=mentee, key__contains=":2h:")
    assert "starts in two hours" in two_hours.subject
    assert two_hours.link == f"/o/acme/mentoring/sessions/{session.pk}/"


def test_a_session_scheduled_late_gets_only_the_nearer_reminder(org, year, year_pair):
    LearningSessionFactory(cohort=year, starts_at=local(org, "2026-06-10 10:00"))
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-06-10 09:00")) == 2
    keys = list(Notification.objects.values_list("key", flat=True))
    assert len(keys) == 2 and all(":2h:" in key for key in keys)
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-06-10 09:30")) == 0


def test_only_the_audience_and_selected_participants_are_reminded(org, year, year_pair, mentor, mentee):
    LearningSessionFactory(cohort=year, starts_at=local(org, "2026-06-10 10:00"), audience="mentors")
    withdrawn = pair_of(UserFactory(), UserFactory(), year)
    participant = member_of(
        withdrawn, withdrawn.members.get(role="mentor").participant.employee.user
    ).participant
    participant.status = ParticipantStatus.WITHDRAWN
    participant.save()
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-06-09 12:00")) == 1
    assert recipients("learning_session_soon") == [mentor.email]


def test_no_reminder_for_a_session_outside_the_programs_dates(org, year, year_pair):
    LearningSessionFactory(cohort=year, starts_at=local(org, "2026-12-19 10:00"))
    assert scan_at(learning_session_reminders_scan, org, local(org, "2026-12-18 12:00")) == 0


def test_the_session_scans_queries_do_not_grow_with_the_cohort(org, year):
    def add(n):
        for _ in range(n):
            pair_of(UserFactory(), UserFactory(), year)

    def queries(scan, moment, clear=True) -> tuple[int, int]:
        """Queries and messages of a scan (from scratch, or after the previous run)."""
        if clear:
            Notification.objects.all().delete()
            ReinforcementPrompt.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            created = scan_at(scan, org, moment)
        return len(captured), created

    LearningSessionFactory(cohort=year, starts_at=local(org, "2026-06-10 10:00"))
    LearningSessionFactory(cohort=year, starts_at=local(org, "2026-06-10 14:00"), title="Second")
    add(2)
    soon, _ = queries(learning_session_reminders_scan, local(org, "2026-06-09 12:00"))
    prompt, _ = queries(reinforcement_prompts_scan, local(org, "2026-06-10 20:00"))
    add(6)
    assert queries(learning_session_reminders_scan, local(org, "2026-06-09 12:00")) == (soon, 32)
    assert queries(learning_session_reminders_scan, local(org, "2026-06-09 12:05"), clear=False) == (2, 0)
    assert queries(reinforcement_prompts_scan, local(org, "2026-06-10 20:00")) == (prompt, 16)
    assert queries(reinforcement_prompts_scan, local(org, "2026-06-10 20:05"), clear=False) == (3, 0)
    assert max(soon, prompt) <= 11


# After the session: the guide to the mentors


def test_mentors_get_the_guide_once_after_the_session_ends(org, year, year_pair, mentor, mentee):
    session = LearningSessionFactory(
        cohort=year, starts_at=local(org, "2026-03-28 15:00"), duration_minutes=90
    )
    assert scan_at(reinforcement_prompts_scan, org, local(org, "2026-03-28 16:29")) == 0
    assert scan_at(reinforcement_prompts_scan, org, local(org, "2026-03-28 16:30")) == 1
    assert scan_at(reinforcement_prompts_scan, org, local(org, "2026-03-29 16:30")) == 0
    assert recipients("reinforcement_prompt") == [mentor.email]
    row = Notification.objects.get(kind="reinforcement_prompt")
    assert session.discussion_guide in row.body_text
    assert "Sat 28 March 2026, 16:30 (Europe/Amsterdam)" in row.body_text
    assert ReinforcementPrompt.objects.get().participant == member_of(year_pair, mentor).participant


def test_a_mentor_prompted_before_the_outbox_is_not_prompted_again(org, year, year_pair, mentor):
    session = LearningSessionFactory(cohort=year, starts_at=local(org, "2026-03-28 15:00"))
    ReinforcementPrompt.objects.create(
        organization=org,
        session=session,
        participant=member_of(year_pair, mentor).participant,
        sent_at=local(org, "2026-03-28 17:00"),
    )
    assert scan_at(reinforcement_prompts_scan, org, local(org, "2026-03-28 18:00")) == 0
    assert not Notification.objects.exists()


def test_no_prompt_long_after_the_session_or_outside_the_programs_dates(org, year, year_pair):
    LearningSessionFactory(cohort=year, starts_at=local(org, "2026-03-01 15:00"))
    assert scan_at(reinforcement_prompts_scan, org, local(org, "2026-03-20 12:00")) == 0
    LearningSessionFactory(cohort=year, starts_at=local(org, "2026-12-19 09:00"))
    assert scan_at(reinforcement_prompts_scan, org, local(org, "2026-12-19 12:00")) == 0
    assert datetime.date(2026, 12, 19) > year.program.end_date
