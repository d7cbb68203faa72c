"""The dashboard's sections: each one chart (or a few) and the table of its figures.

``Figures`` calls each selector at most once per request, only when a section asks for it, so
the whole dashboard costs a fixed number of queries whatever the filters, and a CSV download
reads only what its section shows. Every section's table is the accessible table under its
chart and, through ``Table.csv_rows``, its CSV file: the page and the file cannot disagree.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from analytics import charts, selectors
from analytics.definitions import month_start
from analytics.selectors import AnalyticsFilter, Group, Suppressed
from analytics.tables import Column, Kind, Table
from organizations.models import Organization
from programs.models import Program

GROUP_NAMES = {
    Group.PARTICIPANTS: "Participants",
    Group.COMPARISON: "Comparison group",
    Group.NON_PARTICIPANTS: "Non-participants",
    Group.EVERYONE: "Everyone",
}
COMPARED = (Group.PARTICIPANTS, Group.COMPARISON, Group.NON_PARTICIPANTS)
MEASURE_NAMES = {
    "voluntary_attrition_12m": "12-month voluntary attrition",
    "retention_12m": "12-month retention",
    "promotion_rate_12m": "12-month promotion rate",
    "": "set by the program (not measured here)",
}
DIRECTION = {True: " (lower is better)", False: " (higher is better)"}


@dataclass(frozen=True)
class Section:
    slug: str  # the CSV's name and the section's anchor
    title: str
    table: Table
    charts: tuple = ()
    csv: Table | None = None  # the CSV's table when it holds more than the page's
    notes: tuple[str, ...] = ()
    extra_tables: tuple[Table, ...] = ()
    facts: dict = field(default_factory=dict)  # section-specific figures for the template

    @property
    def csv_table(self) -> Table:
        return self.csv or self.table

    @property
    def csv_url_name(self) -> str:
        return f"analytics:csv_{self.slug}"


class Figures:
    """The selectors' results for one organization and filter, fetched on first use."""

    def __init__(
        self,
        *,
        organization: Organization,
        filters: AnalyticsFilter,
        event: str = "any",
        by: str | None = None,
        programs: list[Program] | None = None,
        program_of_cohort: dict[int, int] | None = None,
    ):
        self.organization = organization
        self.filters = filters
        self.event = event
        self.by = by
        self._programs = programs or []
        self._program_of_cohort = program_of_cohort or {}

    @cached_property
    def status(self):
        return selectors.facts_status(organization=self.organization)

    @property
    def min_group_size(self) -> int:
        return self.organization.min_group_size

    @cached_property
    def attrition(self):
        return selectors.attrition_series(organization=self.organization, filters=self.filters, by=self.by)

    @cached_property
    def retention(self):
        return selectors.retention_summary(organization=self.organization, filters=self.filters)

    @cached_property
    def curves(self):
        return selectors.retention_curves(
            organization=self.organization, filters=self.filters, event=self.event
        )

    @cached_property
    def talent(self):
        return selectors.talent_outcomes(organization=self.organization, filters=self.filters)

    @cached_property
    def engagement(self):
        return selectors.engagement_summary(organization=self.organization, filters=self.filters)

    @cached_property
    def purpose(self) -> list[tuple[Program, object]]:
        programs = self._programs
        if self.filters.program_id is not None:
            programs = [p for p in programs if p.pk == self.filters.program_id]
        # Every program in the same two queries, however many there are.
        progress = selectors.purpose_progress_of_programs(organization=self.organization, programs=programs)
        return list(zip(programs, progress, strict=True))

    @cached_property
    def balance(self):
        """The comparison groups' balance of the one cohort selected (by cohort, or the first of
        the program's in ``program_of_cohort``); None when the filters name none (balance is
        per cohort: its own draw, its own class)."""
        cohort_id = self.filters.cohort_id
        if cohort_id is None and self.filters.program_id is not None:
            cohort_id = next(
                (c for c, p in self._program_of_cohort.items() if p == self.filters.program_id), None
            )
        if cohort_id is None:
            return None
        return selectors.comparison_balance(organization=self.organization, cohort_id=cohort_id)


