"""Monthly attrition from the monthly facts."""

from collections import defaultdict

from django.db.models import Q, Sum

from analytics.definitions import annualized_turnover, monthly_turnover
from analytics.facts.monthly import MEASURES
from analytics.models import FactGroup, MonthlyFact
from analytics.selectors.common import (
    comparison_groups,
    facts_refresh_row,
    participant_groups,
    period_months,
    selected_cohorts,
)
from analytics.selectors.types import (
    NO_FILTER,
    AnalyticsFilter,
    AttritionLine,
    AttritionMonth,
    AttritionSeries,
    Group,
)
from analytics.suppression import Suppressed, secondary_suppression
from organizations.models import Organization

BY_CHOICES = (None, "department", "level")
GROUP_ORDER = (Group.PARTICIPANTS, Group.COMPARISON, Group.NON_PARTICIPANTS, Group.EVERYONE)
# Participants of any cohort are never a line of their own, but everyone − non-participants
# gives them away, so they take part in secondary suppression under this name.
_ANY_PARTICIPANT = "_participants_any"


def _lines_of(group: str) -> tuple[str, ...]:
    if group == FactGroup.NON_PARTICIPANT:
        return (Group.NON_PARTICIPANTS, Group.EVERYONE)
    if group == FactGroup.PARTICIPANT:
        return (_ANY_PARTICIPANT, Group.EVERYONE)
    if group in (FactGroup.MENTEE, FactGroup.MENTOR):
        return (Group.PARTICIPANTS,)
    return (Group.COMPARISON,)


def _size(counts: dict) -> int:
    """The people a month's figures are about: everyone there at its start or hired during it,
    or there at its end or leaving during it, whichever is more."""
    return max(
        counts.get("headcount_start", 0) + counts.get("hires", 0),
        counts.get("headcount_end", 0) + counts.get("separations", 0),
    )


def _too_small(counts: dict, min_size: int) -> bool:
    """A month's turnover describes the headcounts on both days of its denominator
    (docs/definitions.md): hidden when the group has anyone that month and either headcount is
    below the minimum."""
    lowest = min(counts.get("headcount_start", 0), counts.get("headcount_end", 0))
    return _size(counts) > 0 and lowest < min_size


def attrition_series(
    *, organization: Organization, filters: AnalyticsFilter = NO_FILTER, by: str | None = None
) -> AttritionSeries:
    """Monthly turnover (all, voluntary, involuntary) and its annualized rate for participants,
    comparison, non-participants and everyone, optionally segmented ``by`` department or level.

    Every filter applies (program/cohort/role select the participant and comparison groups;
    non-participants and everyone ignore them). Two queries whatever the filters.
    """
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {BY_CHOICES}")
    refresh = facts_refresh_row(organization)
    min_size = organization.min_group_size
    months = period_months(refresh, filters, last=refresh.last_month if refresh else None, default_months=12)
    if not months:
        return AttritionSeries(None, None, refresh.as_of if refresh else None, min_size, by, ())

    # The period picks months here, not cohorts: every started cohort of the selection counts
    # from its own start month.
    cohorts = selected_cohorts(
        refresh, AnalyticsFilter(program_id=filters.program_id, cohort_id=filters.cohort_id)
    )
    wanted = Q(cohort__isnull=True)
    if cohorts:
        wanted |= Q(
            cohort_id__in=[c.id for c in cohorts],
            group__in=participant_groups(filters) + comparison_groups(filters),
        )
    rows = MonthlyFact.objects.filter(
        organization=organization, month__gte=months[0], month__lte=months[-1]
    ).filter(wanted)
    if filters.department is not None:
        rows = rows.filter(department=filters.department)
    if filters.level is not None:
        rows = rows.filter(level=filters.level)
    fields = ["month", "group"] + ([by] if by else [])
    rows = rows.values(*fields).annotate(**{f"sum_{m}": Sum(m) for m in MEASURES}).order_by()

    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    segments: dict[str, set] = defaultdict(set)
    for row in rows:
        for line in _lines_of(row["group"]):
            keys = [(line, None, row["month"])]
            if by:
                keys.append((line, row[by], row["month"]))
                segments[line].add(row[by])
            for key in keys:
                for measure in MEASURES:
                    counts[key][measure] += row[f"sum_{measure}"] or 0

    lines = [(group, None) for group in GROUP_ORDER]
    lines += [(group, segment) for group in GROUP_ORDER for segment in sorted(segments[group])]
    everything = (
        lines + [(_ANY_PARTICIPANT, None)] + [(_ANY_PARTICIPANT, s) for s in segments[_ANY_PARTICIPANT]]
    )
    hidden = _suppressed_cells(counts, everything, months, segments, min_size)

    built = []
    for group, segment in lines:
        month_rows = [
            _month(
                month, counts.get((group, segment, month), {}), (group, segment, month) in hidden, min_size
            )
            for month in months
        ]
        any_hidden = any((group, segment, month) in hidden for month in months)
        built.append(
            AttritionLine(
                group=group,
                segment=segment,
                months=tuple(month_rows),
                annualized_rate=_annualized(month_rows, "rate", any_hidden, min_size),
                annualized_voluntary_rate=_annualized(month_rows, "voluntary_rate", any_hidden, min_size),
                annualized_involuntary_rate=_annualized(month_rows, "involuntary_rate", any_hidden, min_size),
            )
        )
    return AttritionSeries(
        period_start=months[0],
        period_end=months[-1],
        as_of=refresh.as_of,
        min_group_size=min_size,
        by=by,
        lines=tuple(built),
    )


