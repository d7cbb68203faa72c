"""Published pairs: who mentors whom in a cohort, for the mentoring year.

A ``Pair`` is one mentoring relationship of whatever shape the program has: a mentor and a
mentee (one-to-one), a mentor and several mentees (group), or a circle of peers. Its people
are ``PairMember`` rows, so goal plans, meetings and notes attach to the pair the same way in
every shape.

How pairs are chosen lives beside them: a program's ``MatchSettings`` (weights and rules),
each ``MatchRun`` of a cohort with its ``ProposedPair`` / ``ProposedCircleMember`` rows and the
people it left out (``Unmatched``), the manager's ``PinnedPair`` and ``ForbiddenPair`` rules,
hybrid mentees' ``MenteeRanking``, and private ``RematchRequest``s. Rules of behaviour live in
``matching/services/``; these models hold data and the constraints the database keeps.
"""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from cohorts.models import Cohort, Participant
from organizations.models import Organization
from programs.models import Program, Structure


class PairKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "Pair"
    GROUP = "group", "Group"
    PEER_CIRCLE = "peer_circle", "Peer circle"


class PairStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class MemberRole(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"
    PEER = "peer", "Peer"


class Pair(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pairs")
    kind = models.CharField(max_length=16, choices=PairKind.choices, default=PairKind.ONE_TO_ONE)
    status = models.CharField(max_length=8, choices=PairStatus.choices, default=PairStatus.ACTIVE)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    # The run that proposed it; null for pairs made before runs were kept, or in tests.
    match_run = models.ForeignKey(
        "MatchRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="pairs"
    )

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["cohort_id", "published_at", "id"]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} in cohort {self.cohort_id}"

    @property
    def is_active(self) -> bool:
        return self.status == PairStatus.ACTIVE


class PairMember(models.Model):
    """One person in a pair. ``left_at`` is set when they leave it (rematch or withdrawal)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="members")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="pair_memberships")
    role = models.CharField(max_length=8, choices=MemberRole.choices)
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    # When they were told about this pair (the publish email); the task sends only once.
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["pair_id", "role", "id"]
        constraints = [
            # A mentee or peer belongs to one current pair; a mentor may hold several (capacity).
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(left_at__isnull=True) & ~models.Q(role="mentor"),
                name="one_current_pair_per_mentee_or_peer",
            ),
            models.UniqueConstraint(fields=["pair", "participant"], name="a_person_is_in_a_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} as {self.role} in pair {self.pair_id}"

    @property
    def is_current(self) -> bool:
        return self.left_at is None


class MatchMode(models.TextChoices):
    MANAGER = "manager", "Manager-matched"
    HYBRID = "hybrid", "Hybrid: mentees rank a shortlist first"


class LoadBalance(models.IntegerChoices):
    """How hard a run spreads mentees across mentors: each mentee after a mentor's first costs
    this percentage of the best possible pair score, one step more per extra mentee (the
    second costs one step, the third two more, …). See docs/product.md, "Mentor load"."""

    OFF = 0, "Off"
    BALANCED = 25, "Balanced"
    # A hair over a whole pair's best score: a second mentee never wins on score alone.
    SPREAD_FIRST = 101, "Spread first"

    @classmethod
    def short_name(cls, value: int) -> str:
        """The option's name ("Balanced"), or the bare percentage for a value no longer offered."""
        return cls(value).label if value in cls.values else f"{value} %"


class MatchSettings(models.Model):
    """How one program scores and solves its matching runs.

    ``weights`` maps each score component of ``matching.scoring.COMPONENTS`` to a weight ≥ 0
    (a component left out keeps its default weight). The services in
    ``matching/services/settings.py`` validate and save them; ``matching/inputs.py`` turns
    them into the engine's ``ScoringRules``.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="match_settings")
    weights = models.JSONField(default=dict, blank=True)
    min_level_gap = models.PositiveSmallIntegerField(default=1)
    level_gap_is_hard = models.BooleanField(default=False)
    mode = models.CharField(max_length=8, choices=MatchMode.choices, default=MatchMode.MANAGER)
    shortlist_size = models.PositiveSmallIntegerField(default=5)
    ranking_deadline = models.DateTimeField(null=True, blank=True)
    allow_previous_pairs = models.BooleanField(default=False)
    load_balance = models.PositiveSmallIntegerField(choices=LoadBalance.choices, default=LoadBalance.OFF)
    # Hybrid: a mentee's available first choice is granted before any score (matching/solver.py).
    honour_first_choices = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(organization="organization")

    class Meta:
        verbose_name_plural = "match settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(shortlist_size__gte=1), name="shortlist_has_a_mentor"),
        ]

    def __str__(self) -> str:
        return f"Match settings of program {self.program_id}"

    @property
    def is_hybrid(self) -> bool:
        return self.mode == MatchMode.HYBRID

    @property
    def load_balance_name(self) -> str:
        return LoadBalance.short_name(self.load_balance)


class RunStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class RunScope(models.TextChoices):
    WHOLE_CLASS = "whole_class", "The whole class"
    UNPAIRED = "unpaired", "People without a pair"


class MatchRun(models.Model):
    """One matching of a cohort: proposals the manager reviews, edits and publishes.

    ``settings_snapshot`` keeps the settings the run was scored with (weights, level gap,
    mode, structure, capacities), so a later change of the program's settings does not
    rewrite what the run shows. A re-run names its ``parent``. Once the cohort has pairs, a run
    takes only the people without a pair and the mentors with places left (``scope``).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="match_runs")
    number = models.PositiveIntegerField(help_text="1, 2, 3… within the cohort.")
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reruns"
    )
    structure = models.CharField(max_length=16, choices=Structure.choices)
    scope = models.CharField(max_length=16, choices=RunScope.choices, default=RunScope.WHOLE_CLASS)
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT)
    settings_snapshot = models.JSONField(default=dict)
    total_score = models.FloatField(default=0.0)
    worst_score = models.FloatField(null=True, blank=True)
    best_possible_score = models.FloatField(default=0.0)
    matched_count = models.PositiveIntegerField(default=0)
    unmatched_count = models.PositiveIntegerField(default=0)
    mentee_count = models.PositiveIntegerField(default=0)
    mentor_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True, help_text="Last swap by hand.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["cohort_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="one_run_number_per_cohort"),
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return f"Run {self.number} of cohort {self.cohort_id} ({self.status})"

    @property
    def is_draft(self) -> bool:
        return self.status == RunStatus.DRAFT

    @property
    def is_circles(self) -> bool:
        return self.structure == Structure.PEER_CIRCLE