# --- Attrition ----------------------------------------------------------------------------------


def _rate_field(event: str) -> str:
    return "voluntary_rate" if event == "voluntary" else "rate"


def turnover_section(figures: Figures) -> Section:
    series = figures.attrition
    field_name = _rate_field(figures.event)
    lines = [series.line(group) for group in COMPARED]
    months = [m.month for m in next((line.months for line in lines if line), ())]
    kind = "voluntary turnover" if figures.event == "voluntary" else "turnover (all separations)"
    chart = charts.month_line_chart(
        title=f"Monthly {kind}",
        description=(
            f"Monthly {kind} of participants, their comparison group and non-participants, "
            f"{_period(months)}. The table below gives every value."
        ),
        months=months,
        series=[
            (group, GROUP_NAMES[group], [getattr(m, field_name) for m in line.months])
            for group, line in zip(COMPARED, lines, strict=True)
            if line is not None
        ],
        min_group_size=series.min_group_size,
    )
    table = Table.of(
        f"Monthly {kind}",
        [Column("Month", Kind.MONTH)] + [Column(GROUP_NAMES[g], Kind.RATE) for g in COMPARED],
        [
            [month] + [getattr(line.months[i], field_name) if line else None for line in lines]
            for i, month in enumerate(months)
        ],
    )
    annual = Table.of(
        "Annualized turnover over the period",
        [
            Column("Group"),
            Column("Breakdown"),
            Column("All separations", Kind.RATE),
            Column("Voluntary", Kind.RATE),
            Column("Involuntary", Kind.RATE),
        ],
        [
            [
                GROUP_NAMES[line.group],
                _segment(series.by, line.segment),
                line.annualized_rate,
                line.annualized_voluntary_rate,
                line.annualized_involuntary_rate,
            ]
            for line in series.lines
            if line.segment is None or series.by
        ],
    )
    csv = Table.of(
        "Monthly attrition",
        [
            Column("Month", Kind.MONTH),
            Column("Group"),
            Column("Breakdown"),
            Column("Headcount at start", Kind.COUNT),
            Column("Headcount at end", Kind.COUNT),
            Column("Hires", Kind.COUNT),
            Column("Separations", Kind.COUNT),
            Column("Voluntary separations", Kind.COUNT),
            Column("Involuntary separations", Kind.COUNT),
            Column("Turnover", Kind.RATE),
            Column("Voluntary turnover", Kind.RATE),
            Column("Involuntary turnover", Kind.RATE),
        ],
        [
            [
                m.month,
                GROUP_NAMES[line.group],
                _segment(series.by, line.segment),
                m.headcount_start,
                m.headcount_end,
                m.hires,
                m.separations,
                m.voluntary_separations,
                m.involuntary_separations,
                m.rate,
                m.voluntary_rate,
                m.involuntary_rate,
            ]
            for line in series.lines
            for m in line.months
        ],
    )
    return Section(
        slug="turnover",
        title="Attrition over time",
        table=table,
        charts=(chart,),
        csv=csv,
        extra_tables=(annual,),
        notes=(
            "Monthly turnover = separations in the month ÷ the average of the headcounts on the last "
            "day of the month before and of the month. Annualized = the sum of the monthly rates × 12 "
            "÷ the number of months.",
        ),
        facts={"annual": _annual_tiles(series)},
    )


def _annual_tiles(series) -> list[dict]:
    return [
        {
            "group": group,
            "name": GROUP_NAMES[group],
            "rate": line.annualized_rate,
            "voluntary": line.annualized_voluntary_rate,
            "involuntary": line.annualized_involuntary_rate,
        }
        for group in COMPARED
        if (line := series.line(group)) is not None
    ]


def _segment(by: str | None, segment) -> str:
    if segment is None:
        return "All" if by else ""
    return f"Level {segment}" if by == "level" else str(segment)


