"""What the analytics selectors return: frozen dataclasses of numbers.

No person's name, no note, no goal or check-in text ever appears here; the only words are
dimension labels (a department name, a group name such as ``"participants"``). Every figure
is a ``Figure``: an int or float, ``Suppressed`` when its group is below the organization's
minimum size, or ``None`` when it is not defined (an empty denominator, a window not yet
ended). Rates are fractions (0.05 = 5 %), except in ``PurposeProgress``, which speaks the
program's own unit (percent).
"""

import datetime
from dataclasses import dataclass

from analytics.suppression import Figure


class Group:
    """The groups figures are reported for.

    - ``participants``: the mentees and/or mentors (``AnalyticsFilter.role``) of the selected
      cohorts, followed from their cohort's start date. Pooled over cohorts, so someone in two
      selected cohorts counts once per cohort.
    - ``comparison``: the comparison groups of those cohorts and roles (see
      ``analytics/comparison.py``): non-participants matched on department, level and tenure
      on the cohort's start day, who would have been eligible then.
    - ``non_participants``: everyone in the organization who had not started any cohort (as
      mentee or mentor) by the end of the month / the cohort's start day.
    - ``everyone``: the whole organization (non-participants plus participants of any cohort,
      each person once).
    """

    PARTICIPANTS = "participants"
    COMPARISON = "comparison"
    NON_PARTICIPANTS = "non_participants"
    EVERYONE = "everyone"
    # The three groups the twelve-month figures compare, in their reporting order.
    COMPARED = (PARTICIPANTS, COMPARISON, NON_PARTICIPANTS)


@dataclass(frozen=True)
class AnalyticsFilter:
    """The filters every analytics selector accepts; each selector's docstring says which apply.

    - ``program_id`` / ``cohort_id``: only these cohorts' participants and comparison groups
      (a program has one cohort). Ids of another organization match nothing.
    - ``department`` / ``level``: only people in that department / at that level on the day
      each figure counts them (see ``analytics/definitions.py``).
    - ``period_start`` / ``period_end``: months (any day of the month; the whole month counts).
      Attrition defaults to the twelve complete months before the facts' ``as_of`` month.
      Retention, curves and talent outcomes keep the cohorts that started within the period;
      curves are censored at ``period_end`` when it is before the facts' ``as_of``.
    - ``role``: ``"mentee"`` or ``"mentor"``; ``None`` means both.
    """

    program_id: int | None = None
    cohort_id: int | None = None
    department: str | None = None
    level: int | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    role: str | None = None


# --- Facts status --------------------------------------------------------------------------


@dataclass(frozen=True)
class FactsStatus:
    """When the facts were last rebuilt and what they cover, for filter choices and footers.

    ``refreshed_at`` is None when the facts were never built (every other selector then returns
    empty figures). ``as_of`` is the organization's date the refresh counted up to (its
    "today"); ``first_month`` / ``last_month`` are the first days of the first and last months
    in the monthly facts (the last one is partial: it runs to ``as_of``). ``departments`` and
    ``levels`` are the values present in the facts; ``cohort_ids`` the cohorts that have facts.
    """

    refreshed_at: datetime.datetime | None
    as_of: datetime.date | None
    first_month: datetime.date | None
    last_month: datetime.date | None
    departments: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    cohort_ids: tuple[int, ...] = ()
    min_group_size: int = 5


# --- Attrition ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttritionMonth:
    """One month of one group (and segment).

    - ``month``: the first day of the month.
    - ``headcount_start``: headcount on the last day of the previous month.
    - ``headcount_end``: headcount on the last day of this month.
    - ``hires``: people hired during the month.
    - ``separations``: people whose termination date falls in the month (all types, including
      any without a recorded type); ``voluntary_separations`` / ``involuntary_separations``
      by termination type.
    - ``rate``: monthly turnover = separations ÷ ((headcount_start + headcount_end) ÷ 2);
      ``voluntary_rate`` / ``involuntary_rate`` the same with those separations only. None when
      the average headcount is zero.

    The whole month is ``Suppressed`` together when the group had anyone that month and either
    of its two headcounts is below the minimum, or by secondary suppression.
    """

    month: datetime.date
    headcount_start: Figure
    headcount_end: Figure
    hires: Figure
    separations: Figure
    voluntary_separations: Figure
    involuntary_separations: Figure
    rate: Figure
    voluntary_rate: Figure
    involuntary_rate: Figure


