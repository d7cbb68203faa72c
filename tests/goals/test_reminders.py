"""Goal reminders: the monthly goal check-in and a milestone due in 3 days, to each plan's
owner (mentees and mentors alike), from the morning hour on the organization's clock."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.reminders import goal_checkin_reminders_scan, milestone_reminders_scan
from matching.models import MemberRole
from organizations.models import EmailStatus, Notification, NotificationPreference
from organizations.notifications.outbox import recipient_key_for
from tests.cohorts.factories import CohortFactory
from tests.factories import UserFactory
from tests.frozen_time import frozen, local, recipients, scan_at
from tests.goals.factories import (
    GoalCheckInFactory,
    GoalFactory,
    GoalPlanFactory,
    MilestoneFactory,
    linked_pair,
    member_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(org):
    return CohortFactory(
        program__organization=org,
        program__status="active",
        program__start_date=datetime.date(2026, 1, 5),
        program__end_date=datetime.date(2026, 12, 18),
        status="active",
    )


@pytest.fixture
def plans(org, year, mentor, mentee):
    """Both partners keep a plan with one open goal, made in February."""
    with frozen(local(org, "2026-02-10 10:00")):
        pair = linked_pair(org, mentor=mentor, mentee=mentee, cohort=year)
        made = {}
        for role in (MemberRole.MENTEE, MemberRole.MENTOR):
            plan = GoalPlanFactory(member=member_in(pair, role))
            GoalFactory(plan=plan, target_date=datetime.date(2026, 11, 30))
            made[role] = plan
    return made


# Monthly goal check-in


def test_each_plan_owner_is_reminded_once_a_month_from_the_morning_of_the_first(org, plans, mentor, mentee):
    assert scan_at(goal_checkin_reminders_scan, org, local(org, "2026-03-31 20:00")) == 2  # March's
    assert scan_at(goal_checkin_reminders_scan, org, local(org, "2026-03-31 21:00")) == 0
    # 1 April is in summer time: 08:00 is 06:00 UTC.
    assert scan_at(goal_checkin_reminders_scan, org, local(org, "2026-04-01 07:59")) == 0
    assert scan_at(goal_checkin_reminders_scan, org, local(org, "2026-04-01 08:00")) == 2
    assert scan_at(goal_checkin_reminders_scan, org, local(org, "2026-04-15 08:00")) == 0
    assert recipients("goal_checkin_reminder") == sorted([mentor.email, mentee.email] * 2)
    keys = set(Notification.objects.filter(user=mentee).values_list("key", flat=True))
    assert keys == {f"plan:{plans['mentee'].pk}:2026-03", f"plan:{plans['mentee'].pk}:2026-04"}
    row = Notification.objects.get(user=mentor, key__endswith="2026-04")
    assert row.link == f"/o/acme/goals/plans/{plans['mentor'].member_id}/"
    assert "April" in row.subject


def test_not_in_the_month_the_plan_was_made_nor_before_the_morning(org, plans):
    assert scan_at(goal_checkin_reminders_scan, org, local(org, "2026-02-20 12:00")) == 0
    assert scan_at(goal_checkin_reminders_scan, org, local(org, "2026-03-01 07:30")) == 0


def test_an_owner_who_checked_in_this_month_or_finished_every_goal_is_not_reminded(org, plans, mentor):
    GoalCheckInFactory(goal=plans["mentee"].goals.get(), date=datetime.date(2026, 5, 1))
    plans["mentor"].goals.update(status="done")
    assert scan_at(goal_checkin_reminders_scan, org, local(org, "2026-05-01 12:00")) == 0


def test_no_check_in_reminder_outside_the_programs_dates_or_after_leaving_the_pair(org, plans, mentee):
    assert scan_at(goal_checkin_reminders_scan, org, local(org, "2027-01-01 09:00")) == 0
    member = plans["mentee"].member
    member.left_at = local(org, "2026-04-20 10:00")
    member.save()
    assert scan_at(goal_checkin_reminders_scan, org, local(org, "2026-05-01 09:00")) == 1
    assert mentee.email not in recipients("goal_checkin_reminder")


# Milestones due in 3 days


def test_a_milestone_is_reminded_from_the_morning_3_days_before_across_the_end_of_summer_time(
    org, plans, mentee
):
    milestone = MilestoneFactory(goal=plans["mentee"].goals.get(), due_date=datetime.date(2026, 10, 28))
    assert scan_at(milestone_reminders_scan, org, local(org, "2026-10-24 12:00")) == 0  # 4 days before
    # Sunday 25 October, the day summer time ends: 08:00 is 07:00 UTC.
    assert scan_at(milestone_reminders_scan, org, local(org, "2026-10-25 07:59")) == 0
    assert scan_at(milestone_reminders_scan, org, local(org, "2026-10-25 08:00")) == 1
    assert scan_at(milestone_reminders_scan, org, local(org, "2026-10-27 08:00")) == 0
    assert recipients("milestone_due_soon") == [mentee.email]
    row = Notification.objects.get()
    assert row.key == f"milestone:{milestone.pk}:2026-10-28"
    assert milestone.title in row.subject and "in 3 days" in row.subject


def test_a_moved_milestone_is_reminded_again_and_a_completed_one_not(org, plans):
    milestone = MilestoneFactory(goal=plans["mentee"].goals.get(), due_date=datetime.date(2026, 6, 10))
    done = MilestoneFactory(goal=plans["mentor"].goals.get(), due_date=datetime.date(2026, 6, 10))
    done.completed_at = local(org, "2026-06-01 10:00")
    done.save()
    assert scan_at(milestone_reminders_scan, org, local(org, "2026-06-08 09:00")) == 1
    milestone.due_date = datetime.date(2026, 6, 12)
    milestone.save()
    assert scan_at(milestone_reminders_scan, org, local(org, "2026-06-10 09:00")) == 1
    assert scan_at(milestone_reminders_scan, org, local(org, "2026-06-13 09:00")) == 0  # overdue: no


def test_a_milestone_due_after_the_program_ends_is_not_reminded(org, plans):
    MilestoneFactory(goal=plans["mentee"].goals.get(), due_date=datetime.date(2026, 12, 20))
    assert scan_at(milestone_reminders_scan, org, local(org, "2026-12-17 09:00")) == 0


def test_an_owner_who_switched_milestone_emails_off_keeps_them_in_the_app(org, plans, mentee):
    NotificationPreference.objects.create(
        organization=org,
        recipient_key=recipient_key_for(user=mentee),
        kind="milestone_due_soon",
        by_email=False,
    )
    MilestoneFactory(goal=plans["mentee"].goals.get(), due_date=datetime.date(2026, 6, 10))
    scan_at(milestone_reminders_scan, org, local(org, "2026-06-08 09:00"))
    row = Notification.objects.get()
    assert (row.email_status, row.in_app) == (EmailStatus.SKIPPED, True)


def test_the_goal_scans_queries_do_not_grow_with_the_plans(org, year):
    def add(n):
        with frozen(local(org, "2026-02-10 10:00")):
            for _ in range(n):
                pair = linked_pair(org, mentor=UserFactory(), mentee=UserFactory(), cohort=year)
                goal = GoalFactory(plan=GoalPlanFactory(member=member_in(pair, MemberRole.MENTEE)))
                MilestoneFactory(goal=goal, due_date=datetime.date(2026, 6, 10))

    def queries(scan, clear=True) -> tuple[int, int]:
        if clear:
            Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            created = scan_at(scan, org, local(org, "2026-06-08 09:00"))
        return len(captured), created

    add(2)
    monthly, _ = queries(goal_checkin_reminders_scan)
    milestones, _ = queries(milestone_reminders_scan)
    add(6)
    assert queries(goal_checkin_reminders_scan) == (monthly, 8)
    # Nothing new: the plans due and the keys already stored, no person read.
    assert queries(goal_checkin_reminders_scan, clear=False) == (2, 0)
    assert queries(milestone_reminders_scan) == (milestones, 8)
    assert queries(milestone_reminders_scan, clear=False) == (2, 0)
    assert max(monthly, milestones) <= 9
