"""The pairs' rhythm: a nudge per cadence period, a warning after the program's silence limit,
then a flag for the managers; days on the organization's calendar, from the morning hour."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Notification
from organizations.notifications.outbox import notification_body
from sessions.models import MeetingStatus, MentoringSettings, SilentSpell
from sessions.reminders.rhythm import cadence_nudges_scan, pair_rhythm_scan, silence_scan
from tests.factories import EmployeeFactory, UserFactory
from tests.frozen_time import local, recipients, scan_at
from tests.sessions.factories import MeetingFactory, member_of, pair_of

pytestmark = pytest.mark.django_db


def _met(pair, when):
    return MeetingFactory(pair=pair, starts_at=when, status=MeetingStatus.HAPPENED)


# Cadence nudges


def test_a_pair_is_nudged_once_per_cadence_period_from_the_morning_after_the_cadence(
    org, year_pair, mentor, mentee
):
    _met(year_pair, local(org, "2026-03-15 10:00"))
    # Day 14 is Sunday 29 March (summer time starts): not longer than the cadence yet.
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-03-29 20:00")) == 0
    # Day 15, Monday 30 March: from 08:00 summer time (06:00 UTC), not at 07:59.
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-03-30 07:59")) == 0
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-03-30 08:00")) == 2
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-03-30 08:05")) == 0
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-04-12 12:00")) == 0  # day 28: same period
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-04-13 08:00")) == 2  # day 29: the next
    assert recipients("meeting_cadence_nudge") == sorted([mentor.email, mentee.email] * 2)
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {f"pair:{year_pair.pk}:since:2026-03-15:1", f"pair:{year_pair.pk}:since:2026-03-15:2"}
    body = notification_body(Notification.objects.filter(user=mentee).first())[0]
    assert "last met" in body and "every 14 days" in body


def test_a_pair_that_never_met_counts_from_publishing(org, year_pair):
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-03-16 12:00")) == 0  # day 14
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-03-17 12:00")) == 2
    assert "not had your first meeting" in notification_body(Notification.objects.first())[0]


def test_a_meeting_planned_ahead_or_a_new_meeting_stops_the_nudges(org, year_pair):
    _met(year_pair, local(org, "2026-05-01 10:00"))
    MeetingFactory(pair=year_pair, starts_at=local(org, "2026-05-20 10:00"), status=MeetingStatus.SCHEDULED)
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-05-16 12:00")) == 0
    _met(year_pair, local(org, "2026-05-14 10:00"))
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-05-25 12:00")) == 0


def test_the_silence_warning_replaces_the_nudges(org, year_pair):
    _met(year_pair, local(org, "2026-05-01 10:00"))
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-06-01 12:00")) == 0  # day 31 > 30


def test_the_cadence_is_the_programs(org, year, year_pair):
    year.program.meeting_cadence_days = 30
    year.program.save()
    MentoringSettings.objects.create(organization=org, program=year.program, silence_warning_days=60)
    _met(year_pair, local(org, "2026-05-01 10:00"))
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-05-31 12:00")) == 0  # day 30
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-06-01 12:00")) == 2


def test_nothing_outside_the_programs_dates_nor_for_ended_pairs(org, year, year_pair, other_pair_user):
    _met(year_pair, local(org, "2026-12-01 10:00"))
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-12-19 12:00")) == 0  # after the end
    year_pair.status = "ended"
    year_pair.save()
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-12-17 12:00")) == 0


def test_a_partner_who_left_the_roster_is_not_nudged(org, year_pair, mentor, mentee):
    employee = member_of(year_pair, mentee).participant.employee
    employee.termination_date = datetime.date(2026, 3, 10)
    employee.save()
    assert scan_at(cadence_nudges_scan, org, local(org, "2026-03-17 12:00")) == 1
    assert recipients("meeting_cadence_nudge") == [mentor.email]


# Silence: warned, then flagged


def test_a_silent_pair_is_warned_then_flagged_for_the_managers_across_the_end_of_summer_time(
    org, year, year_pair, mentor, mentee, manager, admin, client_for
):
    _met(year_pair, local(org, "2026-09-20 10:00"))
    assert scan_at(silence_scan, org, local(org, "2026-10-20 12:00")) == 0  # day 30: not past the limit
    assert scan_at(silence_scan, org, local(org, "2026-10-21 07:59")) == 0
    assert scan_at(silence_scan, org, local(org, "2026-10-21 08:00")) == 2
    assert scan_at(silence_scan, org, local(org, "2026-10-21 09:00")) == 0
    assert recipients("pair_silence_warning") == sorted([mentor.email, mentee.email])
    spell = SilentSpell.objects.get()
    assert (spell.silent_since, spell.flagged_at) == (datetime.date(2026, 9, 20), None)
    # 14 days after the warning is Wednesday 4 November, in winter time (08:00 = 07:00 UTC).
    assert scan_at(silence_scan, org, local(org, "2026-11-03 20:00")) == 0
    assert scan_at(silence_scan, org, local(org, "2026-11-04 07:59")) == 0
    assert scan_at(silence_scan, org, local(org, "2026-11-04 08:00")) == 2
    assert scan_at(silence_scan, org, local(org, "2026-11-04 08:05")) == 0
    assert recipients("pair_silence_flag") == sorted([manager.email, admin.email])
    assert recipients("pair_silence_warning") == sorted([mentor.email, mentee.email])
    flag = Notification.objects.get(kind="pair_silence_flag", user=manager)
    assert flag.link == reverse("mentoring:overview", kwargs={"org_slug": "acme", "pk": year.pk})
    assert "20 September 2026" in flag.body_text and "21 October 2026" in flag.body_text

    overview = reverse("mentoring:overview", kwargs={"org_slug": "acme", "pk": year.pk})
    from tests.frozen_time import frozen

    with frozen(local(org, "2026-11-05 12:00")):
        page = client_for(manager).get(overview).content.decode()
    assert "Flagged: silent since 20 Sep" in page
    _met(year_pair, local(org, "2026-11-06 10:00"))
    with frozen(local(org, "2026-11-07 12:00")):
        page = client_for(manager).get(overview).content.decode()
    assert "Flagged" not in page


def test_a_meeting_planned_after_the_warning_stops_the_flag(org, year_pair, manager):
    _met(year_pair, local(org, "2026-05-01 10:00"))
    assert scan_at(silence_scan, org, local(org, "2026-06-01 12:00")) == 2
    MeetingFactory(pair=year_pair, starts_at=local(org, "2026-06-30 10:00"), status=MeetingStatus.SCHEDULED)
    assert scan_at(silence_scan, org, local(org, "2026-06-20 12:00")) == 0
    assert not SilentSpell.objects.filter(flagged_at__isnull=False).exists()


def test_each_silent_spell_is_warned_once_and_a_new_spell_again(org, year_pair):
    _met(year_pair, local(org, "2026-05-01 10:00"))
    assert scan_at(silence_scan, org, local(org, "2026-06-01 12:00")) == 2
    _met(year_pair, local(org, "2026-06-02 10:00"))
    assert scan_at(silence_scan, org, local(org, "2026-06-10 12:00")) == 0
    assert scan_at(silence_scan, org, local(org, "2026-07-03 12:00")) == 2  # 31 days after 2 June
    assert SilentSpell.objects.count() == 2


def test_the_thresholds_are_the_programs(org, year, year_pair, manager):
    MentoringSettings.objects.create(
        organization=org, program=year.program, silence_warning_days=10, silence_flag_days=3
    )
    _met(year_pair, local(org, "2026-05-01 10:00"))
    assert scan_at(silence_scan, org, local(org, "2026-05-11 12:00")) == 0
    assert scan_at(silence_scan, org, local(org, "2026-05-12 12:00")) == 2
    assert scan_at(silence_scan, org, local(org, "2026-05-14 12:00")) == 0
    assert scan_at(silence_scan, org, local(org, "2026-05-15 12:00")) == 1  # the manager


def test_the_scans_queries_do_not_grow_with_the_pairs(org, year, manager):
    def add(n):
        for _ in range(n):
            mentor = UserFactory()
            pair = pair_of(mentor, UserFactory(), year)
            _met(pair, local(org, "2026-05-01 10:00"))
            EmployeeFactory(organization=org)  # roster rows that are nobody's concern

    def queries(scan, moment) -> tuple[int, int]:
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            created = scan_at(scan, org, moment)
        return len(captured), created

    add(2)
    nudge_few, _ = queries(cadence_nudges_scan, local(org, "2026-05-17 12:00"))
    warn_few, _ = queries(silence_scan, local(org, "2026-06-01 12:00"))
    flag_few, _ = queries(silence_scan, local(org, "2026-06-15 12:00"))
    SilentSpell.objects.all().delete()
    add(6)
    assert queries(cadence_nudges_scan, local(org, "2026-05-17 12:00")) == (nudge_few, 16)
    assert queries(silence_scan, local(org, "2026-06-01 12:00")) == (warn_few, 16)
    assert queries(silence_scan, local(org, "2026-06-15 12:00")) == (flag_few, 8)
    assert max(nudge_few, warn_few, flag_few) <= 16  # with the savepoint around the insert


def test_the_registered_scan_nudges_warns_and_flags_from_one_read(org, year, manager):
    cadence = pair_of(UserFactory(), UserFactory(), year)
    silent = pair_of(UserFactory(), UserFactory(), year)
    _met(cadence, local(org, "2026-05-10 10:00"))
    _met(silent, local(org, "2026-04-20 10:00"))
    assert scan_at(pair_rhythm_scan, org, local(org, "2026-05-25 07:00")) == 0  # before the morning
    assert scan_at(pair_rhythm_scan, org, local(org, "2026-05-25 08:00")) == 4
    assert len(recipients("meeting_cadence_nudge")) == len(recipients("pair_silence_warning")) == 2
    with CaptureQueriesContext(connection) as captured:
        assert scan_at(pair_rhythm_scan, org, local(org, "2026-05-25 08:05")) == 0
    assert len(captured) <= 6  # the quiet pairs (4), the nudges' keys, the spells
