"""Precomputed analytics facts, and the comparison groups they follow.

Nothing in a request may compute figures from roster rows: ``analytics.services.refresh``
rebuilds these tables for one organization after every roster load and nightly, and the
selectors read only them. Facts hold counts per cell (organization × month × department ×
level × group, or per cohort); rates are derived in the selectors from summed counts, so any
filter combination adds up correctly.

Every row carries ``organization`` and a ``ScopedManager`` like every tenant row.
"""

from django.db import models
from django_scopes import ScopedManager

from cohorts.models import Cohort, Participant
from organizations.models import Employee, Organization
from programs.models import ApplicantRole, Program


class FactGroup(models.TextChoices):
    """Who a fact row counts.

    ``non_participant`` and ``participant`` split the whole organization, month by month (a
    person becomes a participant in the month their first cohort starts) and carry no cohort.
    The four cohort groups are fixed sets of people followed from their cohort's start month.
    In per-cohort outcome facts ``non_participant`` (with a cohort) means everyone in the
    headcount on that cohort's start day who had not taken part in any cohort by then.
    """

    NON_PARTICIPANT = "non_participant", "Non-participants"
    PARTICIPANT = "participant", "Participants of any cohort"
    MENTEE = "mentee", "Mentees"
    MENTOR = "mentor", "Mentors"
    COMPARISON_MENTEE = "comparison_mentee", "Comparison for mentees"
    COMPARISON_MENTOR = "comparison_mentor", "Comparison for mentors"


PARTICIPANT_GROUPS = {ApplicantRole.MENTEE: FactGroup.MENTEE, ApplicantRole.MENTOR: FactGroup.MENTOR}
COMPARISON_GROUPS = {
    ApplicantRole.MENTEE: FactGroup.COMPARISON_MENTEE,
    ApplicantRole.MENTOR: FactGroup.COMPARISON_MENTOR,
}


