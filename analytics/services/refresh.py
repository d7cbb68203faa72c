"""Rebuild an organization's analytics facts from its roster, cohorts and mentoring activity.

Runs after every roster load and nightly (``analytics/tasks.py``), never in a request. Reads
the roster in two queries into numpy arrays (``analytics/facts/roster.py``), computes every
fact set-based (``analytics/facts/``), and swaps the organization's old facts for the new ones
in one transaction: a reader sees the previous facts or the new ones, never half of each.
"""

import datetime
import time
from collections import defaultdict

import numpy as np
from django.db import transaction
from django.utils import timezone

from analytics.definitions import counts_as_participant, month_start
from analytics.facts.cohorts import (
    OUTCOME_COLUMNS,
    SURVIVAL_COLUMNS,
    CohortGroupPeople,
    outcome_rows,
    survival_rows,
)
from analytics.facts.engagement import ENGAGEMENT_COLUMNS, GOAL_COLUMNS, engagement_rows, goal_rows
from analytics.facts.monthly import (
    MEASURES,
    Memberships,
    month_grid,
    monthly_cells,
    organization_memberships,
    rollup_cells,
)
from analytics.facts.roster import NEVER, RosterArrays, day_number, day_of, roster_arrays_load
from analytics.facts.writer import facts_insert, facts_insert_columns
from analytics.models import (
    COMPARISON_GROUPS,
    PARTICIPANT_GROUPS,
    CohortEngagementFact,
    CohortGoalFact,
    CohortOutcomeFact,
    CohortSurvivalFact,
    FactGroup,
    FactsRefresh,
    MonthlyFact,
    MonthlyRollupFact,
)
from analytics.services.comparison import CohortClass, comparison_groups_sync
from cohorts.models import Cohort, Participant, TalentFlag
from organizations.clock import local_date, organization_today, organization_tz
from organizations.models import Organization
from organizations.months import add_months
from organizations.tenancy import organization_scope
from programs.models import EligibilityRule

# How far back monthly facts go: five years of months before the last complete one.
HISTORY_MONTHS = 60
MONTHLY_COLUMNS = ("month", "group", "cohort_id", "program_id", "department", "level", *MEASURES)
ROLLUP_COLUMNS = ("month", "group", "department", "level", *MEASURES)


