"""Twelve-month retention, retention curves and talent outcomes from the per-cohort facts."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Sum

from analytics.definitions import month_end, retention_window_end
from analytics.models import CohortOutcomeFact, CohortSurvivalFact, FactGroup, FactsRefresh
from analytics.selectors.common import (
    SelectedCohort,
    comparison_groups,
    facts_refresh_row,
    hidden_groups,
    participant_groups,
    ratio,
    selected_cohorts,
)
from analytics.selectors.types import (
    NO_FILTER,
    AnalyticsFilter,
    CurveStep,
    Group,
    GroupRetention,
    GroupTalentOutcomes,
    LogRankTest,
    RetentionCurve,
    RetentionCurves,
    RetentionSummary,
    TalentOutcomes,
)
from analytics.suppression import Suppressed, shown
from analytics.survival import kaplan_meier, log_rank
from organizations.models import Organization

OUTCOME_MEASURES = (
    "headcount_start",
    "retained",
    "voluntary_leavers",
    "involuntary_leavers",
    "promoted",
    "moved",
    "talent_flagged",
)
EVENTS = ("any", "voluntary")


def _group_names(filters: AnalyticsFilter) -> dict[str, str]:
    """Fact group → reported group, for the roles the filter keeps."""
    names = {g: Group.PARTICIPANTS for g in participant_groups(filters)}
    names |= {g: Group.COMPARISON for g in comparison_groups(filters)}
    return names


@dataclass(frozen=True)
class OutcomeSums:
    """The outcome facts of some cohorts' complete twelve-month windows, summed per group."""

    as_of: datetime.date | None
    sums: dict[str, dict[str, int]]  # reported group → measure → sum
    counted: int  # cohorts whose window has ended, in the sums
    pending: int  # cohorts still inside their first twelve months, left out


def outcome_sums(organization: Organization, filters: AnalyticsFilter) -> OutcomeSums:
    """The selected cohorts' outcome facts, pooled; two queries.

    Shared by retention, talent outcomes and purpose progress, which read the same facts."""
    refresh = facts_refresh_row(organization)
    return outcome_sums_per_selection(
        organization, refresh, {None: selected_cohorts(refresh, filters)}, filters
    )[None]


def outcome_sums_per_selection(
    organization: Organization,
    refresh: FactsRefresh | None,
    selections: dict[object, list[SelectedCohort]],
    filters: AnalyticsFilter,
) -> dict[object, OutcomeSums]:
    """Each selection's cohorts' outcome facts, pooled per selection, read in one grouped query
    (per cohort and group) whatever the number of selections: the dashboard's purpose section
    measures every program this way."""
    as_of = refresh.as_of if refresh else None
    complete = {
        key: [c for c in cohorts if retention_window_end(c.start) <= as_of]
        for key, cohorts in selections.items()
    }
    wanted = {c.id for cohorts in complete.values() for c in cohorts}
    per_cohort: dict[tuple[int, str], dict[str, int]] = {}
    if wanted:
        names = _group_names(filters) | {FactGroup.NON_PARTICIPANT: Group.NON_PARTICIPANTS}
        rows = CohortOutcomeFact.objects.filter(
            organization=organization,
            cohort_id__in=sorted(wanted),
            group__in=list(names),
            window_complete=True,
        )
        if filters.department is not None:
            rows = rows.filter(department=filters.department)
        if filters.level is not None:
            rows = rows.filter(level=filters.level)
        rows = rows.values_list("cohort_id", "group").annotate(*(Sum(m) for m in OUTCOME_MEASURES)).order_by()
        for cohort_id, group, *values in rows:
            counts = per_cohort.setdefault((cohort_id, names[group]), dict.fromkeys(OUTCOME_MEASURES, 0))
            for measure, value in zip(OUTCOME_MEASURES, values, strict=True):
                counts[measure] += value or 0
    result = {}
    for key, cohorts in complete.items():
        sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOME_MEASURES, 0))
        for cohort in cohorts:
            for group in Group.COMPARED:
                for measure, value in per_cohort.get((cohort.id, group), {}).items():
                    sums[group][measure] += value
        result[key] = OutcomeSums(as_of, sums, len(cohorts), len(selections[key]) - len(cohorts))
    return result


def retention_summary(
    *, organization: Organization, filters: AnalyticsFilter = NO_FILTER
) -> RetentionSummary:
    """Twelve-month retention and attrition by type of participants, comparison and
    non-participants, over the cohorts whose first twelve months have ended.

    All filters apply; the period keeps cohorts that started within it. Two queries.
    """
    outcomes = outcome_sums(organization, filters)
    as_of, sums, counted, pending = outcomes.as_of, outcomes.sums, outcomes.counted, outcomes.pending
    min_size = organization.min_group_size
    groups = []
    hiding = hidden_groups({g: s["headcount_start"] for g, s in sums.items()}, min_size)
    for group in Group.COMPARED:
        s = sums.get(group, dict.fromkeys(OUTCOME_MEASURES, 0))
        n = s["headcount_start"]
        hidden = hiding[group]

        def figure(value, hidden=hidden):
            # No cohort's window has ended: nothing is measured yet, which is not zero.
            return shown(value, hidden=hidden, min_group_size=min_size) if counted else None

        groups.append(
            GroupRetention(
                group=group,
                headcount_start=figure(n),
                retained=figure(s["retained"]),
                rate=figure(ratio(s["retained"], n)),
                voluntary_leavers=figure(s["voluntary_leavers"]),
                involuntary_leavers=figure(s["involuntary_leavers"]),
                voluntary_attrition_rate=figure(ratio(s["voluntary_leavers"], n)),
                involuntary_attrition_rate=figure(ratio(s["involuntary_leavers"], n)),
                cohorts_counted=counted,
                cohorts_pending=pending,
            )
        )
    return RetentionSummary(as_of=as_of, min_group_size=min_size, groups=tuple(groups))