class FactsRefresh(models.Model):
    """The last rebuild of an organization's facts: when, up to which day, and what it holds
    (the filter choices), so status reads take one query."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()
    as_of = models.DateField(help_text="The organization's date the facts count up to.")
    first_month = models.DateField(null=True, blank=True)
    last_month = models.DateField(null=True, blank=True)
    departments = models.JSONField(default=list)
    levels = models.JSONField(default=list)
    cohorts = models.JSONField(
        default=list,
        help_text='Started cohorts with facts: [{"id", "program_id", "start"}], start as ISO date.',
    )
    employees = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organization="organization")

    def __str__(self) -> str:
        return f"Analytics facts of {self.organization_id} as of {self.as_of}"


# Facts are derived rows, rewritten wholesale by one service from rows the database already
# checks; a refresh inserts a few hundred thousand of them, and a database-level foreign key
# would re-check each reference at commit (seconds at 100,000 employees). Django still cascades
# deletes through these keys.
_DERIVED = {"on_delete": models.CASCADE, "related_name": "+", "db_constraint": False}


class _CellFact(models.Model):
    """The dimensions every fact row has."""

    organization = models.ForeignKey(Organization, **_DERIVED)
    department = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField()
    group = models.CharField(max_length=20, choices=FactGroup.choices)
    cohort = models.ForeignKey(Cohort, null=True, blank=True, **_DERIVED)
    program = models.ForeignKey(Program, null=True, blank=True, **_DERIVED)

    objects = ScopedManager(organization="organization")

    class Meta:
        abstract = True


class MonthlyFact(_CellFact):
    """Counts of one month for one cell: department and level as on the day each is counted.

    ``headcount_start``: in the headcount on the last day of the previous month;
    ``headcount_end``: on the last day of the month; ``hires`` hired in the month (department
    and level on the hire day); ``separations*`` terminated in the month (on the termination
    day; ``separations`` includes those with no type); ``promotions`` / ``moves`` snapshots in
    the month that raised the level / changed the department (after the change).
    """

    month = models.DateField(help_text="First day of the month.")
    headcount_start = models.PositiveIntegerField(default=0)
    headcount_end = models.PositiveIntegerField(default=0)
    hires = models.PositiveIntegerField(default=0)
    separations = models.PositiveIntegerField(default=0)
    separations_voluntary = models.PositiveIntegerField(default=0)
    separations_involuntary = models.PositiveIntegerField(default=0)
    promotions = models.PositiveIntegerField(default=0)
    moves = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "month"], name="analytics_monthly_org_month"),
            models.Index(fields=["organization", "cohort", "month"], name="analytics_monthly_cohort"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.group} {self.department} L{self.level}"


class MonthlyRollupFact(models.Model):
    """``MonthlyFact`` summed for the reads made most: every started cohort pooled (no cohort or
    program filter) and one dimension at a time. A row with ``level`` null holds a department's
    counts over all levels; a row with ``level`` set (and ``department`` blank) holds a level's
    counts over all departments. Written by the same refresh, from the same cells, so the two
    always agree; the attrition selector reads here unless the filters need a cohort, or both a
    department and a level."""

    organization = models.ForeignKey(Organization, **_DERIVED)
    month = models.DateField(help_text="First day of the month.")
    group = models.CharField(max_length=20, choices=FactGroup.choices)
    department = models.CharField(max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    headcount_start = models.PositiveIntegerField(default=0)
    headcount_end = models.PositiveIntegerField(default=0)
    hires = models.PositiveIntegerField(default=0)
    separations = models.PositiveIntegerField(default=0)
    separations_voluntary = models.PositiveIntegerField(default=0)
    separations_involuntary = models.PositiveIntegerField(default=0)
    promotions = models.PositiveIntegerField(default=0)
    moves = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organization="organization")

    class Meta:
        indexes = [models.Index(fields=["organization", "month"], name="analytics_rollup_org_month")]

    def __str__(self) -> str:
        where = f"L{self.level}" if self.level is not None else self.department
        return f"{self.month:%Y-%m} {self.group} {where} (all cohorts)"


class CohortOutcomeFact(_CellFact):
    """Twelve months from a cohort's start day A, for one group and cell (department and level
    on A): who was in the headcount on A, who still was on B = A + 12 months, who left by type,
    who was promoted or moved at least once in (A, B].

    ``window_complete`` is false while B is after the refresh's ``as_of``; the counts then run
    to ``as_of`` and selectors leave them out of twelve-month figures.
    """

    headcount_start = models.PositiveIntegerField(default=0)
    retained = models.PositiveIntegerField(default=0)
    voluntary_leavers = models.PositiveIntegerField(default=0)
    involuntary_leavers = models.PositiveIntegerField(default=0)
    promoted = models.PositiveIntegerField(default=0)
    moved = models.PositiveIntegerField(default=0)
    # People of the cell carrying a talent flag from this cohort (cohorts' TalentFlag), at the refresh.
    talent_flagged = models.PositiveIntegerField(default=0)
    window_end = models.DateField()
    window_complete = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["organization", "cohort"], name="analytics_outcome_cohort")]

    def __str__(self) -> str:
        return f"Cohort {self.cohort_id} {self.group} {self.department} L{self.level}"


class CohortSurvivalFact(_CellFact):
    """The survival table of one cohort group and cell: how many people's follow-up ended
    ``day`` days after the cohort's start, by how it ended (left voluntarily, involuntarily,
    with no recorded type, or still employed at the refresh's ``as_of`` = censored)."""

    day = models.PositiveIntegerField()
    voluntary = models.PositiveIntegerField(default=0)
    involuntary = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)
    censored = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organization", "cohort"], name="analytics_survival_cohort")]

    def __str__(self) -> str:
        return f"Cohort {self.cohort_id} {self.group} day {self.day}"