@transaction.atomic
def facts_refresh(*, organization: Organization, as_of: datetime.date | None = None) -> FactsRefresh:
    """Replace the organization's facts with ones computed from its current data.

    ``as_of`` is the organization's "today" (its clock by default): monthly facts run to the
    last complete month before it, follow-up of cohorts to it. Idempotent: running it twice
    gives the same facts (comparison groups are kept while their inputs stay the same).
    """
    started = time.perf_counter()
    as_of = as_of or organization_today(organization)
    # One refresh per organization at a time: a roster load's refresh and the nightly one would
    # otherwise each delete the facts the other has not committed yet, and both insert theirs.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    with organization_scope(organization):
        roster = roster_arrays_load()
        cohorts = _cohorts(organization, roster)
        first_participation = _first_participation(roster, cohorts)
        started_cohorts = [c for c in cohorts if c["start"] <= as_of]
        comparison = comparison_groups_sync(
            organization=organization,
            roster=roster,
            classes=_classes(roster, started_cohorts, cohorts),
            first_participation=first_participation,
        )
        cohort_groups = _cohort_groups(started_cohorts, comparison)

        last_month = add_months(month_start(as_of), -1)
        first_month = add_months(last_month, -(HISTORY_MONTHS - 1))
        if roster.size:
            first_month = max(first_month, month_start(day_of(roster.hire.min())))
        grid = month_grid(first_month, last_month)
        memberships = Memberships.concatenate(
            [organization_memberships(first_participation, grid, non_participant=0, participant=1)]
            + [
                Memberships.of(people.emp, 2 + i, max(0, _month_index(grid, people.start)), grid.size)
                for i, people in enumerate(cohort_groups)
            ]
        )
        cells = monthly_cells(roster, grid, memberships, n_groups=2 + len(cohort_groups))
        group_keys = [(FactGroup.NON_PARTICIPANT, None, None), (FactGroup.PARTICIPANT, None, None)] + [
            (people.group, people.cohort_id, people.program_id) for people in cohort_groups
        ]
        departments = roster.departments
        keys = np.array(group_keys, dtype=object)  # (group, cohort id, program id) per group index
        monthly = dict(
            zip(
                MONTHLY_COLUMNS,
                [
                    np.array(grid.months, dtype=object)[cells.month].tolist(),
                    *(keys[cells.group, i].tolist() for i in range(3)),
                    np.array(departments, dtype=object)[cells.department].tolist(),
                    cells.level.tolist(),
                    *(cells.counts[m].tolist() for m in MEASURES),
                ],
                strict=True,
            )
        )
        rollups = _rollup_rows(cells, [key[0] for key in group_keys], grid, departments)

        outcome_groups = cohort_groups + _non_participants_at_start(
            roster, started_cohorts, first_participation
        )
        outcomes = outcome_rows(roster, outcome_groups, as_of, _talent_flagged(roster))
        survival = survival_rows(roster, cohort_groups, as_of)
        programs = {c["id"]: c["program_id"] for c in cohorts}
        until = datetime.datetime.combine(
            as_of + datetime.timedelta(days=1), datetime.time.min, tzinfo=organization_tz(organization)
        )
        engagement = engagement_rows(organization=organization, programs=programs, as_of=as_of, until=until)
        goals = goal_rows(programs=programs)

        for model in (
            MonthlyFact,
            MonthlyRollupFact,
            CohortOutcomeFact,
            CohortSurvivalFact,
            CohortEngagementFact,
            CohortGoalFact,
        ):
            model.objects.filter(organization=organization).delete()
        facts_insert_columns(MonthlyFact, organization_id=organization.pk, data=monthly)
        for model, columns, rows in (
            (MonthlyRollupFact, ROLLUP_COLUMNS, rollups),
            (CohortOutcomeFact, OUTCOME_COLUMNS, outcomes),
            (CohortSurvivalFact, SURVIVAL_COLUMNS, survival),
            (CohortEngagementFact, ENGAGEMENT_COLUMNS, engagement),
            (CohortGoalFact, GOAL_COLUMNS, goals),
        ):
            facts_insert(model, organization_id=organization.pk, columns=columns, rows=rows)

        present_departments = sorted(set(monthly["department"]))
        levels = sorted(set(monthly["level"]))
        refresh, _ = FactsRefresh.objects.update_or_create(
            organization=organization,
            defaults={
                "refreshed_at": timezone.now(),
                "as_of": as_of,
                "first_month": grid.months[0] if grid.size else None,
                "last_month": grid.months[-1] if grid.size else None,
                "departments": present_departments,
                "levels": levels,
                "cohorts": [
                    {"id": c["id"], "program_id": c["program_id"], "start": c["start"].isoformat()}
                    for c in started_cohorts
                ],
                "employees": roster.size,
                "duration_ms": int((time.perf_counter() - started) * 1000),
            },
        )
    return refresh


def _rollup_rows(cells, fact_groups: list[str], grid, departments: list[str]) -> list[tuple]:
    """``MonthlyRollupFact`` rows: the cells summed over every cohort per kind of group, per
    department over all levels and per level over all departments."""
    kinds = list(FactGroup.values)
    pooled = np.array([kinds.index(group) for group in fact_groups], dtype=np.int64)
    rows = []
    for dimension, where in ((cells.department, "department"), (cells.level, "level")):
        rollup = rollup_cells(cells, pooled, grid.size, dimension)
        for month, kind, value, *counts in zip(
            rollup.month.tolist(),
            rollup.group.tolist(),
            rollup.value.tolist(),
            *(rollup.counts[m].tolist() for m in MEASURES),
            strict=True,
        ):
            department, level = (departments[value], None) if where == "department" else ("", value)
            rows.append((grid.months[month], kinds[kind], department, level, *counts))
    return rows


def _month_index(grid, day: datetime.date) -> int:
    """The month of ``day`` in the grid (0 before it, ``size`` after it)."""
    return int(np.searchsorted(grid.starts, day_number(month_start(day)), side="left"))