def _period(months: list[datetime.date]) -> str:
    if not months:
        return "with no months to show"
    return f"from {months[0]:%B %Y} to {months[-1]:%B %Y}"


def headcount_section(figures: Figures) -> Section:
    series = figures.attrition
    lines = [series.line(group) for group in COMPARED]
    months = [m.month for m in next((line.months for line in lines if line), ())]
    small = [
        charts.month_line_chart(
            title=f"Headcount: {GROUP_NAMES[group].lower()}",
            description=f"People in the headcount on the last day of each month, {_period(months)}.",
            months=months,
            series=[(group, GROUP_NAMES[group], [m.headcount_end for m in line.months])],
            unit="count",
            height=170,
            width=340,
            min_group_size=series.min_group_size,
        )
        for group, line in zip(COMPARED, lines, strict=True)
        if line is not None
    ]
    table = Table.of(
        "Headcount on the last day of each month",
        [Column("Month", Kind.MONTH)] + [Column(GROUP_NAMES[g], Kind.COUNT) for g in COMPARED],
        [
            [month] + [line.months[i].headcount_end if line else None for line in lines]
            for i, month in enumerate(months)
        ],
    )
    return Section(
        slug="headcount",
        title="Headcount",
        table=table,
        charts=tuple(small),
        notes=(
            "In the headcount on a day: hired on or before it and not terminated on or before it. "
            "Each panel has its own scale.",
        ),
    )


# --- Twelve-month retention and talent ---------------------------------------------------------


def retention_section(figures: Figures) -> Section:
    summary = figures.retention
    groups = [summary.group(g) for g in COMPARED]
    chart = charts.bar_chart(
        title="Twelve months after the cohort's start",
        description=(
            "For each group, the share still employed twelve months after the cohort's start, and the "
            "shares who left voluntarily and involuntarily."
        ),
        rows=[
            (
                GROUP_NAMES[g.group],
                [
                    ("retained", "Still employed", g.rate),
                    ("voluntary", "Left voluntarily", g.voluntary_attrition_rate),
                    ("involuntary", "Left involuntarily", g.involuntary_attrition_rate),
                    ("other", "Left, type not recorded", _untyped_share(g)),
                ],
            )
            for g in groups
            if g is not None
        ],
        stacked=True,
        scale_top=1.0,
        value_word="stayed",
    )
    table = Table.of(
        "Twelve-month retention from each cohort's start",
        [
            Column("Group"),
            Column("In the headcount at the start", Kind.COUNT),
            Column("Still there after 12 months", Kind.COUNT),
            Column("Retention", Kind.RATE),
            Column("Left voluntarily", Kind.COUNT),
            Column("Left involuntarily", Kind.COUNT),
            Column("Voluntary attrition", Kind.RATE),
            Column("Involuntary attrition", Kind.RATE),
            Column("Cohorts counted", Kind.COUNT),
            Column("Cohorts still in their first year", Kind.COUNT),
        ],
        [
            [
                GROUP_NAMES[g.group],
                g.headcount_start,
                g.retained,
                g.rate,
                g.voluntary_leavers,
                g.involuntary_leavers,
                g.voluntary_attrition_rate,
                g.involuntary_attrition_rate,
                g.cohorts_counted,
                g.cohorts_pending,
            ]
            for g in groups
            if g is not None
        ],
    )
    pending = max((g.cohorts_pending for g in groups if g), default=0)
    counted = max((g.cohorts_counted for g in groups if g), default=0)
    notes = [
        "Retention = people in the headcount on the cohort's start day who are still in it twelve months "
        "later ÷ the headcount on the start day. Pooled over the selected cohorts."
    ]
    if pending:
        notes.append(
            f"{pending} selected cohort{'s are' if pending != 1 else ' is'} still inside its first twelve "
            "months and not counted yet."
        )
    return Section(
        slug="retention",
        title="12-month retention",
        table=table,
        charts=(chart,),
        notes=tuple(notes),
        facts={"counted": counted, "pending": pending},
    )