class CohortEngagementFact(models.Model):
    """One month of a cohort's mentoring activity. Metadata only: counts and check-in scores.

    Rows with ``role`` blank hold pair figures (active pairs, the people in them, pairs that
    met, meetings held, sessions held); rows per role hold the class size in that role and its
    attendance and check-in figures.
    """

    organization = models.ForeignKey(Organization, **_DERIVED)
    cohort = models.ForeignKey(Cohort, **_DERIVED)
    program = models.ForeignKey(Program, **_DERIVED)
    month = models.DateField()
    role = models.CharField(max_length=8, blank=True, choices=ApplicantRole.choices)
    active_pairs = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(
        default=0, help_text="Pair rows: people in the active pairs. Role rows: the class size in that role."
    )
    pairs_that_met = models.PositiveIntegerField(default=0)
    meetings_held = models.PositiveIntegerField(default=0)
    sessions_held = models.PositiveIntegerField(default=0)
    attendance_expected = models.PositiveIntegerField(default=0)
    attendance_recorded = models.PositiveIntegerField(default=0)
    checkins_answered = models.PositiveIntegerField(default=0)
    usefulness_sum = models.PositiveIntegerField(default=0)
    usefulness_answers = models.PositiveIntegerField(default=0)
    would_continue_yes = models.PositiveIntegerField(default=0)
    would_continue_answers = models.PositiveIntegerField(default=0)
    met_as_planned_yes = models.PositiveIntegerField(default=0)
    met_as_planned_answers = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organization="organization")

    class Meta:
        indexes = [models.Index(fields=["organization", "cohort", "month"], name="analytics_engagement")]

    def __str__(self) -> str:
        return f"Cohort {self.cohort_id} {self.month:%Y-%m} {self.role or 'pairs'}"


class CohortGoalFact(models.Model):
    """Goal plans of a cohort's participants in one role, as they stand at the refresh."""

    organization = models.ForeignKey(Organization, **_DERIVED)
    cohort = models.ForeignKey(Cohort, **_DERIVED)
    program = models.ForeignKey(Program, **_DERIVED)
    role = models.CharField(max_length=8, choices=ApplicantRole.choices)
    people = models.PositiveIntegerField(default=0)
    goals = models.PositiveIntegerField(default=0)
    not_started = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    at_risk = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    milestones = models.PositiveIntegerField(default=0)
    milestones_completed = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organization="organization")

    class Meta:
        indexes = [models.Index(fields=["organization", "cohort"], name="analytics_goals_cohort")]

    def __str__(self) -> str:
        return f"Goals of cohort {self.cohort_id} {self.role}s"


class ComparisonGroup(models.Model):
    """The non-participants a cohort's mentees (or mentors) are compared with.

    Drawn by ``analytics/comparison.py``: for each participant, up to ``k`` people of the same
    department and level on the cohort's start day, with tenure within ``tenure_band_months``
    of theirs, who would have been eligible that day. ``seed`` makes the draw reproducible:
    the same seed on the same roster draws the same people. ``inputs_key`` fingerprints what
    the draw depended on, so a refresh redraws only when the class or the settings change.
    ``balance`` lists, per matching variable, the participants' and the comparison's means and
    their standardized mean difference.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=8, choices=ApplicantRole.choices)
    seed = models.BigIntegerField()
    k = models.PositiveSmallIntegerField(default=2)
    tenure_band_months = models.PositiveSmallIntegerField(default=12)
    inputs_key = models.CharField(max_length=64, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    participants = models.PositiveIntegerField(default=0)
    participants_fully_matched = models.PositiveIntegerField(default=0)
    balance = models.JSONField(default=list, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "role"], name="one_comparison_group_per_cohort_role"),
        ]

    def __str__(self) -> str:
        return f"Comparison for the {self.role}s of cohort {self.cohort_id}"


class ComparisonMember(models.Model):
    """One non-participant in a comparison group, drawn for ``participant``."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(ComparisonGroup, on_delete=models.CASCADE, related_name="members")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["group_id", "participant_id", "employee_id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "employee"], name="in_a_comparison_group_once"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} compared with {self.participant_id}"