def _cohorts(organization: Organization, roster: RosterArrays) -> list[dict]:
    """Every started cohort with its dates and the people who count as its participants, by role.

    A cohort starts on the day it was activated (``Cohort.activated_at`` on the organization's
    calendar, see docs/definitions.md); one never activated has not started. A participant
    counts from that day, unless they withdrew before it (``definitions.counts_as_participant``).
    """
    started = Cohort.objects.filter(activated_at__isnull=False)
    cohorts = {
        cohort_id: {
            "id": cohort_id,
            "program_id": program_id,
            "start": local_date(activated_at, organization),
            "end": end,
            "members": defaultdict(dict),  # role → {roster position: participant id}
            "everyone": [],
        }
        for cohort_id, program_id, activated_at, end in started.values_list(
            "id", "program_id", "activated_at", "program__end_date"
        )
    }
    rows = list(
        Participant.objects.filter(cohort__activated_at__isnull=False)
        .order_by("id")
        .values_list("id", "cohort_id", "employee_id", "role", "withdrawn_at")
    )
    positions = roster.positions([row[2] for row in rows]).tolist() if rows else []
    for (participant_id, cohort_id, _, role, withdrawn_at), position in zip(rows, positions, strict=True):
        cohort = cohorts[cohort_id]
        cohort["everyone"].append(position)
        withdrawn_on = local_date(withdrawn_at, organization) if withdrawn_at else None
        if counts_as_participant(withdrawn_on=withdrawn_on, cohort_start=cohort["start"]):
            cohort["members"][role].setdefault(position, participant_id)
    return sorted(cohorts.values(), key=lambda c: (c["start"], c["id"]))


def _first_participation(roster: RosterArrays, cohorts: list[dict]) -> np.ndarray:
    """Per roster position, the day number of the first cohort start they count in, or NEVER."""
    first = np.full(roster.size, NEVER, dtype=np.int64)
    for cohort in cohorts:
        positions = [p for members in cohort["members"].values() for p in members]
        if positions:
            idx = np.array(positions, dtype=np.int64)
            first[idx] = np.minimum(first[idx], day_number(cohort["start"]))
    return first


def _classes(roster: RosterArrays, started: list[dict], cohorts: list[dict]) -> list:
    rules = defaultdict(list)
    for rule in EligibilityRule.objects.order_by("id"):
        rules[(rule.program_id, rule.applies_to)].append(rule)
    classes = []
    for cohort in started:
        active = frozenset(
            int(roster.employee_ids[p])
            for other in cohorts
            if other["start"] <= cohort["start"] <= other["end"]
            for members in other["members"].values()
            for p in members
        )
        for role in PARTICIPANT_GROUPS:
            if not cohort["members"][role]:
                continue
            classes.append(
                CohortClass(
                    cohort_id=cohort["id"],
                    program_id=cohort["program_id"],
                    role=role,
                    start=cohort["start"],
                    participant_ids=dict(cohort["members"][role]),
                    excluded=np.array(cohort["everyone"], dtype=np.int64),
                    rules=rules[(cohort["program_id"], role)],
                    in_active_cohort=active,
                )
            )
    return classes


def _cohort_groups(started: list[dict], comparison: dict) -> list[CohortGroupPeople]:
    groups = []
    for cohort in started:
        for role, fact_group in PARTICIPANT_GROUPS.items():
            for group, people in (
                (fact_group, np.array(sorted(cohort["members"][role]), dtype=np.int64)),
                (COMPARISON_GROUPS[role], comparison.get((cohort["id"], role), np.zeros(0, np.int64))),
            ):
                if len(people):
                    groups.append(
                        CohortGroupPeople(cohort["id"], cohort["program_id"], group, cohort["start"], people)
                    )
    return groups


def _talent_flagged(roster: RosterArrays) -> dict[int, np.ndarray]:
    """Cohort id → roster positions of its people who carry a talent flag from it."""
    by_cohort: dict[int, set[int]] = defaultdict(set)
    for cohort_id, employee_id in TalentFlag.objects.values_list(
        "cohort_id", "participant__employee_id"
    ).distinct():
        by_cohort[cohort_id].add(employee_id)
    known = set(roster.employee_ids.tolist())
    return {
        cohort_id: roster.positions(sorted(ids & known))
        for cohort_id, ids in by_cohort.items()
        if ids & known
    }


def _non_participants_at_start(
    roster: RosterArrays, started: list[dict], first_participation: np.ndarray
) -> list[CohortGroupPeople]:
    """For outcome facts: everyone who had not taken part in any cohort by each start day."""
    return [
        CohortGroupPeople(
            cohort["id"],
            cohort["program_id"],
            FactGroup.NON_PARTICIPANT,
            cohort["start"],
            np.flatnonzero(first_participation > day_number(cohort["start"])),
        )
        for cohort in started
    ]