@dataclass(frozen=True)
class AttritionLine:
    """The monthly series of one group, for the whole selection or one segment of it.

    - ``group``: a ``Group`` value.
    - ``segment``: None for the whole selection; with ``by="department"`` a department name,
      with ``by="level"`` a level number.
    - ``months``: one ``AttritionMonth`` per month of the period, oldest first.
    - ``annualized_rate``: the sum of the monthly rates × 12 ÷ the number of months (over
      twelve months this is the annual turnover; over fewer, the year-to-date annualized
      rate). ``annualized_voluntary_rate`` / ``annualized_involuntary_rate`` likewise.
      Suppressed when any month is (otherwise the hidden month could be recovered).
    """

    group: str
    segment: str | int | None
    months: tuple[AttritionMonth, ...]
    annualized_rate: Figure
    annualized_voluntary_rate: Figure
    annualized_involuntary_rate: Figure


@dataclass(frozen=True)
class AttritionSeries:
    """Monthly attrition of participants, their comparison group, non-participants and everyone.

    - ``period_start`` / ``period_end``: first days of the first and last months covered.
    - ``as_of``: the facts' date (see ``FactsStatus``); a month after it is never included.
    - ``by``: None, ``"department"`` or ``"level"``: lines per segment come after the
      whole-selection line of each group.
    - ``lines``: the whole-selection line (segment None) of each group in ``Group`` order, then
      each group's lines per segment, in the same group order, segments sorted.
    """

    period_start: datetime.date | None
    period_end: datetime.date | None
    as_of: datetime.date | None
    min_group_size: int
    by: str | None
    lines: tuple[AttritionLine, ...]

    def line(self, group: str, segment: str | int | None = None) -> AttritionLine | None:
        for line in self.lines:
            if line.group == group and line.segment == segment:
                return line
        return None


# --- Retention and talent outcomes (12 months from each cohort's start) ---------------------


@dataclass(frozen=True)
class GroupRetention:
    """Twelve-month retention of one group, pooled over the selected cohorts.

    - ``headcount_start``: people of the group in the headcount on their cohort's start day A.
    - ``retained``: of those, people still in the headcount on A + 12 months.
    - ``rate``: retained ÷ headcount_start.
    - ``voluntary_leavers`` / ``involuntary_leavers``: of those, people who left (A, A + 12
      months] with that termination type; ``voluntary_attrition_rate`` /
      ``involuntary_attrition_rate`` divide them by headcount_start.
    - ``cohorts_counted``: cohorts whose twelve months have ended (by ``as_of``) and are in
      the figures; ``cohorts_pending``: selected cohorts still inside their first twelve
      months, left out of the figures.
    """

    group: str
    headcount_start: Figure
    retained: Figure
    rate: Figure
    voluntary_leavers: Figure
    involuntary_leavers: Figure
    voluntary_attrition_rate: Figure
    involuntary_attrition_rate: Figure
    cohorts_counted: int
    cohorts_pending: int


@dataclass(frozen=True)
class RetentionSummary:
    """Twelve-month retention of participants, comparison and non-participants (in that order)."""

    as_of: datetime.date | None
    min_group_size: int
    groups: tuple[GroupRetention, ...]

    def group(self, name: str) -> GroupRetention | None:
        return next((g for g in self.groups if g.group == name), None)


@dataclass(frozen=True)
class GroupTalentOutcomes:
    """Promotions and internal moves within twelve months of the cohort's start.

    - ``headcount_start``: people of the group in the headcount on the cohort's start day.
    - ``promoted``: of those, people whose level rose at least once in (A, A + 12 months];
      ``promotion_rate`` = promoted ÷ headcount_start.
    - ``moved``: people whose department changed at least once in that window;
      ``move_rate`` = moved ÷ headcount_start.
    - ``talent_flagged``: people of the group carrying a talent flag from their cohort (council
      members and managers flag mentees: cohorts' ``TalentFlag``), as of the last refresh.
    - ``cohorts_counted`` / ``cohorts_pending``: as in ``GroupRetention``.
    """

    group: str
    headcount_start: Figure
    promoted: Figure
    promotion_rate: Figure
    moved: Figure
    move_rate: Figure
    cohorts_counted: int
    cohorts_pending: int
    talent_flagged: Figure = None


