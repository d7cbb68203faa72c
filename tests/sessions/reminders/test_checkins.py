"""The check-in invitation scan: on the day a round falls due, from the morning hour on the
organization's clock, each partner once."""

import pytest
from django.core import mail

from organizations.models import EmailStatus, Notification, NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.outbox import notification_body, recipient_key_for
from sessions.models import CheckIn
from sessions.reminders.checkins import checkin_invitations_scan
from tests.factories import UserFactory
from tests.frozen_time import frozen, local, recipients, scan_at
from tests.sessions.factories import pair_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def september_pair(org, year, mentor, mentee):
    # Six weeks after Sunday 13 September is Sunday 25 October, the day summer time ends.
    with frozen(local(org, "2026-09-13 10:00")):
        return pair_of(mentor, mentee, year)


def test_each_partner_is_invited_once_from_the_morning_the_round_falls_due(
    org, september_pair, mentor, mentee
):
    assert scan_at(checkin_invitations_scan, org, local(org, "2026-10-24 20:00")) == 0
    assert scan_at(checkin_invitations_scan, org, local(org, "2026-10-25 07:59")) == 0  # 06:59 UTC
    assert scan_at(checkin_invitations_scan, org, local(org, "2026-10-25 08:00")) == 2  # 07:00 UTC
    assert scan_at(checkin_invitations_scan, org, local(org, "2026-10-25 08:05")) == 0
    assert recipients("checkin_invitation") == sorted([mentor.email, mentee.email])
    row = Notification.objects.get(user=mentee)
    assert row.link == f"/o/acme/mentoring/pairs/{september_pair.pk}/check-in/"
    assert not row.body_text  # stored unrendered: rendered when sent
    assert "never by your partner" in notification_body(row)[0]
    assert set(CheckIn.objects.values_list("round", "emailed_at")) == {(1, local(org, "2026-10-25 08:00"))}


def test_the_next_round_is_a_new_invitation(org, september_pair):
    scan_at(checkin_invitations_scan, org, local(org, "2026-10-25 09:00"))
    assert scan_at(checkin_invitations_scan, org, local(org, "2026-12-19 09:00")) == 0  # after the end
    assert scan_at(checkin_invitations_scan, org, local(org, "2026-12-18 09:00")) == 0  # round 2 is 20 Dec
    assert Notification.objects.count() == 2


def test_preferences_are_honoured(org, september_pair, mentor, mentee):
    NotificationPreference.objects.create(
        organization=org,
        recipient_key=recipient_key_for(user=mentor),
        kind="checkin_invitation",
        by_email=False,
        in_app=False,
    )
    scan_at(checkin_invitations_scan, org, local(org, "2026-10-25 09:00"))
    row = Notification.objects.get(user=mentor)
    assert (row.email_status, row.in_app) == (EmailStatus.SKIPPED, False)
    mail.outbox.clear()
    with frozen(local(org, "2026-10-25 09:01")):
        dispatch_due(organization=org)
    assert [m.to for m in mail.outbox] == [[mentee.email]]


def test_the_scans_queries_do_not_grow_with_the_pairs(org, year, django_assert_max_num_queries):
    def add(n):
        with frozen(local(org, "2026-09-13 10:00")):
            for _ in range(n):
                pair_of(UserFactory(), UserFactory(), year)

    add(2)
    with django_assert_max_num_queries(16) as few:
        assert scan_at(checkin_invitations_scan, org, local(org, "2026-10-25 09:00")) == 4
    CheckIn.objects.all().delete()
    Notification.objects.all().delete()
    add(6)
    with django_assert_max_num_queries(len(few)):
        assert scan_at(checkin_invitations_scan, org, local(org, "2026-10-25 09:00")) == 16
    with django_assert_max_num_queries(5):  # nothing new: plain values, no person read
        assert scan_at(checkin_invitations_scan, org, local(org, "2026-10-25 09:05")) == 0
