"""The managers' weekly digest: Monday from the morning hour on the organization's calendar,
once per ISO week, only when some pair is at risk or stalled."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Notification
from sessions.models import MeetingStatus
from sessions.reminders.digest import at_risk_digest_scan
from tests.factories import UserFactory
from tests.frozen_time import frozen, local, recipients, scan_at
from tests.sessions.factories import MeetingFactory, pair_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_pair(org, year, year_pair):
    """Last met 1 March: at risk by the end of March (more than 1.5 × 14 days), not stalled."""
    MeetingFactory(pair=year_pair, starts_at=local(org, "2026-03-01 10:00"), status=MeetingStatus.HAPPENED)
    return year_pair


def test_managers_get_the_digest_on_monday_morning_once_a_week_across_summer_time(
    org, year, quiet_pair, manager, admin, mentor, mentee
):
    # Monday 30 March, the first day of summer time: 08:00 is 06:00 UTC.
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-29 12:00")) == 0  # Sunday
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-30 07:59")) == 0
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-30 08:00")) == 2
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-30 17:00")) == 0
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-31 09:00")) == 0  # Tuesday
    assert recipients("at_risk_digest") == sorted([manager.email, admin.email])
    assert mentor.email not in recipients("at_risk_digest") and mentee.email not in recipients(
        "at_risk_digest"
    )
    row = Notification.objects.get(user=manager)
    assert row.key == "week:2026-W14"
    assert row.link == f"/o/acme/mentoring/cohorts/{year.pk}/"
    assert "1 pair at risk or stalled" in row.subject
    assert "At risk:" in row.body_text and "Last met 29 days ago" in row.body_text
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-04-06 08:30")) == 2
    assert Notification.objects.filter(user=manager).count() == 2


def test_no_digest_when_every_pair_is_healthy(org, year, year_pair, manager):
    MeetingFactory(pair=year_pair, starts_at=local(org, "2026-03-27 10:00"), status=MeetingStatus.HAPPENED)
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-30 09:00")) == 0
    assert not Notification.objects.exists()


def test_a_pair_not_started_is_left_out_until_its_first_meeting_is_due(org, year, year_pair, manager):
    # Published Monday 2 March: its first meeting is expected by Monday 16 March.
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-09 09:00")) == 0
    assert not Notification.objects.exists()
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-16 09:00")) == 1
    body = Notification.objects.get().body_text
    assert "At risk:" in body and "the first was expected by 16 Mar" in body


def test_a_stalled_pair_is_listed_as_stalled(org, year, year_pair, manager):
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-04-06 09:00")) == 1  # never met, 35 days
    assert "Stalled:" in Notification.objects.get().body_text


def test_no_digest_after_the_programs_end(org, year, quiet_pair, manager):
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-12-21 09:00")) == 0


@pytest.mark.across_organizations
def test_another_organizations_managers_never_get_this_digest(
    org, other_org, year, quiet_pair, manager, outsider
):
    from organizations.tenancy import organization_scope

    with organization_scope(org):
        assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-30 09:00")) == 1
    with organization_scope(other_org):
        assert scan_at(at_risk_digest_scan, other_org, local(org, "2026-03-30 09:00")) == 0
    assert recipients("at_risk_digest") == [manager.email]


def test_the_digests_queries_do_not_grow_with_the_pairs(org, year, manager):
    def add(n):
        with frozen(local(org, "2026-03-02 09:00")):
            for _ in range(n):
                pair_of(UserFactory(), UserFactory(), year)

    def queries() -> int:
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-30 09:00")) == 1
        return len(captured)

    add(2)
    queries()  # the first look makes the program's mentoring settings and the stored facts
    few = queries()
    add(6)
    queries()  # the new pairs' stored facts are made (the beat's sweep does it in use)
    assert queries() == few
    with CaptureQueriesContext(connection) as captured:
        assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-30 10:00")) == 0
    assert len(captured) <= 4  # already sent this week: nothing else is read


def test_the_digest_lists_what_the_cohort_overview_shows(org, year, quiet_pair, manager):
    """Both read the same stored judgement (sessions/stored_facts.py): the pair's status and
    first reason in the digest are the overview's."""
    from sessions.models import StoredPairFacts
    from sessions.stored_facts import ensure_fresh

    moment = local(org, "2026-03-30 09:00")
    assert scan_at(at_risk_digest_scan, org, moment) == 1
    ensure_fresh([year], moment)
    row = StoredPairFacts.objects.get(pair=quiet_pair)
    assert row.health_status == "at_risk"
    assert "At risk:" in Notification.objects.get().body_text
    assert row.health_reasons[0] in Notification.objects.get().body_text


def test_stored_facts_from_an_earlier_day_are_judged_again_before_the_digest_reads_them(
    org, year, quiet_pair, manager
):
    """Judged healthy on 10 March (met on 1 March), stored then, and nobody looked since: on
    Monday 30 March the digest judges the pair on that day, at risk, not on its old row."""
    from sessions.models import StoredPairFacts
    from sessions.stored_facts import ensure_fresh

    ensure_fresh([year], local(org, "2026-03-10 09:00"))
    assert StoredPairFacts.objects.get(pair=quiet_pair).health_status == "healthy"
    assert scan_at(at_risk_digest_scan, org, local(org, "2026-03-30 09:00")) == 1
    assert "At risk:" in Notification.objects.get().body_text
