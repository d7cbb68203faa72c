"""Monthly attrition from the monthly facts.

One read of summed counts as tuples (from ``MonthlyRollupFact`` when the filters allow, else
``MonthlyFact``), then numpy: counts, suppression and rates are arrays over (line, segment,
month), and Python objects are built once, for the answer.
"""

import datetime

import numpy as np
from django.db import connection
from django.db.models import Q, Sum

from analytics.definitions import annualized_turnover
from analytics.facts.monthly import MEASURES
from analytics.models import FactGroup, FactsRefresh, MonthlyFact, MonthlyRollupFact
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
from analytics.suppression import Suppressed, comparison_suppression
from organizations.models import Organization

BY_CHOICES = (None, "department", "level")
GROUP_ORDER = (Group.PARTICIPANTS, Group.COMPARISON, Group.NON_PARTICIPANTS, Group.EVERYONE)
# The lines counted, by index: the four reported ones, then participants of any cohort, never a
# line of their own, but everyone − non-participants gives them away, so they take part in
# secondary suppression.
_PARTICIPANTS, _COMPARISON, _NON_PARTICIPANTS, _EVERYONE, _ANY_PARTICIPANT = range(5)
_LINES_OF = {
    FactGroup.NON_PARTICIPANT: (_NON_PARTICIPANTS, _EVERYONE),
    FactGroup.PARTICIPANT: (_ANY_PARTICIPANT, _EVERYONE),
    FactGroup.MENTEE: (_PARTICIPANTS,),
    FactGroup.MENTOR: (_PARTICIPANTS,),
    FactGroup.COMPARISON_MENTEE: (_COMPARISON,),
    FactGroup.COMPARISON_MENTOR: (_COMPARISON,),
}
_HEADCOUNT_START, _HEADCOUNT_END, _HIRES, _SEPARATIONS, _VOLUNTARY, _INVOLUNTARY = range(6)


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

    rows = _summed_rows(organization, refresh, filters, months, by, rollup=_rollup_answers(filters, by))
    counts, segments = _counts(rows, months, by)
    size = np.maximum(
        counts[..., _HEADCOUNT_START] + counts[..., _HIRES],
        counts[..., _HEADCOUNT_END] + counts[..., _SEPARATIONS],
    )
    hidden = _suppressed(counts, size, min_size, segments[0])
    return AttritionSeries(
        period_start=months[0],
        period_end=months[-1],
        as_of=refresh.as_of,
        min_group_size=min_size,
        by=by,
        lines=_lines(counts, hidden, segments, months, min_size),
    )


def _rollup_answers(filters: AnalyticsFilter, by: str | None) -> bool:
    """Whether ``MonthlyRollupFact`` holds the answer: every started cohort, and at most one of
    department and level asked for (as a filter or a breakdown)."""
    wants_department = filters.department is not None or by == "department"
    wants_level = filters.level is not None or by == "level"
    return filters.program_id is None and filters.cohort_id is None and not (wants_department and wants_level)


def _summed_rows(
    organization: Organization,
    refresh: FactsRefresh,
    filters: AnalyticsFilter,
    months: list[datetime.date],
    by: str | None,
    *,
    rollup: bool,
) -> list[tuple]:
    """(month, fact group, [segment,] sums of ``MEASURES``…) for the selection, one query.

    From the rollup when ``rollup`` (which must then hold the answer), else from the monthly
    facts of the selected cohorts; both give the same sums."""
    groups = [FactGroup.NON_PARTICIPANT, FactGroup.PARTICIPANT]
    if rollup:
        wants_level = filters.level is not None or by == "level"
        rows = MonthlyRollupFact.objects.filter(
            organization=organization,
            month__gte=months[0],
            month__lte=months[-1],
            level__isnull=not wants_level,
            group__in=groups + participant_groups(filters) + comparison_groups(filters),
        )
    else:
        # The period picks months here, not cohorts: every started cohort of the selection
        # counts from its own start month.
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
    query = rows.values_list(*fields).annotate(*(Sum(m) for m in MEASURES)).order_by().query
    # Straight from the cursor: the ORM would pass each of the ~10,000 sums of an answer by
    # department through a converter that changes nothing (they are ints already). SQLite
    # hands the months back as ISO text; ``_counts`` reads both.
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _counts(rows: list[tuple], months: list[datetime.date], by: str | None):
    """counts[line, segment, month, measure] (segment 0 is the whole selection, 1… the sorted
    segments), and (the segments' values, each line's segment indexes)."""
    month_index = {month: i for i, month in enumerate(months)}
    month_index |= {month.isoformat(): i for i, month in enumerate(months)}
    segment_values = sorted({row[2] for row in rows}) if by else []
    segment_index = {value: i + 1 for i, value in enumerate(segment_values)}
    counts = np.zeros((5, len(segment_values) + 1, len(months), len(MEASURES)), dtype=np.int64)
    segments: list[set] = [set() for _ in range(5)]
    if not rows:
        return counts, (segment_values, segments)
    first = 3 if by else 2
    values = np.array([row[first:] for row in rows], dtype=np.int64)
    month = np.array([month_index[row[0]] for row in rows], dtype=np.int64)
    segment = np.array([segment_index[row[2]] for row in rows] if by else [0] * len(rows), dtype=np.int64)
    for slot in (0, 1):
        line = np.array([(_LINES_OF[row[1]] + (-1,))[slot] for row in rows], dtype=np.int64)
        chosen = line >= 0
        np.add.at(counts, (line[chosen], 0, month[chosen]), values[chosen])
        if by:
            np.add.at(counts, (line[chosen], segment[chosen], month[chosen]), values[chosen])
            for line_index, value in set(zip(line[chosen].tolist(), segment[chosen].tolist(), strict=True)):
                segments[line_index].add(value)
    return counts, (segment_values, segments)