def _untyped_share(group) -> object:
    """The leavers with no recorded type: what the other three parts leave of the whole (shown
    only when all three are, so it reveals nothing they do not)."""
    parts = (group.rate, group.voluntary_attrition_rate, group.involuntary_attrition_rate)
    if not all(charts.is_number(p) for p in parts):
        return None
    rest = 1 - sum(parts)
    return rest if rest > 0.0005 else None


def talent_section(figures: Figures) -> Section:
    outcomes = figures.talent
    groups = [outcomes.group(g) for g in COMPARED]
    chart = charts.bar_chart(
        title="Promotions and internal moves within twelve months",
        description=(
            "For each group, the share promoted at least once, and the share who moved to another "
            "department, within twelve months of the cohort's start."
        ),
        rows=[
            (
                GROUP_NAMES[g.group],
                [("promoted", "Promoted", g.promotion_rate), ("moved", "Moved department", g.move_rate)],
            )
            for g in groups
            if g is not None
        ],
    )
    table = Table.of(
        "Talent outcomes within twelve months of each cohort's start",
        [
            Column("Group"),
            Column("In the headcount at the start", Kind.COUNT),
            Column("Promoted", Kind.COUNT),
            Column("Promotion rate", Kind.RATE),
            Column("Moved department", Kind.COUNT),
            Column("Move rate", Kind.RATE),
            Column("Talent flags", Kind.COUNT),
        ],
        [
            [
                GROUP_NAMES[g.group],
                g.headcount_start,
                g.promoted,
                g.promotion_rate,
                g.moved,
                g.move_rate,
                g.talent_flagged,
            ]
            for g in groups
            if g is not None
        ],
    )
    return Section(
        slug="talent",
        title="Talent outcomes",
        table=table,
        charts=(chart,),
        notes=(
            "Promoted: the level rose at least once within twelve months of the cohort's start. Talent flags "
            "are counted here once senior leaders can flag talent.",
        ),
    )


# --- Retention curves ---------------------------------------------------------------------------


def _survival_on(steps, day: int, end_day: int, attribute: str):
    if day > end_day:
        return None
    value = 1.0
    for step in steps:
        if step.day > day:
            break
        value = getattr(step, attribute)
    return value


