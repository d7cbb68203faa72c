"""Goal plans: every pair member — mentee and mentor alike — keeps one for their pair.

A ``GoalPlan`` belongs to one ``PairMember`` (a person in one pair), holds ``Goal`` rows with
``Milestone`` steps and dated ``GoalCheckIn`` progress notes, and names an
``AccountabilityPartner``. Who may read which of these is decided in ``goals/access.py``; the
rules (dates, ranges, who may write) live in ``goals/services.py``. The models only hold data
and the constraints the database can keep on its own.

Privacy: titles, descriptions, measures, milestone titles and check-in comments are the
owner's words. They are shown to the owner, their pair partner(s) and their accountability
partner only; managers get numbers through ``goals/selectors.py`` (``goal_progress_summary``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from matching.models import PairMember
from organizations.models import Organization


class GoalPlan(models.Model):
    """One person's development plan for the pair they are in (created with their first goal)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(PairMember, on_delete=models.CASCADE, related_name="goal_plan")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["member_id"]

    def __str__(self) -> str:
        return f"Goal plan of pair member {self.member_id}"


class GoalCategory(models.TextChoices):
    SKILL = "skill", "Skill"
    CAREER = "career", "Career"
    LEADERSHIP = "leadership", "Leadership"
    NETWORK = "network", "Network"
    WELLBEING = "wellbeing", "Wellbeing"
    OTHER = "other", "Other"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DONE = "done", "Done"


class Goal(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(GoalPlan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=16, choices=GoalCategory.choices, default=GoalCategory.SKILL)
    success_measure = models.TextField("how success is measured")
    target_date = models.DateField()
    status = models.CharField(max_length=16, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["plan_id", "order", "id"]
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self) -> str:
        return f"Goal {self.pk} of plan {self.plan_id}"


class Milestone(models.Model):
    """A dated step towards a goal. Completing one records who and when: it is a win."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["goal_id", "due_date", "id"]
        indexes = [models.Index(fields=["goal", "completed_at"])]

    def __str__(self) -> str:
        return f"Milestone {self.pk} of goal {self.goal_id}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def is_overdue(self, as_of) -> bool:
        return self.completed_at is None and self.due_date < as_of


class GoalCheckIn(models.Model):
    """A dated note of progress towards a goal (0–100 %), written by the plan's owner."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField()
    progress = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    comment = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["goal_id", "-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100), name="check_in_progress_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.pk} on goal {self.goal_id}: {self.progress}%"


class PartnerKind(models.TextChoices):
    PAIR_PARTNER = "pair_partner", "My pair partner"
    MEMBER = "member", "Someone else in the organization"
    OUTSIDE = "outside", "Someone outside the organization"


class AccountabilityPartner(models.Model):
    """Who holds a plan's owner to their goals; one current row per plan, older rows ended.

    ``pair_partner`` (the default) adds no reader: the pair partner(s) read the plan anyway.
    ``member`` names another member of the organization, who may then read the plan.
    ``outside`` names a person by name and email, who reads the plan through a secret link:
    only the SHA-256 of its token is stored, and the link stops working when it expires, is
    revoked, or the row is ended (the owner chose someone else).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(GoalPlan, on_delete=models.CASCADE, related_name="accountability_partners")
    kind = models.CharField(max_length=16, choices=PartnerKind.choices, default=PartnerKind.PAIR_PARTNER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, blank=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    link_revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["plan_id", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_partner_per_plan",
            ),
            models.UniqueConstraint(
                fields=["token_hash"], condition=~models.Q(token_hash=""), name="unique_partner_link_token"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="member") | models.Q(user__isnull=False),
                name="member_partner_names_a_user",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="outside") | (~models.Q(email="") & ~models.Q(token_hash="")),
                name="outside_partner_has_email_and_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for plan {self.plan_id}"

    @property
    def link_status(self) -> str:
        """``active``, ``expired``, ``revoked`` or ``replaced`` for an outside link; ``""`` otherwise."""
        if self.kind != PartnerKind.OUTSIDE:
            return ""
        if self.ended_at is not None:
            return "replaced"
        if self.link_revoked_at is not None:
            return "revoked"
        if self.link_expires_at is None or self.link_expires_at <= timezone.now():
            return "expired"
        return "active"