def talent_outcomes(*, organization: Organization, filters: AnalyticsFilter = NO_FILTER) -> TalentOutcomes:
    """Promotions and internal moves within twelve months of cohort start, per group.

    All filters apply; the period keeps cohorts that started within it. Two queries.
    """
    outcomes = outcome_sums(organization, filters)
    as_of, sums, counted, pending = outcomes.as_of, outcomes.sums, outcomes.counted, outcomes.pending
    min_size = organization.min_group_size
    groups = []
    hiding = hidden_groups({g: s["headcount_start"] for g, s in sums.items()}, min_size)
    for group in Group.COMPARED:
        s = sums.get(group, dict.fromkeys(OUTCOME_MEASURES, 0))
        n = s["headcount_start"]
        hidden = hiding[group]

        def figure(value, hidden=hidden):
            return shown(value, hidden=hidden, min_group_size=min_size) if counted else None

        groups.append(
            GroupTalentOutcomes(
                group=group,
                headcount_start=figure(n),
                promoted=figure(s["promoted"]),
                promotion_rate=figure(ratio(s["promoted"], n)),
                moved=figure(s["moved"]),
                move_rate=figure(ratio(s["moved"], n)),
                cohorts_counted=counted,
                cohorts_pending=pending,
                talent_flagged=figure(s["talent_flagged"]),
            )
        )
    return TalentOutcomes(as_of=as_of, min_group_size=min_size, groups=tuple(groups))


def retention_curves(
    *, organization: Organization, filters: AnalyticsFilter = NO_FILTER, event: str = "any"
) -> RetentionCurves:
    """Kaplan–Meier curves since cohort start of participants and comparison, with 95 % bands,
    numbers at risk, and a log-rank test. ``event``: ``"any"`` or ``"voluntary"``.

    All filters apply; ``period_end`` also censors follow-up at its month's last day. Two queries.
    """
    if event not in EVENTS:
        raise ValueError(f"event must be one of {EVENTS}")
    refresh = facts_refresh_row(organization)
    min_size = organization.min_group_size
    as_of = refresh.as_of if refresh else None
    censored_at = as_of
    if as_of and filters.period_end and month_end(filters.period_end) < as_of:
        censored_at = month_end(filters.period_end)
    cohorts = {c.id: c for c in selected_cohorts(refresh, filters) if censored_at and c.start <= censored_at}
    names = _group_names(filters)
    tables: dict[str, dict[str, list]] = {
        g: {"time": [], "events": [], "censored": []} for g in set(names.values())
    }
    if cohorts:
        rows = CohortSurvivalFact.objects.filter(
            organization=organization, cohort_id__in=list(cohorts), group__in=list(names)
        )
        if filters.department is not None:
            rows = rows.filter(department=filters.department)
        if filters.level is not None:
            rows = rows.filter(level=filters.level)
        rows = rows.values("group", "cohort_id", "day").annotate(
            v=Sum("voluntary"), i=Sum("involuntary"), o=Sum("other"), c=Sum("censored")
        )
        for row in rows.order_by():
            limit = (censored_at - cohorts[row["cohort_id"]].start).days
            events = row["v"] if event == "voluntary" else row["v"] + row["i"] + row["o"]
            ended = row["v"] + row["i"] + row["o"] + row["c"]
            if row["day"] > limit:  # followed past the period's end: censored there
                day, events = limit, 0
            else:
                day = row["day"]
            table = tables[names[row["group"]]]
            table["time"].append(day)
            table["events"].append(events)
            table["censored"].append(ended - events)

    curves, usable = [], {}
    empty = {"time": [], "events": [], "censored": []}
    people_of = {
        group: int(np.sum(table["events"]) + np.sum(table["censored"])) if table["time"] else 0
        for group, table in tables.items()
    }
    hiding = hidden_groups(people_of, min_size)
    for group in (Group.PARTICIPANTS, Group.COMPARISON):
        table = tables.get(group, empty)
        people = people_of.get(group, 0)
        followed = max(table["time"], default=0)
        if hiding[group]:
            curves.append(RetentionCurve(group, Suppressed(min_size), Suppressed(min_size), followed))
            continue
        steps = tuple(
            CurveStep(s.time, s.at_risk, s.events, s.censored, s.survival, s.lower, s.upper)
            for s in kaplan_meier(**table)
            if s.at_risk >= min_size
        )
        curves.append(RetentionCurve(group, people, steps, followed))
        if people:
            usable[group] = table
    test = None
    if len(usable) == 2:
        result = log_rank(
            group1=tuple(usable[Group.PARTICIPANTS].values()), group2=tuple(usable[Group.COMPARISON].values())
        )
        if result is not None:
            test = LogRankTest(result.chi_square, result.p_value, result.observed, result.expected)
    return RetentionCurves(
        as_of=as_of,
        min_group_size=min_size,
        event=event,
        censored_at=censored_at,
        curves=tuple(curves),
        log_rank=test,
    )