def curves_section(figures: Figures) -> Section:
    result = figures.curves
    min_size = result.min_group_size
    inputs = []
    for group in (Group.PARTICIPANTS, Group.COMPARISON):
        curve = result.curve(group)
        if curve is None:
            continue
        hidden = isinstance(curve.steps, Suppressed)
        steps = () if hidden else curve.steps
        end_day = steps[-1].day if steps else 0
        inputs.append(charts.CurveInput(group, GROUP_NAMES[group], steps, end_day, hidden=hidden))
    event = "voluntary separation" if result.event == "voluntary" else "any separation"
    chart = charts.survival_chart(
        title="Still employed since the cohort's start",
        description=(
            f"Kaplan–Meier estimate of the share still employed (until {event}) by time since the "
            "cohort's start, with 95 % confidence bands, for participants and their comparison group."
        ),
        curves=inputs,
        min_group_size=min_size,
    )
    days = charts.tick_days(chart)
    at_risk = [
        (
            item.name,
            item.key,
            [
                Suppressed(min_size)
                if item.hidden
                else charts.at_risk_on(item.steps, d, item.end_day, min_size)
                for d in days
            ],
        )
        for item in inputs
    ]
    chart = charts.with_footer(
        chart,
        [(key, name, [_at_risk_text(count) for count in counts]) for name, key, counts in at_risk],
    )
    columns = [Column("Months since start")]
    for item in inputs:
        columns += [
            Column(f"{item.name}: still employed", Kind.RATE),
            Column(f"{item.name}: 95 % band low", Kind.RATE),
            Column(f"{item.name}: 95 % band high", Kind.RATE),
            Column(f"{item.name}: at risk", Kind.COUNT),
        ]
    rows = []
    for index, (tick, day) in enumerate(zip(chart.x_ticks, days, strict=True)):
        row = [tick.label]
        for item, (_, _, counts) in zip(inputs, at_risk, strict=True):
            if item.hidden:
                row += [Suppressed(min_size)] * 4
                continue
            row += [
                _survival_on(item.steps, day, item.end_day, "survival"),
                _survival_on(item.steps, day, item.end_day, "lower") if day else None,
                _survival_on(item.steps, day, item.end_day, "upper") if day else None,
                counts[index],
            ]
        rows.append(row)
    table = Table.of("Share still employed by months since the cohort's start", columns, rows)
    csv = Table.of(
        "Kaplan–Meier steps",
        [
            Column("Group"),
            Column("Day", Kind.COUNT),
            Column("At risk", Kind.COUNT),
            Column("Left", Kind.COUNT),
            Column("Censored", Kind.COUNT),
            Column("Still employed", Kind.RATE),
            Column("95 % band low", Kind.RATE),
            Column("95 % band high", Kind.RATE),
        ],
        [
            [item.name, s.day, s.at_risk, s.events, s.censored, s.survival, s.lower, s.upper]
            for item in inputs
            for s in item.steps
        ]
        + [[item.name] + [Suppressed(min_size)] * 7 for item in inputs if item.hidden],
    )
    test = result.log_rank
    notes = [
        f"Time runs from each cohort's start; people still employed are followed up to "
        f"{result.censored_at:%-d %B %Y}."
        if result.censored_at
        else "No follow-up yet.",
        "A curve stops where fewer than "
        f"{min_size} people are still followed, so its tail never describes a handful of people.",
    ]
    return Section(
        slug="curves",
        title="Retention curves",
        table=table,
        charts=(chart,),
        csv=csv,
        notes=tuple(notes),
        facts={"at_risk": at_risk, "log_rank": test, "event": result.event, "confidence": result.confidence},
    )


def _at_risk_text(count) -> str:
    if isinstance(count, Suppressed):
        return f"<{count.min_group_size}"
    return "" if count is None else f"{count:,}"


# --- Engagement ---------------------------------------------------------------------------------


def engagement_section(figures: Figures) -> Section:
    summary = figures.engagement
    # The facts' own month runs only to their "as of" day; a partial month would read as a drop.
    complete = [m for m in summary.months if summary.as_of is None or m.month < month_start(summary.as_of)]
    months = [m.month for m in complete]
    small = [
        charts.month_line_chart(
            title="Meetings per active pair",
            description=f"Meetings held per active pair in each month, {_period(months)}.",
            months=months,
            series=[("participants", "Meetings per pair", [m.meetings_per_pair for m in complete])],
            unit="number",
            height=170,
            width=340,
            min_group_size=summary.min_group_size,
        ),
        charts.month_line_chart(
            title="Learning-session attendance",
            description=f"Share of expected seats taken at learning sessions each month, {_period(months)}.",
            months=months,
            series=[("participants", "Attendance", [m.attendance_rate for m in complete])],
            height=170,
            width=340,
            min_group_size=summary.min_group_size,
        ),
    ]
    table = Table.of(
        "Mentoring activity by month",
        [
            Column("Month", Kind.MONTH),
            Column("Active pairs", Kind.COUNT),
            Column("Pairs that met", Kind.COUNT),
            Column("Meetings held", Kind.COUNT),
            Column("Meetings per pair", Kind.NUMBER),
            Column("Learning sessions", Kind.COUNT),
            Column("Attendance", Kind.RATE),
            Column("Check-ins answered", Kind.COUNT),
            Column("Usefulness (1–5)", Kind.NUMBER),
            Column("Would continue", Kind.RATE),
        ],
        [
            [
                m.month,
                m.active_pairs,
                m.pairs_that_met,
                m.meetings_held,
                m.meetings_per_pair,
                m.sessions_held,
                m.attendance_rate,
                m.checkins_answered,
                m.usefulness_average,
                m.would_continue_share,
            ]
            for m in complete
        ],
    )
    goals = summary.goals
    goal_table = Table.of(
        "Goal plans of the selected cohorts' participants",
        [
            Column("People with a plan", Kind.COUNT),
            Column("Goals", Kind.COUNT),
            Column("Not started", Kind.COUNT),
            Column("On track", Kind.COUNT),
            Column("At risk", Kind.COUNT),
            Column("Done", Kind.COUNT),
            Column("Goals done", Kind.RATE),
            Column("Milestones", Kind.COUNT),
            Column("Milestones completed", Kind.COUNT),
        ],
        [
            [
                goals.people,
                goals.goals,
                goals.not_started,
                goals.on_track,
                goals.at_risk,
                goals.done,
                goals.completion_rate,
                goals.milestones,
                goals.milestones_completed,
            ]
        ],
    )
    latest = complete[-1] if complete else None
    return Section(
        slug="engagement",
        title="Engagement",
        table=table,
        charts=tuple(small),
        extra_tables=(goal_table,),
        notes=(
            "Meetings per pair per month over the period = meetings held ÷ the sum over months of "
            "active pairs. Department and level filters do not apply here: pairs cross departments.",
            "Complete months only: the current month is counted once it is over.",
        ),
        facts={
            "meetings_per_pair_per_month": _period_ratio(complete, "meetings_held", "active_pairs"),
            "active_pairs": latest.active_pairs if latest else None,
            "completion_rate": goals.completion_rate,
            "attendance": _period_ratio(complete, "attendance_recorded", "attendance_expected"),
        },
    )


