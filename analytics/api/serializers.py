"""How the analytics API writes the selectors' results: numbers only, suppression made explicit.

A figure about fewer people than the organization's minimum group size is written as ``null``
and the row it belongs to carries ``"suppressed": true``. A ``null`` in a row with
``"suppressed": false`` means the figure is not defined (an empty denominator, a twelve-month
window that has not ended yet). No name, note or free text is ever written: groups are codes,
departments are the roster's department labels, programs are ids.
"""

from dataclasses import dataclass, fields, is_dataclass
from functools import cached_property
from operator import attrgetter

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from analytics.selectors import AttritionMonth, Suppressed

SUPPRESSED_HELP = (
    "True when one or more figures of this row describe fewer people than the organization's "
    "minimum group size: those figures are null. A null figure in a row that is not suppressed "
    "is undefined (no one to count, or a twelve-month window not yet over)."
)
GROUP_HELP = (
    "participants (the selected cohorts' mentees and/or mentors, from their cohort's start), "
    "comparison (their matched comparison groups), non_participants (everyone who had not "
    "started a cohort), everyone (the whole organization)."
)


def row_is_suppressed(row) -> bool:
    if not is_dataclass(row):
        return False
    return any(isinstance(getattr(row, f.name), Suppressed) for f in fields(row))


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureField(serializers.Field):
    """A number, or null when suppressed or undefined (see the row's ``suppressed``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None if isinstance(value, Suppressed) else value


MONTH_PATTERN = r"^\d{4}-\d{2}$"


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2025-01"})
class Month(serializers.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class FiguresRow(serializers.Serializer):
    suppressed = serializers.SerializerMethodField(help_text=SUPPRESSED_HELP)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_suppressed(self, row) -> bool:
        return row_is_suppressed(row)


# --- Attrition ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineMonth:
    """One month of one attrition line: the line's group and segment beside the month's figures."""

    group: str
    segment: str | int | None
    figures: AttritionMonth


class AttritionMonthSerializer(serializers.Serializer):
    month = Month(source="figures.month", help_text="The calendar month, YYYY-MM.")
    group = serializers.CharField(help_text=GROUP_HELP)
    segment = serializers.JSONField(
        allow_null=True, help_text="With by=department the department, with by=level the level; null for all."
    )
    suppressed = serializers.SerializerMethodField(help_text=SUPPRESSED_HELP)
    headcount_start = FigureField(
        source="figures.headcount_start", help_text="On the previous month's last day."
    )
    headcount_end = FigureField(source="figures.headcount_end", help_text="On the month's last day.")
    hires = FigureField(source="figures.hires", help_text="People hired during the month.")
    separations = FigureField(
        source="figures.separations", help_text="People whose termination date falls in the month."
    )
    voluntary_separations = FigureField(source="figures.voluntary_separations")
    involuntary_separations = FigureField(source="figures.involuntary_separations")
    rate = FigureField(
        source="figures.rate",
        help_text="Monthly turnover, a fraction: separations ÷ ((headcount_start + headcount_end) ÷ 2).",
    )
    voluntary_rate = FigureField(
        source="figures.voluntary_rate", help_text="Voluntary separations, same denominator."
    )
    involuntary_rate = FigureField(source="figures.involuntary_rate")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_suppressed(self, row: LineMonth) -> bool:
        return row_is_suppressed(row.figures)

    def to_representation(self, row: LineMonth) -> dict:
        # An answer by department holds hundreds of these rows: each is written directly rather
        # than field by field, exactly as the declared fields would write it (the API tests
        # check the two agree), and the fields still describe it in the schema.
        figures = row.figures
        values = _month_figures(figures)
        suppressed = Suppressed in map(type, values)
        if suppressed:
            values = [None if value.__class__ is Suppressed else value for value in values]
        month = self._month_texts.get(figures.month)
        if month is None:
            month = self._month_texts[figures.month] = figures.month.strftime("%Y-%m")
        return {
            "month": month,
            "group": str(row.group),
            "segment": row.segment,
            "suppressed": suppressed,
            **dict(zip(_MONTH_FIGURE_NAMES, values, strict=True)),
        }

    @cached_property
    def _month_texts(self) -> dict:
        return {}


# The figure fields of an attrition row: their names, and the attributes of AttritionMonth they read.
_MONTH_FIGURE_SOURCES = {
    name: field.source.removeprefix("figures.")
    for name, field in AttritionMonthSerializer().fields.items()
    if isinstance(field, FigureField)
}
_MONTH_FIGURE_NAMES = tuple(_MONTH_FIGURE_SOURCES)
_month_figures = attrgetter(*_MONTH_FIGURE_SOURCES.values())


class AnnualizedSerializer(FiguresRow):
    group = serializers.CharField(help_text=GROUP_HELP)
    segment = serializers.JSONField(allow_null=True)
    rate = FigureField(
        source="annualized_rate",
        help_text="Sum of the monthly rates × 12 ÷ the number of months (over twelve months: the annual "
        "turnover). Suppressed when any month is.",
    )
    voluntary_rate = FigureField(source="annualized_voluntary_rate")
    involuntary_rate = FigureField(source="annualized_involuntary_rate")


class AttritionPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    as_of = serializers.DateField(allow_null=True, help_text="The day the figures count up to.")
    min_group_size = serializers.IntegerField()
    period_start = Month(allow_null=True)
    period_end = Month(allow_null=True)
    by = serializers.CharField(allow_null=True)
    annualized = AnnualizedSerializer(many=True, help_text="Over the whole period, whatever the page.")
    results = AttritionMonthSerializer(many=True, help_text="Every group's row for each month of this page.")


# --- Retention and talent -----------------------------------------------------------------------


class GroupRetentionSerializer(FiguresRow):
    group = serializers.CharField(help_text=GROUP_HELP)
    headcount_start = FigureField(help_text="In the headcount on their cohort's start day A.")
    retained = FigureField(help_text="Of those, still in the headcount on A + 12 months.")
    rate = FigureField(help_text="Twelve-month retention, a fraction: retained ÷ headcount_start.")
    voluntary_leavers = FigureField()
    involuntary_leavers = FigureField()
    voluntary_attrition_rate = FigureField(help_text="voluntary_leavers ÷ headcount_start.")
    involuntary_attrition_rate = FigureField(help_text="involuntary_leavers ÷ headcount_start.")
    cohorts_counted = serializers.IntegerField(help_text="Cohorts whose twelve months have ended.")
    cohorts_pending = serializers.IntegerField(help_text="Selected cohorts still in their first year.")


class RetentionSerializer(serializers.Serializer):
    as_of = serializers.DateField(allow_null=True)
    min_group_size = serializers.IntegerField()
    results = GroupRetentionSerializer(many=True, source="groups")


class GroupTalentSerializer(FiguresRow):
    group = serializers.CharField(help_text=GROUP_HELP)
    headcount_start = FigureField()
    promoted = FigureField(help_text="Level rose at least once within twelve months of the cohort's start.")
    promotion_rate = FigureField(help_text="promoted ÷ headcount_start.")
    moved = FigureField(help_text="Department changed at least once within those twelve months.")
    move_rate = FigureField(help_text="moved ÷ headcount_start.")
    talent_flagged = FigureField(
        help_text="People of the group flagged for the talent pool from their cohort, at the last refresh."
    )
    cohorts_counted = serializers.IntegerField()
    cohorts_pending = serializers.IntegerField()


class TalentSerializer(serializers.Serializer):
    as_of = serializers.DateField(allow_null=True)
    min_group_size = serializers.IntegerField()
    results = GroupTalentSerializer(many=True, source="groups")


# --- Curves -------------------------------------------------------------------------------------


class CurveStepSerializer(serializers.Serializer):
    day = serializers.IntegerField(help_text="Days since the cohort's start.")
    at_risk = serializers.IntegerField(help_text="People still followed just before that day.")
    events = serializers.IntegerField(help_text="People who left that day (the curve's event).")
    censored = serializers.IntegerField(help_text="People whose follow-up ended that day without the event.")
    survival = serializers.FloatField(help_text="Estimated share still employed after that day.")
    lower = serializers.FloatField(allow_null=True, help_text="95 % band, lower end.")
    upper = serializers.FloatField(allow_null=True, help_text="95 % band, upper end.")


class CurveSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="participants or comparison.")
    people = FigureField(help_text="People followed from their cohort's start.")
    followed_days = serializers.IntegerField()
    suppressed = serializers.SerializerMethodField(help_text=SUPPRESSED_HELP)
    steps = serializers.SerializerMethodField(
        help_text="Kaplan–Meier steps; they stop before fewer than the minimum group size are still "
        "followed. Empty when the curve is suppressed."
    )

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_suppressed(self, curve) -> bool:
        return isinstance(curve.people, Suppressed) or isinstance(curve.steps, Suppressed)

    @extend_schema_field(CurveStepSerializer(many=True))
    def get_steps(self, curve) -> list:
        if isinstance(curve.steps, Suppressed):
            return []
        return CurveStepSerializer(curve.steps, many=True).data


class LogRankSerializer(serializers.Serializer):
    chi_square = serializers.FloatField()
    p_value = serializers.FloatField(help_text="Chance of a difference this large if survival were equal.")
    observed = serializers.FloatField(help_text="Participants' events.")
    expected = serializers.FloatField(help_text="Participants' events expected under equal survival.")


class CurvesSerializer(serializers.Serializer):
    as_of = serializers.DateField(allow_null=True)
    min_group_size = serializers.IntegerField()
    event = serializers.CharField(help_text="any (every separation) or voluntary.")
    censored_at = serializers.DateField(allow_null=True, help_text="The day follow-up ends.")
    confidence = serializers.CharField()
    log_rank = LogRankSerializer(allow_null=True)
    curves = CurveSerializer(many=True)


# --- Engagement ---------------------------------------------------------------------------------


class EngagementMonthSerializer(FiguresRow):
    month = Month()
    active_pairs = FigureField(help_text="Pairs published by the month's end and not ended before it began.")
    pairs_that_met = FigureField()
    meetings_held = FigureField()
    meetings_per_pair = FigureField(help_text="meetings_held ÷ active_pairs.")
    sessions_held = FigureField(help_text="Learning sessions held in the month.")
    attendance_expected = FigureField()
    attendance_recorded = FigureField()
    attendance_rate = FigureField(help_text="attendance_recorded ÷ attendance_expected.")
    checkins_answered = FigureField()
    usefulness_average = FigureField(help_text="Mean usefulness, 1–5.")
    would_continue_share = FigureField()
    met_as_planned_share = FigureField()


class GoalCompletionSerializer(FiguresRow):
    people = FigureField(help_text="People keeping a goal plan.")
    goals = FigureField()
    not_started = FigureField()
    on_track = FigureField()
    at_risk = FigureField()
    done = FigureField()
    completion_rate = FigureField(help_text="done ÷ goals.")
    milestones = FigureField()
    milestones_completed = FigureField()


class EngagementPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    as_of = serializers.DateField(allow_null=True)
    min_group_size = serializers.IntegerField()
    meetings_per_pair_per_month = FigureField(
        help_text="Meetings held ÷ the sum over months of active pairs, over the whole period."
    )
    goals = GoalCompletionSerializer()
    results = EngagementMonthSerializer(many=True)


# --- Purpose ------------------------------------------------------------------------------------


class PurposeSerializer(FiguresRow):
    program = serializers.IntegerField(source="program_id")
    purpose = serializers.CharField(help_text="The program's purpose code (retention, engagement, …).")
    measure = serializers.CharField(
        help_text="voluntary_attrition_12m, retention_12m or promotion_rate_12m; empty for a custom purpose."
    )
    baseline = serializers.FloatField(allow_null=True, help_text="Percent, as the program states it.")
    target = serializers.FloatField(allow_null=True, help_text="Percent.")
    target_by = serializers.DateField(allow_null=True)
    actual = FigureField(help_text="The measure for the program's participants, in percent.")
    comparison = FigureField(help_text="The same for their comparison group.")
    non_participants = FigureField(help_text="The same for everyone else.")
    lower_is_better = serializers.BooleanField(allow_null=True)
    target_met = serializers.BooleanField(allow_null=True)


class PurposePageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PurposeSerializer(many=True)


# --- Status -------------------------------------------------------------------------------------


class StatusSerializer(serializers.Serializer):
    refreshed_at = serializers.DateTimeField(allow_null=True, help_text="Null before the first refresh.")
    as_of = serializers.DateField(allow_null=True)
    first_month = Month(allow_null=True)
    last_month = Month(allow_null=True)
    departments = serializers.ListField(child=serializers.CharField(), help_text="Values for ?department=.")
    levels = serializers.ListField(child=serializers.IntegerField(), help_text="Values for ?level=.")
    cohorts = serializers.ListField(child=serializers.IntegerField(), source="cohort_ids")
    min_group_size = serializers.IntegerField()
