"""Project teams' data. Rules live in ``cohorts/teams/services/``; models hold data and the
constraints the database can keep on its own."""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from organizations.models import Employee, Organization

TITLE_MAX_LENGTH = 160
TEXT_MAX_LENGTH = 4000


class ChallengeStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class BusinessChallenge(models.Model):
    """A real problem a senior leader brings to a cohort; an accepted one gets a project team."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    problem = models.TextField()
    why_it_matters = models.TextField("why it matters")
    expected_outcome = models.TextField()
    sponsor = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="+", help_text="A senior leader."
    )
    status = models.CharField(
        max_length=16, choices=ChallengeStatus.choices, default=ChallengeStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["cohort_id", "created_at", "id"]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return self.title


class ChallengePreference(models.Model):
    """A mentee's ranked wish to work on an accepted challenge (rank 1 is their first choice)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    challenge = models.ForeignKey(BusinessChallenge, on_delete=models.CASCADE, related_name="preferences")
    participant = models.ForeignKey(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="challenge_preferences"
    )
    rank = models.PositiveSmallIntegerField()

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["participant_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "challenge"], name="one_preference_per_challenge"),
            models.UniqueConstraint(fields=["participant", "rank"], name="one_challenge_per_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.challenge_id} (#{self.rank})"


class ProjectTeam(models.Model):
    """The mentees working on one accepted challenge, with their adviser and their output."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="project_teams")
    challenge = models.OneToOneField(BusinessChallenge, on_delete=models.PROTECT, related_name="team")
    adviser = models.ForeignKey(
        "cohorts.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advised_teams",
        help_text="Optional: a mentor of the cohort who advises the team.",
    )
    recommendation = models.TextField("final recommendation", blank=True)
    recommendation_updated_at = models.DateTimeField(null=True, blank=True)
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["cohort_id", "challenge__created_at", "id"]

    def __str__(self) -> str:
        return f"Team for “{self.challenge.title}”"

    @property
    def name(self) -> str:
        return self.challenge.title


class TeamMember(models.Model):
    """A mentee on a team. A participant belongs to one cohort, so one row per participant is
    "every mentee in at most one team"."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(ProjectTeam, on_delete=models.CASCADE, related_name="members")
    participant = models.ForeignKey("cohorts.Participant", on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["team_id", "participant__employee__name", "id"]
        constraints = [models.UniqueConstraint(fields=["participant"], name="one_team_per_participant")]

    def __str__(self) -> str:
        return f"{self.participant_id} in team {self.team_id}"


class TeamMilestone(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(ProjectTeam, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["team_id", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


def team_file_path(instance: "TeamFile", filename: str) -> str:
    # The organization and team in the path keep files apart; a random name keeps them unguessable.
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()
    return f"teams/{instance.organization_id}/{instance.team_id}/{uuid.uuid4().hex}{suffix}"


class TeamFile(models.Model):
    """A document of a team. Files live under MEDIA_ROOT but are only ever served through
    ``cohorts.teams.views.space.team_file_download``, which checks who asks."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(ProjectTeam, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=team_file_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    is_recommendation = models.BooleanField(
        default=False, help_text="The team's final recommendation, which the council reads."
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["team_id", "-is_recommendation", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class TeamPost(models.Model):
    """A message in a team's discussion thread: for the people of the team space only."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(ProjectTeam, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["team_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"Post {self.pk} in team {self.team_id}"


DEFAULT_CRITERIA = (
    "Insight into the problem",
    "Feasibility",
    "Business impact",
    "Quality of the presentation",
)
MIN_SCORE, MAX_SCORE = 1, 5


class CouncilSeat(models.Model):
    """A senior leader on a cohort's council: they score its teams' presentations."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="council_seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["cohort_id", "added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="one_seat_per_council_member")]

    def __str__(self) -> str:
        return f"{self.user_id} on the council of {self.cohort_id}"


class ReviewCriterion(models.Model):
    """One line of the council's score sheet (an editable list per cohort)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="review_criteria")
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["cohort_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["cohort", "name"], name="one_criterion_per_name")]

    def __str__(self) -> str:
        return self.name


class Presentation(models.Model):
    """A team's slot to present to the council."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    team = models.OneToOneField(ProjectTeam, on_delete=models.CASCADE, related_name="presentation")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="Raised on every change, for calendars.")

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"Presentation of team {self.team_id}"


class CouncilReview(models.Model):
    """One council member's review of one team: a score per criterion and a comment. Others on
    the council see it only once they have submitted their own."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(ProjectTeam, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["team_id", "submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "reviewer"], name="one_review_per_reviewer")]

    def __str__(self) -> str:
        return f"Review of team {self.team_id} by {self.reviewer_id}"


class CouncilScore(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(CouncilReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField()

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["review_id", "criterion__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="score_from_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.score} on {self.criterion_id}"


class Readiness(models.TextChoices):
    READY_NOW = "ready_now", "Ready now"
    READY_SOON = "ready_soon", "Ready in 1–2 years"
    EMERGING = "emerging", "Emerging talent"


class TalentFlag(models.Model):
    """A council member or manager puts a mentee in the talent pool HR sees. The note is for HR,
    admins, managers and the council; the flagged person sees only that they were flagged."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="talent_flags")
    participant = models.ForeignKey(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="talent_flags"
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    readiness = models.CharField(max_length=16, choices=Readiness.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-updated_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "flagged_by"], name="one_flag_per_flagger"),
        ]
        indexes = [models.Index(fields=["organization", "readiness"])]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.readiness}"