def _suppressed(counts: np.ndarray, size: np.ndarray, min_size: int, segment_values: list) -> np.ndarray:
    """hidden[line, segment, month]: primary suppression of every cell, then linking and
    differencing until stable — participants and their comparison group of the same month and
    segment hide each other (``comparison_suppression``), everyone = non-participants +
    participants of any cohort, and each line's total = the sum of its segments.

    A month's turnover describes the headcounts on both days of its denominator
    (docs/definitions.md): a cell is too small when its group has anyone that month and either
    headcount is below the minimum."""
    lowest = np.minimum(counts[..., _HEADCOUNT_START], counts[..., _HEADCOUNT_END])
    someone = size > 0
    primary = someone & (lowest < min_size)
    hidden = primary.copy()
    n_segments = size.shape[1] - 1
    # Of equally small segments the first by name goes, as in ``secondary_suppression``.
    by_name = np.argsort([str(value) for value in segment_values], kind="stable")
    name_rank = np.empty(n_segments, dtype=np.int64)
    name_rank[by_name] = np.arange(n_segments)
    while True:
        before = int(hidden.sum())
        participants, comparison = comparison_suppression(
            participants_hidden=hidden[_PARTICIPANTS],
            comparison_hidden=hidden[_COMPARISON],
            comparison_too_small=primary[_COMPARISON],
        )
        hidden[_PARTICIPANTS] |= participants & someone[_PARTICIPANTS]
        hidden[_COMPARISON] |= comparison & someone[_COMPARISON]
        # Everyone = non-participants + participants of any cohort, per segment and month.
        parts = [_NON_PARTICIPANTS, _ANY_PARTICIPANT]
        one_hidden = (hidden[parts] & someone[parts]).sum(axis=0) == 1
        shown_others = someone[parts] & ~hidden[parts]
        hidden[parts] |= (one_hidden & ~hidden[_EVERYONE])[None] & shown_others
        # Each line's segments against its total, per month: the smallest shown segment.
        if n_segments:
            segment_size, segment_hidden = size[:, 1:], hidden[:, 1:]
            one_hidden = (segment_hidden & someone[:, 1:]).sum(axis=1) == 1
            candidates = someone[:, 1:] & ~segment_hidden
            pick = np.argmin(
                np.where(
                    candidates,
                    segment_size * (n_segments + 1) + name_rank[None, :, None],
                    np.iinfo(np.int64).max,
                ),
                axis=1,
            )
            line, month = np.nonzero(one_hidden & ~hidden[:, 0] & candidates.any(axis=1))
            hidden[line, 1 + pick[line, month], month] = True
        if int(hidden.sum()) == before:
            return hidden


def _lines(counts, hidden, segments, months, min_size) -> tuple[AttritionLine, ...]:
    """The answer's lines: figures, rates and annualized rates, or markers where hidden. An
    annualized rate is hidden when any of its months is: the sum minus the shown months would
    give the hidden one away."""
    segment_values, line_segments = segments
    start = counts[..., _HEADCOUNT_START]
    average = (start + counts[..., _HEADCOUNT_END]) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = {
            measure: np.where(average == 0, np.nan, counts[..., measure] / np.where(average == 0, 1, average))
            for measure in (_SEPARATIONS, _VOLUNTARY, _INVOLUNTARY)
        }
    marker = Suppressed(min_size)
    # Every group's whole-selection line first, then each group's segments.
    order = [(line, 0) for line in range(len(GROUP_ORDER))] + [
        (line, i + 1)
        for line in range(len(GROUP_ORDER))
        for i, value in enumerate(segment_values)
        if i + 1 in line_segments[line]
    ]
    built = []
    for line_index, segment in order:
        cells = counts[line_index, segment].tolist()
        line_hidden = hidden[line_index, segment].tolist()
        line_rates = [
            [None if r != r else r for r in rates[m][line_index, segment].tolist()]
            for m in (_SEPARATIONS, _VOLUNTARY, _INVOLUNTARY)
        ]
        month_rows = tuple(
            AttritionMonth(month, *([marker] * 9))
            if is_hidden
            else AttritionMonth(month, *values[:6], rate, voluntary, involuntary)
            for month, values, is_hidden, rate, voluntary, involuntary in zip(
                months, cells, line_hidden, *line_rates, strict=True
            )
        )
        annualized = [
            marker if any(line_hidden) else annualized_turnover([r for r in series if r is not None])
            for series in line_rates
        ]
        built.append(
            AttritionLine(
                group=GROUP_ORDER[line_index],
                segment=None if segment == 0 else segment_values[segment - 1],
                months=month_rows,
                annualized_rate=annualized[0],
                annualized_voluntary_rate=annualized[1],
                annualized_involuntary_rate=annualized[2],
            )
        )
    return tuple(built)