@dataclass(frozen=True)
class TalentOutcomes:
    """Talent outcomes of participants, comparison and non-participants (in that order)."""

    as_of: datetime.date | None
    min_group_size: int
    groups: tuple[GroupTalentOutcomes, ...]

    def group(self, name: str) -> GroupTalentOutcomes | None:
        return next((g for g in self.groups if g.group == name), None)


# --- Retention curves (Kaplan–Meier) -------------------------------------------------------


@dataclass(frozen=True)
class CurveStep:
    """One step of a Kaplan–Meier curve, at a day when someone left.

    - ``day``: days since the cohort's start (0 = start day).
    - ``at_risk``: people still followed just before that day.
    - ``events``: people who left on that day (the curve's event: see ``RetentionCurves.event``).
    - ``censored``: people whose follow-up ended on that day without the event (followed up to
      ``as_of`` / ``period_end``, or left for a reason that is not the event).
    - ``survival``: the estimated share still employed after that day.
    - ``lower`` / ``upper``: its 95 % confidence band (Greenwood variance, log-log transformed);
      None where it is not defined (survival 0 or 1).
    """

    day: int
    at_risk: int
    events: int
    censored: int
    survival: float
    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class RetentionCurve:
    """The Kaplan–Meier curve of one group, pooled over the selected cohorts.

    - ``people``: people in the group followed from their cohort's start day.
    - ``steps``: the curve's steps, first day first; the curve starts at 1.0 on day 0. Steps
      stop before the number at risk drops below the minimum group size (so the tail never
      describes fewer people than that). ``Suppressed`` when the group itself is too small.
    - ``followed_days``: the longest follow-up in days.
    """

    group: str
    people: Figure
    steps: "tuple[CurveStep, ...] | Figure"
    followed_days: int


@dataclass(frozen=True)
class LogRankTest:
    """Log-rank test of equal survival between participants and comparison (one degree of freedom).

    ``observed`` / ``expected`` are the participants' events and their expectation under equal
    survival. ``p_value`` from the chi-square distribution.
    """

    chi_square: float
    p_value: float
    observed: float
    expected: float


@dataclass(frozen=True)
class RetentionCurves:
    """Retention curves since cohort start for participants and comparison, and their log-rank test.

    - ``event``: ``"any"`` (every separation is the event) or ``"voluntary"`` (voluntary
      separations; other separations end follow-up as censored).
    - ``censored_at``: the date follow-up ends (``as_of``, or ``period_end``'s last day if earlier).
    - ``log_rank``: None when either curve is suppressed or empty.
    - ``confidence``: how the bands are computed.
    """

    as_of: datetime.date | None
    min_group_size: int
    event: str
    censored_at: datetime.date | None
    curves: tuple[RetentionCurve, ...]
    log_rank: LogRankTest | None
    confidence: str = "95% pointwise, Greenwood variance, log(-log) transformed"

    def curve(self, name: str) -> RetentionCurve | None:
        return next((c for c in self.curves if c.group == name), None)


# --- Engagement -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EngagementMonth:
    """One month of the selected cohorts' mentoring activity.

    - ``active_pairs``: pairs (or groups, or circles) published by the month's end and not
      ended before it began.
    - ``pairs_that_met``: active pairs with at least one meeting held in the month.
    - ``meetings_held``: meetings logged as held in the month; ``meetings_per_pair`` =
      meetings_held ÷ active_pairs.
    - ``sessions_held``: learning sessions that took place in the month.
    - ``attendance_expected``: seats (participants × sessions meant for their role);
      ``attendance_recorded``: of those, attended; ``attendance_rate`` their ratio.
    - ``checkins_answered``: relationship check-ins answered in the month;
      ``usefulness_average`` (1–5), ``would_continue_share``, ``met_as_planned_share`` over the
      answers that gave them. Only numbers: the free-text comment is never read.

    Pair figures are suppressed when the month's active pairs hold fewer people than the
    minimum; check-in figures when fewer people answered; attendance when fewer were expected.
    """

    month: datetime.date
    active_pairs: Figure
    pairs_that_met: Figure
    meetings_held: Figure
    meetings_per_pair: Figure
    sessions_held: Figure
    attendance_expected: Figure
    attendance_recorded: Figure
    attendance_rate: Figure
    checkins_answered: Figure
    usefulness_average: Figure
    would_continue_share: Figure
    met_as_planned_share: Figure


