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