def _period_ratio(months, numerator: str, denominator: str) -> object:
    """Sum of one monthly count ÷ sum of another over the complete months; hidden when any month
    is (the hidden month could otherwise be worked out from the total)."""
    top = bottom = 0
    for m in months:
        for value in (getattr(m, numerator), getattr(m, denominator)):
            if isinstance(value, Suppressed):
                return value
        top += getattr(m, numerator) or 0
        bottom += getattr(m, denominator) or 0
    return top / bottom if bottom else None


# --- Purpose ------------------------------------------------------------------------------------


def purpose_section(figures: Figures) -> Section:
    rows = figures.purpose
    chart = charts.bullet_chart(
        title="Purpose target against the measured figure",
        description=(
            "For each program, its participants' measured figure as a bar, with the baseline, the target "
            "and the comparison group's figure marked on the same scale."
        ),
        rows=[
            (
                program.name,
                {
                    "baseline": progress.baseline,
                    "target": progress.target,
                    "actual": progress.actual,
                    "comparison": progress.comparison,
                },
                purpose_note(progress),
            )
            for program, progress in rows
        ],
    )
    table = Table.of(
        "Purpose targets and what the figures show",
        [
            Column("Program"),
            Column("Purpose"),
            Column("Measured by"),
            Column("Baseline", Kind.PERCENT),
            Column("Target", Kind.PERCENT),
            Column("Target by"),
            Column("Participants", Kind.PERCENT),
            Column("Comparison group", Kind.PERCENT),
            Column("Non-participants", Kind.PERCENT),
            Column("Target met"),
        ],
        [
            [
                program.name,
                program.purpose_label,
                _measure_name(progress),
                progress.baseline,
                progress.target,
                f"{progress.target_by:%-d %b %Y}" if progress.target_by else None,
                progress.actual,
                progress.comparison,
                progress.non_participants,
                {True: "yes", False: "not yet"}.get(progress.target_met),
            ]
            for program, progress in rows
        ],
    )
    return Section(
        slug="purpose",
        title="Purpose: target against actual",
        table=table,
        charts=(chart,) if rows else (),
        notes=(
            "Each program is measured by the twelve-month figure that fits its purpose, over its cohort's "
            "first twelve months (none until they have passed).",
        ),
    )