@dataclass(frozen=True)
class GoalCompletion:
    """Goal plans of the selected cohorts' participants, as they stand at the refresh.

    ``people`` with a plan; ``goals`` by status (``not_started``, ``on_track``, ``at_risk``,
    ``done``); ``completion_rate`` = done ÷ goals; milestones total and completed. Suppressed
    when fewer people than the minimum keep plans.
    """

    people: Figure
    goals: Figure
    not_started: Figure
    on_track: Figure
    at_risk: Figure
    done: Figure
    completion_rate: Figure
    milestones: Figure
    milestones_completed: Figure


@dataclass(frozen=True)
class EngagementSummary:
    """Engagement of the selected cohorts: monthly activity and goal completion.

    ``meetings_per_pair_per_month`` is the period's meetings held ÷ the sum over months of
    active pairs (pair-months). Department and level filters do not apply (pairs cross
    departments by design); ``role`` applies to attendance, check-ins and goals.
    """

    as_of: datetime.date | None
    min_group_size: int
    months: tuple[EngagementMonth, ...]
    meetings_per_pair_per_month: Figure
    goals: GoalCompletion


# --- Purpose --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurposeProgress:
    """A program's purpose target next to the measured figure.

    - ``measure``: which figure the program's purpose is measured by (``PURPOSE_MEASURES``):
      ``"voluntary_attrition_12m"`` (retention), ``"retention_12m"`` (engagement, inclusion,
      onboarding, knowledge transfer), ``"promotion_rate_12m"`` (leadership pipeline); ``""``
      for a custom purpose, whose figure Lodestar cannot know (``actual`` is then None).
    - ``baseline`` / ``target`` / ``target_by``: as the program states them (percent).
    - ``actual``: the measure for the program's participants (mentees and mentors), in percent;
      ``comparison``: the same for their comparison group; ``non_participants`` the same for
      everyone else. None until twelve months after the cohort's start.
    - ``lower_is_better``: True when the target is below the baseline.
    - ``target_met``: whether ``actual`` reaches the target (None when either is unknown).
    """

    program_id: int
    purpose: str
    measure: str
    baseline: float | None
    target: float | None
    target_by: datetime.date | None
    actual: Figure
    comparison: Figure
    non_participants: Figure
    lower_is_better: bool | None
    target_met: bool | None
    as_of: datetime.date | None = None


# The default of every selector's ``filters``: the whole organization, default period.
NO_FILTER = AnalyticsFilter()


# --- Comparison balance --------------------------------------------------------------------


@dataclass(frozen=True)
class BalanceRow:
    """One matching variable: ``"department:<name>"`` and ``"level:<n>"`` as indicator proportions
    (0–1), ``"tenure_months"`` as a mean; ``smd`` the standardized mean difference
    (participants − comparison), |SMD| < 0.1 being the usual mark of good balance."""

    variable: str
    participants: Figure
    comparison: Figure
    smd: Figure


@dataclass(frozen=True)
class RoleBalance:
    """How one role's comparison group of a cohort was drawn and how well it matches.

    ``seed``, ``k`` and ``tenure_band_months`` are the draw's settings; ``participants`` the
    participants in the headcount on the start day; ``fully_matched`` those who got all k
    matches; ``comparison`` the people drawn. ``variables`` is ``Suppressed`` (as are the
    counts) when there are fewer participants than the minimum group size. When the comparison
    group alone is below it, ``comparison``, ``fully_matched`` (k × it bounds the comparison's
    size) and each variable's ``comparison`` and ``smd`` are ``Suppressed``; the participants'
    figures stay.
    """

    role: str
    seed: int
    k: int
    tenure_band_months: int
    participants: Figure
    fully_matched: Figure
    comparison: Figure
    variables: "tuple[BalanceRow, ...] | Figure"


@dataclass(frozen=True)
class ComparisonBalance:
    cohort_id: int
    min_group_size: int
    roles: tuple[RoleBalance, ...]
