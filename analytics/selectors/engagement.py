"""Mentoring activity of cohorts from the per-cohort engagement facts."""

from collections import defaultdict

from django.db.models import Q, Sum

from analytics.definitions import month_start, months_between
from analytics.models import CohortEngagementFact, CohortGoalFact
from analytics.selectors.common import facts_refresh_row, ratio, roles, selected_cohorts
from analytics.selectors.types import (
    NO_FILTER,
    AnalyticsFilter,
    EngagementMonth,
    EngagementSummary,
    GoalCompletion,
)
from analytics.suppression import shown, too_small
from organizations.models import Organization

_PAIR = ("people", "active_pairs", "pairs_that_met", "meetings_held", "sessions_held")
_ROLE = (
    "people",
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
_GOALS = (
    "people",
    "goals",
    "not_started",
    "on_track",
    "at_risk",
    "done",
    "milestones",
    "milestones_completed",
)


def engagement_summary(
    *, organization: Organization, filters: AnalyticsFilter = NO_FILTER
) -> EngagementSummary:
    """Meetings per pair per month, active pairs, session attendance, check-in averages and goal
    completion of the selected cohorts.

    Program, cohort, period (months shown; all by default) and role apply; department and level
    do not. Three queries.
    """
    refresh = facts_refresh_row(organization)
    min_size = organization.min_group_size
    as_of = refresh.as_of if refresh else None
    cohorts = selected_cohorts(
        refresh, AnalyticsFilter(program_id=filters.program_id, cohort_id=filters.cohort_id)
    )
    last = month_start(as_of) if as_of else None
    if last and filters.period_end:
        last = min(last, month_start(filters.period_end))
    first = month_start(filters.period_start) if filters.period_start else None
    cohort_ids = [c.id for c in cohorts]
    wanted_roles = roles(filters)
    pair_sums: dict = defaultdict(lambda: dict.fromkeys(_PAIR, 0))
    role_sums: dict = defaultdict(lambda: dict.fromkeys(_ROLE, 0))
    goal_sums = dict.fromkeys(_GOALS, 0)
    if cohort_ids and last:
        rows = CohortEngagementFact.objects.filter(
            organization=organization, cohort_id__in=cohort_ids, month__lte=last
        ).filter(Q(role="") | Q(role__in=wanted_roles))
        if first:
            rows = rows.filter(month__gte=first)
        rows = rows.values("month", "role").annotate(**{f"sum_{f}": Sum(f) for f in set(_PAIR) | set(_ROLE)})
        for row in rows.order_by():
            target = pair_sums[row["month"]] if row["role"] == "" else role_sums[row["month"]]
            for name in target:
                target[name] += row[f"sum_{name}"] or 0
        goals = CohortGoalFact.objects.filter(
            organization=organization, cohort_id__in=cohort_ids, role__in=wanted_roles
        ).aggregate(**{f"sum_{f}": Sum(f) for f in _GOALS})
        goal_sums = {f: goals[f"sum_{f}"] or 0 for f in _GOALS}
    # By default the months run from the selected cohorts' first start (or first activity).
    if first is None and cohorts:
        first = min([month_start(c.start) for c in cohorts] + list(pair_sums) + list(role_sums))
    months = months_between(first, last) if first and last else []

    month_rows, any_pairs_hidden = [], False
    for month in months:
        p, r = pair_sums.get(month, dict.fromkeys(_PAIR, 0)), role_sums.get(month, dict.fromkeys(_ROLE, 0))
        pairs_hidden = too_small(p["people"], min_size)
        any_pairs_hidden |= pairs_hidden
        attendance_hidden = too_small(r["people"], min_size)
        checkins_hidden = too_small(r["checkins_answered"], min_size)

        def pair(value, hidden=pairs_hidden):
            return shown(value, hidden=hidden, min_group_size=min_size)

        def attendance(value, hidden=attendance_hidden):
            return shown(value, hidden=hidden, min_group_size=min_size)

        def checkin(value, hidden=checkins_hidden):
            return shown(value, hidden=hidden, min_group_size=min_size)

        month_rows.append(
            EngagementMonth(
                month=month,
                active_pairs=pair(p["active_pairs"]),
                pairs_that_met=pair(p["pairs_that_met"]),
                meetings_held=pair(p["meetings_held"]),
                meetings_per_pair=pair(ratio(p["meetings_held"], p["active_pairs"])),
                sessions_held=p["sessions_held"],
                attendance_expected=attendance(r["attendance_expected"]),
                attendance_recorded=attendance(r["attendance_recorded"]),
                attendance_rate=attendance(ratio(r["attendance_recorded"], r["attendance_expected"])),
                checkins_answered=checkin(r["checkins_answered"]),
                usefulness_average=checkin(ratio(r["usefulness_sum"], r["usefulness_answers"])),
                would_continue_share=checkin(ratio(r["would_continue_yes"], r["would_continue_answers"])),
                met_as_planned_share=checkin(ratio(r["met_as_planned_yes"], r["met_as_planned_answers"])),
            )
        )
    pair_months = sum(pair_sums[m]["active_pairs"] for m in months if m in pair_sums)
    meetings = sum(pair_sums[m]["meetings_held"] for m in months if m in pair_sums)
    # Hidden when any month is: the period's total minus the shown months would reveal it.
    overall = shown(ratio(meetings, pair_months), hidden=any_pairs_hidden, min_group_size=min_size)
    goals_hidden = too_small(goal_sums["people"], min_size)

    def goal(value):
        return shown(value, hidden=goals_hidden, min_group_size=min_size)

    return EngagementSummary(
        as_of=as_of,
        min_group_size=min_size,
        months=tuple(month_rows),
        meetings_per_pair_per_month=overall,
        goals=GoalCompletion(
            people=goal(goal_sums["people"]),
            goals=goal(goal_sums["goals"]),
            not_started=goal(goal_sums["not_started"]),
            on_track=goal(goal_sums["on_track"]),
            at_risk=goal(goal_sums["at_risk"]),
            done=goal(goal_sums["done"]),
            completion_rate=goal(ratio(goal_sums["done"], goal_sums["goals"])),
            milestones=goal(goal_sums["milestones"]),
            milestones_completed=goal(goal_sums["milestones_completed"]),
        ),
    )
