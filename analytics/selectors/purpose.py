"""A program's purpose target against what the facts measure."""

from collections.abc import Sequence
from decimal import Decimal

from analytics.selectors.common import facts_refresh_row, hidden_groups, selected_cohorts
from analytics.selectors.retention import OutcomeSums, outcome_sums_per_selection
from analytics.selectors.types import NO_FILTER, Group, PurposeProgress
from analytics.suppression import shown
from organizations.models import Organization
from programs.models import Program, Purpose

# Which twelve-month figure measures each purpose (see PurposeProgress.measure).
PURPOSE_MEASURES: dict[str, str] = {
    Purpose.RETENTION: "voluntary_attrition_12m",
    Purpose.ENGAGEMENT: "retention_12m",
    Purpose.INCLUSION: "retention_12m",
    Purpose.ONBOARDING: "retention_12m",
    Purpose.KNOWLEDGE_TRANSFER: "retention_12m",
    Purpose.LEADERSHIP_PIPELINE: "promotion_rate_12m",
    Purpose.CUSTOM: "",
}
# Numerator of each measure in the outcome facts, and whether less is better by default.
_NUMERATORS = {
    "voluntary_attrition_12m": "voluntary_leavers",
    "retention_12m": "retained",
    "promotion_rate_12m": "promoted",
}
_LOWER_IS_BETTER = {"voluntary_attrition_12m": True, "retention_12m": False, "promotion_rate_12m": False}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def purpose_progress(*, program: Program) -> PurposeProgress:
    """The program's target (baseline, target, date) next to its participants' measured figure
    and the same figure for their comparison group and non-participants. Two queries.

    Participants are the program's mentees and mentors together, over its cohort's first twelve
    months; until those have ended the figures are None.
    """
    return purpose_progress_of_programs(organization=program.organization, programs=[program])[0]


def purpose_progress_of_programs(
    *, organization: Organization, programs: Sequence[Program]
) -> list[PurposeProgress]:
    """``purpose_progress`` of each program, in the order given, in two queries however many
    programs there are: the refresh row, then every program's outcome facts in one grouped read.
    Programs of another organization match no facts."""
    refresh = facts_refresh_row(organization)
    cohorts = selected_cohorts(refresh, NO_FILTER)
    selections = {p.pk: [c for c in cohorts if c.program_id == p.pk] for p in programs}
    outcomes = outcome_sums_per_selection(organization, refresh, selections, NO_FILTER) if programs else {}
    return [_progress(program, outcomes[program.pk], organization.min_group_size) for program in programs]


def _progress(program: Program, outcomes: OutcomeSums, min_size: int) -> PurposeProgress:
    measure = PURPOSE_MEASURES.get(program.purpose, "")
    baseline, target = _number(program.target_baseline), _number(program.target_value)
    sums = outcomes.sums
    hiding = hidden_groups({g: s["headcount_start"] for g, s in sums.items()}, min_size)
    figures = {}
    for group in Group.COMPARED:
        s = sums.get(group)
        if not measure or not outcomes.counted or not s or not s["headcount_start"]:
            figures[group] = None
            continue
        percent = 100 * s[_NUMERATORS[measure]] / s["headcount_start"]
        figures[group] = shown(round(percent, 2), hidden=hiding[group], min_group_size=min_size)
    if baseline is not None and target is not None and baseline != target:
        lower_is_better = target < baseline
    else:
        lower_is_better = _LOWER_IS_BETTER.get(measure)
    actual = figures[Group.PARTICIPANTS]
    target_met = None
    if isinstance(actual, float | int) and target is not None and lower_is_better is not None:
        target_met = actual <= target if lower_is_better else actual >= target
    return PurposeProgress(
        program_id=program.pk,
        purpose=program.purpose,
        measure=measure,
        baseline=baseline,
        target=target,
        target_by=program.target_by,
        actual=actual,
        comparison=figures[Group.COMPARISON],
        non_participants=figures[Group.NON_PARTICIPANTS],
        lower_is_better=lower_is_better,
        target_met=target_met,
        as_of=outcomes.as_of,
    )