class ProposedPair(models.Model):
    """A mentee and the mentor a run proposes for them (a published pair is ``Pair``).

    ``contributions`` holds each score component's weighted part; they add up to ``score``.
    ``why`` is the same in one sentence. ``pinned`` marks a pair the manager fixed;
    ``swapped`` one they changed by hand.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposed_pairs")
    mentee = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    contributions = models.JSONField(default=dict)
    why = models.TextField(blank=True)
    pinned = models.BooleanField(default=False)
    swapped = models.BooleanField(default=False)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["run_id", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="a_mentee_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} → {self.mentor_id} in run {self.run_id} ({self.score:.2f})"


class ProposedCircleMember(models.Model):
    """One person in one proposed peer circle of a run (circles are numbered from 1)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="circle_members")
    circle = models.PositiveSmallIntegerField()
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    # Placed here by the manager (``matching/services/circles.py``), not by the engine.
    moved = models.BooleanField(default=False)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["run_id", "circle", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "participant"], name="a_person_in_one_circle_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} in circle {self.circle} of run {self.run_id}"


class CircleChoiceKind(models.TextChoices):
    TOGETHER = "together", "Keep together"
    APART = "apart", "Keep apart"


class CircleChoice(models.Model):
    """A manager's choice about two peers of a peer-circle cohort: always in one circle, or never.

    Like pins and forbidden pairs, it belongs to the cohort and holds for every later run until
    removed. ``first`` is the participant with the lower id, so a pair is stored once. Moving
    someone into a circle by hand records them as kept together with its people.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="circle_choices")
    kind = models.CharField(max_length=8, choices=CircleChoiceKind.choices)
    first = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["cohort_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "first", "second"], name="one_circle_choice_per_two"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="circle_choice_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} {self.kind} {self.second_id} in cohort {self.cohort_id}"


class UnmatchedReason(models.TextChoices):
    # The solver's reasons (matching.solver.UnmatchedReason), plus the circle one.
    NO_MENTORS = "no_mentors", "No mentors"
    NO_CAPACITY = "no_capacity", "No mentor capacity left"
    REPORTING_LINE = "reporting_line", "Only conflicting mentors"
    LEVEL_GAP = "level_gap", "No mentor senior enough"
    PREVIOUSLY_PAIRED = "previously_paired", "Only earlier partners"
    FORBIDDEN = "forbidden", "Only forbidden mentors"
    NO_CIRCLE = "no_circle", "Nobody to form a circle with"


class Unmatched(models.Model):
    """A person a run left out, with the reason as a code and in plain words."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=UnmatchedReason.choices)
    detail = models.CharField(max_length=300)

    objects = ScopedManager(organization="organization")

    class Meta:
        verbose_name_plural = "unmatched"
        ordering = ["run_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "participant"], name="left_out_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} left out of run {self.run_id} ({self.reason})"


