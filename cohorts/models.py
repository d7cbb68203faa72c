"""Cohorts: one class of a program, and the people selected into it.

Rules (limits, selection, withdrawal, activation) live in ``cohorts/services.py``; the models
only hold data and the constraints the database can keep on its own.
"""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from organizations.models import Employee, Organization
from programs.models import ApplicantRole, Application, Program


class CohortStatus(models.TextChoices):
    SELECTING = "selecting", "Selecting"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"


class Cohort(models.Model):
    """One class of a program. The limits are copied from the program when the cohort is made,
    so a later change of the program's design does not resize a class already chosen."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=120, help_text="For example “2027 class”.")
    mentee_limit = models.PositiveSmallIntegerField("class size (mentees)")
    mentor_limit = models.PositiveSmallIntegerField("mentors")
    status = models.CharField(max_length=16, choices=CohortStatus.choices, default=CohortStatus.SELECTING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program"], name="one_cohort_per_program"),
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return self.name

    def limit_for(self, role: str) -> int:
        """Places for ``role``: the class size holds the mentees, or in peer circles the peers."""
        return self.mentor_limit if role == ApplicantRole.MENTOR else self.mentee_limit


class ParticipantStatus(models.TextChoices):
    SELECTED = "selected", "Selected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Participant(models.Model):
    """A person in a cohort's class, as mentee or mentor, through their accepted application.

    Removing someone during selection deletes the row (they go back to the pool); a person who
    leaves a class keeps a withdrawn row, so analytics can date their departure.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="participants")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="participations")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=8, choices=ApplicantRole.choices)
    status = models.CharField(
        max_length=16, choices=ParticipantStatus.choices, default=ParticipantStatus.SELECTED
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["cohort_id", "role", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "employee"],
                condition=models.Q(status="selected"),
                name="one_selected_participant_per_employee_per_cohort",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.employee_id} in {self.cohort_id} as {self.role} ({self.status})"


# Trust profiles live in their own module; importing them here registers them with the app.
from cohorts.profiles.models import (  # noqa: E402
    ProfileFramework,
    ProfileSection,
    TrustProfile,
)
from cohorts.teams.models import (  # noqa: E402
    BusinessChallenge,
    ChallengePreference,
    ChallengeStatus,
    CouncilReview,
    CouncilScore,
    CouncilSeat,
    Presentation,
    ProjectTeam,
    Readiness,
    ReviewCriterion,
    TalentFlag,
    TeamFile,
    TeamMember,
    TeamMilestone,
    TeamPost,
)

__all__ = [
    "BusinessChallenge",
    "ChallengePreference",
    "ChallengeStatus",
    "Cohort",
    "CohortStatus",
    "Participant",
    "ParticipantStatus",
    "ProfileFramework",
    "ProfileSection",
    "TrustProfile",
    "ProjectTeam",
    "TeamFile",
    "TeamMember",
    "TeamMilestone",
    "TeamPost",
    "CouncilReview",
    "CouncilScore",
    "CouncilSeat",
    "Presentation",
    "ReviewCriterion",
    "Readiness",
    "TalentFlag",
]