def _suppressed_cells(counts, lines, months, segments, min_size) -> set[tuple]:
    """Primary suppression of every (line, segment, month), then differencing until stable:
    everyone = non-participants + participants of any cohort, and each line's total = the sum
    of its segments."""
    size = {(g, s, m): _size(counts.get((g, s, m), {})) for g, s in lines for m in months}
    hidden = {cell for cell in size if _too_small(counts.get(cell, {}), min_size)}
    all_segments = {s for group_segments in segments.values() for s in group_segments}
    while True:
        before = len(hidden)
        for month in months:
            for segment in [None, *all_segments]:
                parts = {
                    g: size.get((g, segment, month), 0) for g in (Group.NON_PARTICIPANTS, _ANY_PARTICIPANT)
                }
                now_hidden = secondary_suppression(
                    parts,
                    {g for g in parts if (g, segment, month) in hidden},
                    total_hidden=(Group.EVERYONE, segment, month) in hidden,
                )
                hidden |= {(g, segment, month) for g in now_hidden}
            for group, group_segments in segments.items():
                parts = {s: size.get((group, s, month), 0) for s in group_segments}
                now_hidden = secondary_suppression(
                    parts,
                    {s for s in parts if (group, s, month) in hidden},
                    total_hidden=(group, None, month) in hidden,
                )
                hidden |= {(group, s, month) for s in now_hidden}
        if len(hidden) == before:
            return hidden


def _month(month, counts: dict, hidden: bool, min_size: int) -> AttritionMonth:
    if hidden:
        marker = Suppressed(min_size)
        return AttritionMonth(month, *([marker] * 9))
    start, end = counts.get("headcount_start", 0), counts.get("headcount_end", 0)
    separations = counts.get("separations", 0)
    voluntary = counts.get("separations_voluntary", 0)
    involuntary = counts.get("separations_involuntary", 0)
    return AttritionMonth(
        month=month,
        headcount_start=start,
        headcount_end=end,
        hires=counts.get("hires", 0),
        separations=separations,
        voluntary_separations=voluntary,
        involuntary_separations=involuntary,
        rate=monthly_turnover(separations=separations, headcount_start=start, headcount_end=end),
        voluntary_rate=monthly_turnover(separations=voluntary, headcount_start=start, headcount_end=end),
        involuntary_rate=monthly_turnover(separations=involuntary, headcount_start=start, headcount_end=end),
    )


def _annualized(months: list[AttritionMonth], field: str, any_hidden: bool, min_size: int):
    """Sum × 12 ÷ months over the months with a rate (a month with nobody in the group has none).

    Hidden when any month is: the sum minus the shown months would give the hidden one away.
    """
    if any_hidden:
        return Suppressed(min_size)
    return annualized_turnover([getattr(m, field) for m in months if getattr(m, field) is not None])