class ManagerPairRule(models.Model):
    """A mentee–mentor pair a manager set a rule on for a cohort (pinned or forbidden)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        abstract = True
        ordering = ["cohort_id", "id"]


class PinnedPair(ManagerPairRule):
    """A mentee–mentor pair the manager fixed: every later run of the cohort keeps it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pinned_pairs")

    class Meta(ManagerPairRule.Meta):
        constraints = [
            models.UniqueConstraint(fields=["cohort", "mentee"], name="a_mentee_pinned_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} pinned to {self.mentor_id} in cohort {self.cohort_id}"


class ForbiddenPair(ManagerPairRule):
    """A mentee–mentor pair the manager ruled out: no later run of the cohort proposes it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="forbidden_pairs")

    class Meta(ManagerPairRule.Meta):
        constraints = [
            models.UniqueConstraint(fields=["cohort", "mentee", "mentor"], name="a_pair_forbidden_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} never with {self.mentor_id} in cohort {self.cohort_id}"


class MenteeRanking(models.Model):
    """Hybrid programs: one mentor a mentee ranked from their shortlist (1 = favourite)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="mentor_rankings")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    ranked_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["mentee_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "rank"], name="one_mentor_per_rank"),
            models.UniqueConstraint(fields=["mentee", "mentor"], name="a_mentor_ranked_once"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="ranks_start_at_one"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} ranks {self.mentor_id} #{self.rank}"


class RematchStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class RematchOutcome(models.TextChoices):
    ENDED = "ended", "Pair ended"
    KEPT = "kept", "Pair kept"


class RematchRequest(models.Model):
    """A participant's private, no-fault request to leave their pair.

    PRIVATE: the reason is read by the requester and the program's managers only, never by
    the partner; partner-facing pages and the API never load this model (see
    ``matching/selectors/__init__.py``).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="rematch_requests")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="rematch_requests")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="rematch_requests")
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=RematchStatus.choices, default=RematchStatus.OPEN)
    outcome = models.CharField(max_length=8, choices=RematchOutcome.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "participant"],
                condition=models.Q(status="open"),
                name="one_open_rematch_request_per_person_and_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"Rematch request {self.pk} by {self.participant_id} ({self.status})"
