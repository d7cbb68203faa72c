"""Goal reminders: the monthly goal check-in and a milestone due in 3 days.

Both go to a plan's owner (mentees and mentors alike keep plans) while they are a current
member of an active pair of an active cohort, on a day of the program, from the morning hour
on the organization's clock. Each scan reads what is due in one query and makes one
``notify_count`` call.

- **Monthly goal check-in** (``goal_checkin_reminder``): once per calendar month, from the
  1st, to the owner of each plan with a goal not done, unless they already wrote a check-in
  this month. Not in the month the plan was made. Key ``plan:<id>:<YYYY-MM>``.
- **Milestone due soon** (``milestone_due_soon``): an open milestone of a goal not done, due
  within ``MILESTONE_NOTICE_DAYS`` (from 3 days before, or at once for one added later),
  and due on a day of the program. Key ``milestone:<id>:<due date>`` (a milestone moved to
  another day is reminded again).
"""

import datetime

from django.db.models import Exists, F, OuterRef

from cohorts.models import CohortStatus
from goals.models import Goal, GoalCheckIn, GoalPlan, GoalStatus, Milestone
from matching.models import PairStatus
from organizations.clock import local_datetime, organization_tz
from organizations.date_text import formatted_date
from organizations.models import Organization
from organizations.notifications.links import link_by_id
from organizations.notifications.outbox import notify_count
from sessions.reminders.common import Person, notified_keys, to_person

# The same morning hour as the mentoring year's reminders (sessions/reminders/common.py).
REMINDER_HOUR = 8
MILESTONE_NOTICE_DAYS = 3


def _local_morning(organization: Organization, now: datetime.datetime) -> datetime.date | None:
    """Today on the organization's clock, or None before the morning hour."""
    local = now.astimezone(organization_tz(organization))
    return local.date() if local.hour >= REMINDER_HOUR else None


def _running(prefix: str, today: datetime.date) -> dict:
    """Filters for a current member of an active pair of an active cohort whose program runs."""
    return {
        f"{prefix}left_at__isnull": True,
        f"{prefix}pair__status": PairStatus.ACTIVE,
        f"{prefix}pair__cohort__status": CohortStatus.ACTIVE,
        f"{prefix}pair__cohort__program__start_date__lte": today,
        f"{prefix}pair__cohort__program__end_date__gte": today,
    }


def goal_checkin_reminders_scan(organization: Organization, now: datetime.datetime) -> int:
    """Two queries when nothing is new (the ids of the plans due, the keys already stored);
    then one to read the owners and one ``notify_count``."""
    today = _local_morning(organization, now)
    if today is None:
        return 0
    month_start = today.replace(day=1)
    month = f"{month_start:%Y-%m}"
    due = (
        GoalPlan.objects.filter(
            organization=organization,
            created_at__lt=local_datetime(month_start, datetime.time(0), organization),
            **_running("member__", today),
        )
        .filter(Exists(Goal.objects.filter(plan=OuterRef("pk")).exclude(status=GoalStatus.DONE)))
        .exclude(Exists(GoalCheckIn.objects.filter(goal__plan=OuterRef("pk"), date__gte=month_start)))
    )
    keys = {f"plan:{pk}:{month}": pk for pk in due.values_list("pk", flat=True)}
    # Already reminded this month: one lookup of the keys (an anti-join on a computed key let
    # PostgreSQL filter every stored reminder per plan once the table grew: 200 ms a scan).
    for key in notified_keys(organization, "goal_checkin_reminder", keys):
        del keys[key]
    if not keys:
        return 0
    # Plain values: (member id, plan id, the owner's roster row…, program name).
    owner = "member__participant__employee"
    link = _plan_link(organization)
    messages = []
    for *person, program in (
        GoalPlan.objects.filter(pk__in=keys.values())
        .order_by("pk")
        .values_list("member_id", "pk", *Person.values(owner), "member__pair__cohort__program__name")
    ):
        person = Person.from_row(person)
        messages.append(
            to_person(
                person,
                kind="goal_checkin_reminder",
                key=f"plan:{person.group_id}:{month}",
                subject=f"Your monthly goal check-in for {month_start:%B}",
                link=link(person.id),
                context={"program": {"name": program}, "month": f"{month_start:%B}"},
            )
        )
    return notify_count(organization, messages, now=now, kick=False)


def milestone_reminders_scan(organization: Organization, now: datetime.datetime) -> int:
    """Two queries when nothing is new (the due milestones as plain values, their stored
    keys); then one to read them with their owners and one ``notify_count``."""
    today = _local_morning(organization, now)
    if today is None:
        return 0
    due = (
        Milestone.objects.filter(
            organization=organization,
            completed_at__isnull=True,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=MILESTONE_NOTICE_DAYS),
            **_running("goal__plan__member__", today),
        )
        # Nothing about a day after the program's end.
        .filter(due_date__lte=F("goal__plan__member__pair__cohort__program__end_date"))
        .exclude(goal__status=GoalStatus.DONE)
    )
    keys = {
        f"milestone:{pk}:{due_date.isoformat()}": pk for pk, due_date in due.values_list("pk", "due_date")
    }
    for key in notified_keys(organization, "milestone_due_soon", keys):
        del keys[key]
    if not keys:
        return 0
    # Plain values: the milestone, its goal, and (member id, plan id, the owner's roster
    # row…, program name).
    owner = "goal__plan__member__participant__employee"
    link = _plan_link(organization)
    messages = []
    for pk, due_date, title, goal_title, *person, program in (
        Milestone.objects.filter(pk__in=keys.values())
        .order_by("due_date", "pk")
        .values_list(
            "pk",
            "due_date",
            "title",
            "goal__title",
            "goal__plan__member_id",
            "goal__plan_id",
            *Person.values(owner),
            "goal__plan__member__pair__cohort__program__name",
        )
    ):
        person = Person.from_row(person)
        days = (due_date - today).days
        when = {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")
        messages.append(
            to_person(
                person,
                kind="milestone_due_soon",
                key=f"milestone:{pk}:{due_date.isoformat()}",
                subject=f"Milestone due {when}: {title}",
                link=link(person.id),
                # Plain values, so the message is rendered when it is sent: the due day as the
                # template's ``date:"l j F"`` filter wrote it.
                context={
                    "program": {"name": program},
                    "milestone": {"title": title},
                    "goal": {"title": goal_title},
                    "due_on": formatted_date(due_date, "l j F"),
                    "when": when,
                },
            )
        )
    return notify_count(organization, messages, now=now, kick=False)


def _plan_link(organization: Organization):
    """A member's goal plan page by member id (one ``reverse()`` per scan)."""
    return link_by_id("goals:plan", id_kwarg="member_pk", org_slug=organization.slug)
