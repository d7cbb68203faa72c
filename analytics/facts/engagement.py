"""Engagement facts per cohort × month (× role), and goal facts per cohort × role.

Aggregated in the database, a fixed number of queries for the whole organization. Metadata
only: dates, statuses, counts and check-in scores. No topic, note, goal text or check-in comment
is ever read here.

Months are calendar months on the organization's clock. The month of ``as_of`` is included
(it runs to ``as_of``), so a programme's current month shows.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, DateField, F, Q, Sum
from django.db.models.functions import TruncMonth

from analytics.definitions import month_start
from cohorts.models import Participant, ParticipantStatus
from goals.models import Goal, GoalPlan, GoalStatus, Milestone
from matching.models import Pair
from organizations.clock import local_date, organization_tz
from organizations.models import Organization
from programs.models import ApplicantRole
from sessions.models import Attendance, CheckIn, LearningSession, Meeting, MeetingStatus
from sessions.models.learning import SessionAudience

ENGAGEMENT_COLUMNS = (
    "cohort_id",
    "program_id",
    "month",
    "role",
    "active_pairs",
    "people",
    "pairs_that_met",
    "meetings_held",
    "sessions_held",
    "attendance_expected",
    "attendance_recorded",
    "checkins_answered",
    "usefulness_sum",
    "usefulness_answers",
    "would_continue_yes",
    "would_continue_answers",
    "met_as_planned_yes",
    "met_as_planned_answers",
)
GOAL_COLUMNS = (
    "cohort_id",
    "program_id",
    "role",
    "people",
    "goals",
    "not_started",
    "on_track",
    "at_risk",
    "done",
    "milestones",
    "milestones_completed",
)
_ROLES = (ApplicantRole.MENTEE, ApplicantRole.MENTOR)


def _index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def _month(field: str, organization: Organization) -> TruncMonth:
    return TruncMonth(field, tzinfo=organization_tz(organization), output_field=DateField())


def engagement_rows(
    *, organization: Organization, programs: dict[int, int], as_of: datetime.date, until: datetime.datetime
) -> list[tuple]:
    """Rows in ``ENGAGEMENT_COLUMNS`` order. ``programs`` maps cohort id → program id;
    ``until`` is the end of ``as_of`` (nothing later counts)."""
    last_month = month_start(as_of)
    by_key: dict[tuple[int, datetime.date, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))

    # Active pairs: published by the month's end, not ended before it began. Months as integers
    # (year × 12 + month) while counting, so thousands of pairs cost no date arithmetic.
    last_index = _index(last_month)
    active: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    pairs = (
        Pair.objects.filter(published_at__lt=until)
        .annotate(people=Count("members"))
        .values_list("cohort_id", "published_at", "ended_at", "people")
    )
    for cohort_id, published_at, ended_at, people in pairs:
        first = _index(local_date(published_at, organization))
        last = min(_index(local_date(ended_at, organization)) if ended_at else last_index, last_index)
        for index in range(first, last + 1):
            counts = active[(cohort_id, index)]
            counts[0] += 1
            counts[1] += people
    for (cohort_id, index), (pair_count, people) in active.items():
        row = by_key[(cohort_id, datetime.date(index // 12, index % 12 + 1, 1), "")]
        row["active_pairs"], row["people"] = pair_count, people

    meetings = (
        Meeting.objects.filter(status=MeetingStatus.HAPPENED, starts_at__lt=until)
        .annotate(month=_month("starts_at", organization))
        .values("pair__cohort_id", "month")
        .annotate(held=Count("id"), pairs=Count("pair_id", distinct=True))
    )
    for m in meetings:
        row = by_key[(m["pair__cohort_id"], m["month"], "")]
        row["meetings_held"] += m["held"]
        row["pairs_that_met"] += m["pairs"]

    class_size = {
        (p["cohort_id"], p["role"]): p["people"]
        for p in Participant.objects.filter(status=ParticipantStatus.SELECTED)
        .values("cohort_id", "role")
        .annotate(people=Count("id"))
    }
    sessions = (
        LearningSession.objects.filter(starts_at__lt=until)
        .annotate(month=_month("starts_at", organization))
        .values("cohort_id", "month", "audience")
        .annotate(held=Count("id"))
    )
    for s in sessions:
        by_key[(s["cohort_id"], s["month"], "")]["sessions_held"] += s["held"]
        for role in SessionAudience.roles(s["audience"]):
            seats = s["held"] * class_size.get((s["cohort_id"], role), 0)
            by_key[(s["cohort_id"], s["month"], role)]["attendance_expected"] += seats

    attendances = (
        Attendance.objects.filter(
            session__starts_at__lt=until, participant__status=ParticipantStatus.SELECTED
        )
        .annotate(month=_month("session__starts_at", organization))
        .values("session__cohort_id", "month", "participant__role")
        .annotate(attended=Count("id"))
    )
    for a in attendances:
        by_key[(a["session__cohort_id"], a["month"], a["participant__role"])]["attendance_recorded"] += a[
            "attended"
        ]

    checkins = (
        CheckIn.objects.filter(answered_at__isnull=False, answered_at__lt=until)
        .annotate(month=_month("answered_at", organization))
        .values("pair__cohort_id", "month", "member__participant__role")
        .annotate(
            answered=Count("id"),
            usefulness_sum=Sum("usefulness", default=0),
            usefulness_answers=Count("usefulness"),
            would_continue_yes=Count("id", filter=Q(would_continue=True)),
            would_continue_answers=Count("would_continue"),
            met_as_planned_yes=Count("id", filter=Q(met_as_planned=True)),
            met_as_planned_answers=Count("met_as_planned"),
        )
    )
    for c in checkins:
        row = by_key[(c["pair__cohort_id"], c["month"], c["member__participant__role"])]
        row["checkins_answered"] += c["answered"]
        for name in (
            "usefulness_sum",
            "usefulness_answers",
            "would_continue_yes",
            "would_continue_answers",
            "met_as_planned_yes",
            "met_as_planned_answers",
        ):
            row[name] += c[name] or 0

    # Each month a cohort was active, its role rows carry the class size in that role.
    for cohort_id, month, _ in [key for key in by_key if key[2] == ""]:
        for role in _ROLES:
            if class_size.get((cohort_id, role)):
                by_key[(cohort_id, month, role)]["people"] = class_size[(cohort_id, role)]

    rows = []
    for (cohort_id, month, role), counts in sorted(
        by_key.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])
    ):
        if cohort_id not in programs or month > last_month:
            continue
        rows.append(
            (cohort_id, programs[cohort_id], month, role, *(counts[c] for c in ENGAGEMENT_COLUMNS[4:]))
        )
    return rows


def goal_rows(*, programs: dict[int, int]) -> list[tuple]:
    """Rows in ``GOAL_COLUMNS`` order: each cohort's goal plans by the owner's cohort role."""
    cohort, role = "plan__member__pair__cohort_id", "plan__member__participant__role"
    by_key: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g in Goal.objects.values(cohort, role, "status").annotate(n=Count("id")):
        counts = by_key[(g[cohort], g[role])]
        counts["goals"] += g["n"]
        counts[g["status"]] += g["n"]
    for p in (
        GoalPlan.objects.filter(goals__isnull=False)
        .values(c=F("member__pair__cohort_id"), r=F("member__participant__role"))
        .annotate(people=Count("member__participant__employee_id", distinct=True))
    ):
        by_key[(p["c"], p["r"])]["people"] += p["people"]
    milestone_cohort, milestone_role = "goal__" + cohort, "goal__" + role
    for m in Milestone.objects.values(milestone_cohort, milestone_role).annotate(
        n=Count("id"), completed=Count("id", filter=Q(completed_at__isnull=False))
    ):
        counts = by_key[(m[milestone_cohort], m[milestone_role])]
        counts["milestones"] += m["n"]
        counts["milestones_completed"] += m["completed"]
    statuses = (GoalStatus.NOT_STARTED, GoalStatus.ON_TRACK, GoalStatus.AT_RISK, GoalStatus.DONE)
    return [
        (
            cohort_id,
            programs[cohort_id],
            role_name,
            counts["people"],
            counts["goals"],
            *(counts[s] for s in statuses),
            counts["milestones"],
            counts["milestones_completed"],
        )
        for (cohort_id, role_name), counts in sorted(by_key.items())
        if cohort_id in programs and role_name in _ROLES
    ]
