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
