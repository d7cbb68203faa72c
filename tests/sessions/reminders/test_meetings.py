"""A pair meeting in the next 24 hours: every partner is reminded once, in real hours, on the
organization's clock, across a change to summer time."""

import datetime

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from organizations.models import EmailStatus, Notification, NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.outbox import notification_body, recipient_key_for
from sessions.models import MeetingStatus
from sessions.reminders.meetings import meeting_reminders_scan
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory
from tests.frozen_time import frozen, local, recipients, scan_at
from tests.sessions.factories import MeetingFactory, member_of, pair_of

pytestmark = pytest.mark.django_db


def _meeting(pair, starts_at, **fields):
    return MeetingFactory(pair=pair, starts_at=starts_at, status=MeetingStatus.SCHEDULED, **fields)


def test_both_partners_are_reminded_24_real_hours_before_across_the_change_to_summer_time(
    org, year_pair, mentor, mentee
):
    # Sunday 29 March 10:00 summer time is 08:00 UTC; 24 hours earlier is Saturday 09:00
    # winter time, not 10:00.
    meeting = _meeting(year_pair, local(org, "2026-03-29 10:00"), location="Room 4")
    assert scan_at(meeting_reminders_scan, org, local(org, "2026-03-28 08:59")) == 0
    assert scan_at(meeting_reminders_scan, org, local(org, "2026-03-28 09:00")) == 2
    assert scan_at(meeting_reminders_scan, org, local(org, "2026-03-28 09:05")) == 0
    assert scan_at(meeting_reminders_scan, org, local(org, "2026-03-29 09:55")) == 0
    assert recipients("meeting_soon") == sorted([mentor.email, mentee.email])
    row = Notification.objects.get(kind="meeting_soon", user=mentee)
    assert row.key == f"meeting:{meeting.pk}:20260329T0800Z"
    assert row.in_app and row.link == f"/o/acme/mentoring/meetings/{meeting.pk}/"
    assert "Sun 29 March 2026, 10:00 (Europe/Amsterdam)" in row.subject
    assert member_of(year_pair, mentor).participant.employee.name in row.subject  # the partner
    assert "Room 4" in notification_body(row)[0]


def test_no_reminder_once_it_started_or_for_meetings_not_scheduled(org, year_pair):
    _meeting(year_pair, local(org, "2026-05-05 10:00"))
    MeetingFactory(pair=year_pair, starts_at=local(org, "2026-05-05 12:00"), status=MeetingStatus.CANCELLED)
    assert scan_at(meeting_reminders_scan, org, local(org, "2026-05-05 10:00")) == 0
    assert not Notification.objects.exists()


def test_a_moved_meeting_is_reminded_again_for_its_new_time(org, year_pair):
    meeting = _meeting(year_pair, local(org, "2026-05-05 10:00"))
    assert scan_at(meeting_reminders_scan, org, local(org, "2026-05-04 12:00")) == 2
    meeting.starts_at = local(org, "2026-05-05 11:00")
    meeting.save()
    assert scan_at(meeting_reminders_scan, org, local(org, "2026-05-04 12:05")) == 2
    assert scan_at(meeting_reminders_scan, org, local(org, "2026-05-04 12:10")) == 0


def test_nothing_outside_the_programs_dates(org, year, year_pair):
    _meeting(year_pair, local(org, "2026-12-19 10:00"))  # the program ended on the 18th
    assert scan_at(meeting_reminders_scan, org, local(org, "2026-12-18 12:00")) == 0


def test_people_who_left_the_pair_or_the_roster_are_not_reminded(org, year_pair, mentor, mentee):
    _meeting(year_pair, local(org, "2026-05-05 10:00"))
    member = member_of(year_pair, mentor)
    member.participant.employee.termination_date = datetime.date(2026, 4, 30)
    member.participant.employee.save()
    assert scan_at(meeting_reminders_scan, org, local(org, "2026-05-04 12:00")) == 1
    assert recipients("meeting_soon") == [mentee.email]


def test_a_partner_who_switched_the_email_off_gets_it_in_the_app_only(org, year_pair, mentor, mentee):
    NotificationPreference.objects.create(
        organization=org, recipient_key=recipient_key_for(user=mentee), kind="meeting_soon", by_email=False
    )
    _meeting(year_pair, local(org, "2026-05-05 10:00"))
    scan_at(meeting_reminders_scan, org, local(org, "2026-05-04 12:00"))
    assert Notification.objects.get(user=mentee).email_status == EmailStatus.SKIPPED
    mail.outbox.clear()
    with frozen(local(org, "2026-05-04 12:01")):
        dispatch_due(organization=org)
    assert [m.to for m in mail.outbox] == [[mentor.email]]
    assert Notification.objects.get(user=mentee).in_app  # still in the app


@pytest.mark.across_organizations
def test_another_organizations_pairs_are_its_own(org, other_org, year, year_pair, mentor, mentee):
    from organizations.tenancy import organization_scope
    from tests.cohorts.factories import CohortFactory

    with organization_scope(other_org):
        theirs = CohortFactory(
            program__organization=other_org,
            program__status="active",
            program__start_date=datetime.date(2026, 1, 5),
            program__end_date=datetime.date(2026, 12, 18),
            status="active",
        )
        a, b = (MembershipFactory(organization=other_org, user=UserFactory()).user for _ in range(2))
        _meeting(pair_of(a, b, theirs), local(org, "2026-05-05 11:00"))
    _meeting(year_pair, local(org, "2026-05-05 10:00"))
    with organization_scope(org):
        assert scan_at(meeting_reminders_scan, org, local(org, "2026-05-04 12:00")) == 2
    with scopes_disabled():
        assert set(Notification.objects.values_list("organization_id", "email")) == {
            (org.pk, mentor.email),
            (org.pk, mentee.email),
        }
    with organization_scope(other_org):
        assert scan_at(meeting_reminders_scan, other_org, local(org, "2026-05-04 12:00")) == 2
    with scopes_disabled():
        assert set(Notification.objects.filter(organization=other_org).values_list("email", flat=True)) == {
            a.email,
            b.email,
        }


def test_the_scans_queries_do_not_grow_with_the_pairs(org, year, django_assert_max_num_queries):
    moment = local(org, "2026-05-04 12:00")

    def add(n):
        for _ in range(n):
            pair = pair_of(UserFactory(), UserFactory(), year)
            _meeting(pair, local(org, "2026-05-05 10:00"))

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            scan_at(meeting_reminders_scan, org, moment)
        return len(captured)

    add(2)
    few = queries()
    add(6)
    assert queries() == few
    Notification.objects.all().delete()
    with django_assert_max_num_queries(9):
        assert scan_at(meeting_reminders_scan, org, moment) == 16
    with django_assert_max_num_queries(2):  # nothing new: the meetings and their stored keys
        assert scan_at(meeting_reminders_scan, org, moment) == 0


def test_employees_without_an_account_get_it_by_email_only(org, year):
    from tests.matching.factories import published_pair

    pair = published_pair(
        year,
        mentor_employee=EmployeeFactory(organization=org, email="no-account@acme.test"),
        mentee_employee=EmployeeFactory(organization=org),
    )
    _meeting(pair, local(org, "2026-05-05 10:00"))
    scan_at(meeting_reminders_scan, org, local(org, "2026-05-04 12:00"))
    row = Notification.objects.get(email="no-account@acme.test")
    assert (row.user, row.in_app, row.recipient_key) == (None, False, "email:no-account@acme.test")
