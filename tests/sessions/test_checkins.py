"""Relationship check-ins: the schedule, the idempotent creation and invitation, the answers.
(The scan that runs it every few minutes: tests/sessions/reminders/test_checkin_invitations.py.)"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from config.settings import CELERY_BEAT_SCHEDULE
from matching.models import PairStatus
from organizations.models import Notification
from sessions.models import CheckIn, MentoringSettings
from sessions.services.checkins import (
    checkin_answer,
    checkin_due_on,
    checkins_create_due,
    latest_due_round,
)
from tests.sessions.factories import CheckInFactory

PUBLISHED = datetime.date(2026, 9, 1)
END = datetime.date(2027, 9, 1)


def _round(today: datetime.date, **settings) -> int:
    return latest_due_round(
        published_on=PUBLISHED, today=today, settings=MentoringSettings(**settings), ends_on=END
    )


def test_the_first_check_in_is_six_weeks_after_publishing_then_every_eight():
    settings = MentoringSettings()
    assert checkin_due_on(published_on=PUBLISHED, round=1, settings=settings) == datetime.date(2026, 10, 13)
    assert checkin_due_on(published_on=PUBLISHED, round=2, settings=settings) == datetime.date(2026, 12, 8)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 10, 12), 0),
        (datetime.date(2026, 10, 13), 1),
        (datetime.date(2026, 12, 7), 1),
        (datetime.date(2026, 12, 8), 2),
        (datetime.date(2028, 1, 1), 6),  # no round after the program's end (2027-09-01)
    ],
)
def test_the_latest_due_round_follows_the_schedule(today, expected):
    assert _round(today) == expected


def test_the_schedule_is_per_program():
    assert _round(datetime.date(2026, 9, 15), first_checkin_weeks=2, checkin_interval_weeks=4) == 1


def _published_weeks_ago(pair, weeks: int) -> None:
    pair.published_at = timezone.now() - datetime.timedelta(weeks=weeks, hours=1)
    pair.save()


def test_one_check_in_is_made_per_partner_and_only_once(pair, mentor, mentee, other_pair, org):
    _published_weeks_ago(pair, 6)
    assert len(checkins_create_due(organization=org, today=timezone.localdate())) == 2
    assert checkins_create_due(organization=org, today=timezone.localdate()) == []
    assert (
        checkins_create_due(organization=org, today=timezone.localdate() + datetime.timedelta(days=1)) == []
    )
    checkins = CheckIn.objects.filter(pair=pair)
    assert sorted(c.member.participant.employee.user.email for c in checkins) == sorted(
        [mentor.email, mentee.email]
    )
    assert {c.round for c in checkins} == {1}
    assert not CheckIn.objects.filter(pair=other_pair).exists()  # published today: not due yet


def test_a_later_round_is_made_when_it_falls_due(pair, org):
    _published_weeks_ago(pair, 6)
    checkins_create_due(organization=org, today=timezone.localdate())
    made = checkins_create_due(organization=org, today=timezone.localdate() + datetime.timedelta(weeks=8))
    assert {c.round for c in made} == {2}
    assert CheckIn.objects.filter(pair=pair).count() == 4


def test_ended_pairs_and_members_who_left_get_no_check_in(pair, mentee_member, org):
    _published_weeks_ago(pair, 7)
    mentee_member.left_at = timezone.now()
    mentee_member.save()
    assert [c.member for c in checkins_create_due(organization=org, today=timezone.localdate())] != [
        mentee_member
    ]
    pair.status = PairStatus.ENDED
    pair.save()
    CheckIn.objects.all().delete()
    assert checkins_create_due(organization=org, today=timezone.localdate()) == []


def test_each_partner_is_emailed_a_link_once(pair, mentor, org, django_capture_on_commit_callbacks):
    _published_weeks_ago(pair, 6)
    with django_capture_on_commit_callbacks(execute=True):
        checkins_create_due(organization=org, today=timezone.localdate())
    assert len(mail.outbox) == 2
    link = reverse("mentoring:checkin", kwargs={"org_slug": org.slug, "pk": pair.pk})
    to_mentor = next(m for m in mail.outbox if m.to == [mentor.email])
    assert link in to_mentor.body
    assert "never by your partner" in to_mentor.body
    with django_capture_on_commit_callbacks(execute=True):
        checkins_create_due(organization=org, today=timezone.localdate())
    assert len(mail.outbox) == 2
    assert CheckIn.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_check_in_whose_invitation_was_lost_before_the_outbox_is_invited_once(pair, mentor, org):
    _published_weeks_ago(pair, 6)
    checkins_create_due(organization=org, today=timezone.localdate())
    Notification.objects.all().delete()
    CheckIn.objects.update(emailed_at=None)
    CheckIn.objects.filter(member__participant__employee__user=mentor).update(answered_at=timezone.now())
    assert checkins_create_due(organization=org, today=timezone.localdate()) == []
    (invitation,) = Notification.objects.filter(kind="checkin_invitation")
    assert invitation.email != mentor.email


def test_no_daily_beat_task_is_left_the_notification_sweep_makes_them():
    assert "create-due-relationship-checkins" not in CELERY_BEAT_SCHEDULE
    assert CELERY_BEAT_SCHEDULE["send-due-notifications"]["schedule"] == 5 * 60


# Answers


def test_a_partner_answers_their_check_in(pair, mentee, mentee_member):
    checkin = CheckInFactory(pair=pair, member=mentee_member)
    checkin_answer(
        actor=mentee, checkin=checkin, usefulness=4, met_as_planned=True, would_continue=False, comment="ok"
    )
    checkin.refresh_from_db()
    assert (checkin.usefulness, checkin.met_as_planned, checkin.would_continue, checkin.comment) == (
        4,
        True,
        False,
        "ok",
    )
    assert checkin.answered_at is not None


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"usefulness": 0}, "usefulness"),
        ({"usefulness": 6}, "usefulness"),
        ({"usefulness": None}, "usefulness"),
        ({"usefulness": True}, "usefulness"),
        ({"met_as_planned": None}, "met_as_planned"),
        ({"would_continue": "maybe"}, "would_continue"),
        ({"comment": "x" * 5001}, "comment"),
    ],
)
def test_out_of_range_answers_are_refused_and_nothing_is_saved(pair, mentee, mentee_member, answers, field):
    checkin = CheckInFactory(pair=pair, member=mentee_member)
    values = {"usefulness": 3, "met_as_planned": True, "would_continue": True, "comment": ""} | answers
    with pytest.raises(ValidationError) as excinfo:
        checkin_answer(actor=mentee, checkin=checkin, **values)
    assert field in excinfo.value.message_dict
    checkin.refresh_from_db()
    assert (checkin.answered_at, checkin.usefulness) == (None, None)


def test_only_its_partner_answers_a_check_in_and_only_once(pair, mentor, mentee, mentee_member):
    checkin = CheckInFactory(pair=pair, member=mentee_member)
    answers = {"usefulness": 5, "met_as_planned": True, "would_continue": True}
    with pytest.raises(PermissionDenied):
        checkin_answer(actor=mentor, checkin=checkin, **answers)
    checkin_answer(actor=mentee, checkin=checkin, **answers)
    with pytest.raises(ValidationError):
        checkin_answer(actor=mentee, checkin=checkin, **answers | {"usefulness": 1})
    checkin.refresh_from_db()
    assert checkin.usefulness == 5
