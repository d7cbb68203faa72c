"""Programs, their eligibility rules, and the applications people send to them.

Rules of behaviour (lifecycle, eligibility, decisions) live in ``programs/services/`` and
``programs/eligibility.py``; the models here only hold data and its constraints.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from organizations.models import Employee, Organization


class Purpose(models.TextChoices):
    RETENTION = "retention", "Retention"
    ENGAGEMENT = "engagement", "Engagement"
    LEADERSHIP_PIPELINE = "leadership_pipeline", "Leadership pipeline"
    INCLUSION = "inclusion", "Inclusion"
    ONBOARDING = "onboarding", "Onboarding"
    KNOWLEDGE_TRANSFER = "knowledge_transfer", "Knowledge transfer"
    CUSTOM = "custom", "Custom"


class Structure(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "One-to-one (one mentor, one mentee)"
    GROUP = "group", "Group (one mentor, several mentees)"
    PEER_CIRCLE = "peer_circle", "Peer circles"


class MatchingMode(models.TextChoices):
    """Who decides the pairs (``matching.models.MatchSettings.mode`` mirrors it)."""

    MANAGER = "manager", "Manager-matched"
    HYBRID = "hybrid", "Hybrid: mentees rank a shortlist first"


def roles_for(structure: str) -> tuple[str, ...]:
    if structure == Structure.PEER_CIRCLE:
        return (ApplicantRole.PEER,)
    return (ApplicantRole.MENTEE, ApplicantRole.MENTOR)


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPLICATIONS_OPEN = "applications_open", "Applications open"
    SELECTING = "selecting", "Selecting"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"


class ApplicantRole(models.TextChoices):
    MENTEE = "mentee", "Mentee"
    MENTOR = "mentor", "Mentor"
    # Peer-circle programs: everyone takes part the same way (programs/vocabulary.py).
    PEER = "peer", "Peer"


class Program(models.Model):
    """A yearlong mentoring program aligned to one talent purpose with a measurable target."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="programs")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    purpose = models.CharField(max_length=32, choices=Purpose.choices, default=Purpose.RETENTION)
    purpose_custom = models.CharField(
        "custom purpose", max_length=200, blank=True, help_text="Only when the purpose is Custom."
    )
    target_metric = models.CharField(
        max_length=200,
        blank=True,
        help_text="What you measure, e.g. “12-month voluntary attrition of participants (%)”.",
    )
    target_baseline = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="Where the metric is today."
    )
    target_value = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="Where you want it to be."
    )
    target_by = models.DateField(null=True, blank=True, help_text="When the target should be reached.")

    structure = models.CharField(max_length=16, choices=Structure.choices, default=Structure.ONE_TO_ONE)
    group_size = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(2)],
        help_text="Mentees per mentor (group) or people per circle (peer circles).",
    )
    matching_mode = models.CharField(
        "how pairs are chosen",
        max_length=8,
        choices=MatchingMode.choices,
        default=MatchingMode.MANAGER,
    )

    start_date = models.DateField()
    end_date = models.DateField()
    meeting_cadence_days = models.PositiveSmallIntegerField(
        "meeting cadence (days)",
        default=14,
        validators=[MinValueValidator(1)],
        help_text="How often pairs are expected to meet, in days (14 = every two weeks).",
    )
    applications_open_at = models.DateTimeField(null=True, blank=True)
    applications_close_at = models.DateTimeField(null=True, blank=True)
    mentee_limit = models.PositiveSmallIntegerField(
        "class size (mentees)", default=12, validators=[MinValueValidator(1)]
    )
    mentor_limit = models.PositiveSmallIntegerField("mentors", default=12)

    status = models.CharField(max_length=24, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    template = models.CharField(
        max_length=40,
        blank=True,
        help_text="Key of the template the design started from (programs/templates_catalog.py), if any.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-start_date", "name"]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_peer_circles(self) -> bool:
        return self.structure == Structure.PEER_CIRCLE

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles people apply and take part in: peers in circles, else mentees and mentors."""
        return roles_for(self.structure)

    @property
    def purpose_label(self) -> str:
        if self.purpose == Purpose.CUSTOM and self.purpose_custom:
            return self.purpose_custom
        return self.get_purpose_display()


class ProgramPhase(models.Model):
    """A dated milestone of the program year (kickoff, mid-year review, close, …)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(max_length=120)
    date = models.DateField()
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["program_id", "date", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"


class RuleKind(models.TextChoices):
    MIN_TENURE_MONTHS = "min_tenure_months", "Minimum tenure (months)"
    MIN_RATING = "min_rating", "Minimum performance rating"
    DEPARTMENTS_ALLOWED = "departments_allowed", "Only these departments"
    DEPARTMENTS_EXCLUDED = "departments_excluded", "Not these departments"
    MIN_LEVEL = "min_level", "Minimum level"
    MAX_LEVEL = "max_level", "Maximum level"
    LOCATIONS_ALLOWED = "locations_allowed", "Only these locations"
    LOCATIONS_EXCLUDED = "locations_excluded", "Not these locations"
    NOT_IN_ACTIVE_COHORT = "not_in_active_cohort", "Not already in an active cohort"
    NOT_TERMINATED = "not_terminated", "Still employed"


class EligibilityRule(models.Model):
    """One condition an applicant in one role must meet. Rules are data: see programs/eligibility.py.

    ``value`` is an integer (tenure months, rating position, level), a list of names
    (departments, locations), or null for the rules that need no value.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="eligibility_rules")
    applies_to = models.CharField(max_length=8, choices=ApplicantRole.choices)
    kind = models.CharField(max_length=32, choices=RuleKind.choices)
    value = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["program_id", "applies_to", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "applies_to", "kind"], name="one_rule_of_a_kind_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_applies_to_display()}: {self.get_kind_display()} = {self.value!r}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    INELIGIBLE = "ineligible", "Not eligible"
    ACCEPTED = "accepted", "Accepted"
    WAITLISTED = "waitlisted", "Waitlisted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Application(models.Model):
    """A roster employee's application to a program, as mentee or mentor.

    One per person per program (the constraint below); someone who withdrew and applies again
    reopens the same row. ``eligibility_failures`` keeps, as evaluated on ``evaluated_on``, a
    list of ``{rule, label, person_value, required_value, message}``; ``eligible`` is true when
    that list is empty.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="applications")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="program_applications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="program_applications",
    )
    role = models.CharField(max_length=8, choices=ApplicantRole.choices)
    motivation = models.TextField()
    learning_goals = models.TextField(blank=True, help_text="Mentees: what they want to learn.")
    offer = models.TextField(blank=True, help_text="Mentors: what they can offer.")

    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    eligible = models.BooleanField(default=True)
    eligibility_failures = models.JSONField(default=list, blank=True)
    evaluated_on = models.DateField()

    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The decision the applicant was last emailed about: the email task sends only when the
    # status differs, so running it twice sends one email.
    notified_status = models.CharField(max_length=16, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "employee"], name="one_application_per_program"),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.program_id} as {self.role} ({self.status})"

    @property
    def is_overridden(self) -> bool:
        return self.overridden_at is not None