def _measure_name(progress) -> str:
    return MEASURE_NAMES.get(progress.measure, progress.measure) + DIRECTION.get(progress.lower_is_better, "")


def purpose_note(progress) -> str:
    if not progress.measure:
        return "custom purpose: not measured here"
    if progress.actual is None:
        return "no figure until the cohort's first twelve months have passed"
    return ""


# --- Comparison balance -------------------------------------------------------------------------


ROLE_NAMES = {"mentee": "Mentees", "mentor": "Mentors"}


def _variable(name: str) -> tuple[str, str]:
    """("Department", "Sales") from "department:Sales"; ("Tenure (months)", "") from "tenure_months"."""
    kind, _, value = name.partition(":")
    if kind == "tenure_months":
        return "Tenure (months)", ""
    return kind.capitalize(), (f"Level {value}" if kind == "level" else value)


def _variable_order(kind: str, value: str) -> tuple:
    """Departments by name, then levels by number, then tenure."""
    rank = {"Department": 0, "Level": 1}.get(kind, 2)
    number = int(value.split()[-1]) if kind == "Level" and value.split()[-1].isdigit() else 0
    return (rank, number, value)


def _variable_label(kind: str, value: str) -> str:
    if kind == "Department":
        return f"Department: {value}"
    return value or kind


def balance_section(figures: Figures) -> Section:
    balance = figures.balance
    wanted_role = figures.filters.role
    roles = [r for r in (balance.roles if balance else ()) if wanted_role in (None, r.role)]
    rows, dots = [], {}
    for role in roles:
        if isinstance(role.variables, Suppressed):
            rows.append(
                [ROLE_NAMES.get(role.role, role.role), "All", "", role.variables, role.variables, None]
            )
            continue
        for variable in role.variables:
            kind, value = _variable(variable.variable)
            rows.append(
                [
                    ROLE_NAMES.get(role.role, role.role),
                    kind,
                    value,
                    variable.participants,
                    variable.comparison,
                    variable.smd,
                ]
            )
            dots.setdefault((kind, value), []).append((role.role, variable.smd))
    table = Table.of(
        "Balance of the comparison group on the matching variables",
        [
            Column("Role"),
            Column("Variable"),
            Column("Value"),
            Column("Participants", Kind.NUMBER),
            Column("Comparison group", Kind.NUMBER),
            Column("Standardized mean difference", Kind.SMD),
        ],
        rows,
    )
    chart = None
    if dots:
        chart = charts.dot_chart(
            title="Standardized mean differences, participants against comparison",
            description=(
                "One row per matching variable; a dot per role at the standardized mean difference "
                "between participants and their comparison group. The shaded band from −0.1 to 0.1 "
                "marks good balance."
            ),
            rows=[
                (_variable_label(kind, value), series)
                for (kind, value), series in sorted(dots.items(), key=lambda item: _variable_order(*item[0]))
            ],
        )
    draws = [
        {
            "role": ROLE_NAMES.get(r.role, r.role),
            "participants": r.participants,
            "fully_matched": r.fully_matched,
            "comparison": r.comparison,
            "k": r.k,
            "tenure_band_months": r.tenure_band_months,
        }
        for r in roles
    ]
    return Section(
        slug="balance",
        title="How alike are the groups?",
        table=table,
        charts=(chart,) if chart else (),
        notes=(
            "Standardized mean difference (SMD) = the difference of the two groups' means ÷ their pooled "
            "standard deviation. Below 0.1 in absolute value is the usual mark of good balance. Shares for "
            "department and level, months for tenure.",
        ),
        facts={"available": balance is not None, "draws": draws},
    )


SECTIONS: dict[str, Callable[[Figures], Section]] = {
    "turnover": turnover_section,
    "headcount": headcount_section,
    "retention": retention_section,
    "curves": curves_section,
    "engagement": engagement_section,
    "talent": talent_section,
    "purpose": purpose_section,
    "balance": balance_section,
}
