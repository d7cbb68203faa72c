import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from cohorts.models import Cohort, Participant
from matching.models import MemberRole
from organizations.models import Organization
from programs.models import ApplicantRole


class SessionKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    WEBINAR = "webinar", "Webinar"
    ROLE_PREPARATION = "role_preparation", "Role preparation"


class SessionAudience(models.TextChoices):
    EVERYONE = "everyone", "Everyone in the cohort"
    MENTORS = "mentors", "Mentors only"
    MENTEES = "mentees", "Mentees only"

    @classmethod
    def roles(cls, audience: str) -> tuple[str, ...]:
        """The cohort roles (mentee/mentor) a session with this audience is for."""
        if audience == cls.MENTORS:
            return (ApplicantRole.MENTOR,)
        if audience == cls.MENTEES:
            return (ApplicantRole.MENTEE,)
        return (ApplicantRole.MENTOR, ApplicantRole.MENTEE)


class LearningSession(models.Model):
    """A workshop, webinar or role-preparation session for a cohort, with materials and a
    discussion guide that mentors reinforce in their next meeting."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="learning_sessions")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SessionKind.choices, default=SessionKind.WORKSHOP)
    audience = models.CharField(
        max_length=10, choices=SessionAudience.choices, default=SessionAudience.EVERYONE
    )
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    location = models.CharField("place", max_length=200, blank=True)
    video_url = models.URLField("online link", max_length=500, blank=True)
    discussion_guide = models.TextField(
        blank=True,
        help_text="Questions and prompts mentors take into their next meeting to reinforce the session.",
    )
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["cohort", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    def is_for(self, role: str) -> bool:
        """Whether a participant in ``role`` (mentee/mentor, or a pair's peer) is in the audience."""
        if role == MemberRole.PEER:
            return self.audience == SessionAudience.EVERYONE
        return role in SessionAudience.roles(self.audience)


def material_upload_path(material: "SessionMaterial", filename: str) -> str:
    # A random name under the organization: the person's file name is kept in original_name
    # and never decides where the file lands.
    suffix = PurePath(filename).suffix.lower()
    return f"session-materials/{material.organization_id}/{material.session_id}/{uuid.uuid4().hex}{suffix}"


class SessionMaterial(models.Model):
    """A file or a link for a learning session. Files live under MEDIA_ROOT but are only ever
    served through ``sessions.views.learning.material_download``, which checks who asks."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=material_upload_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    link = models.URLField(max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["session_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(link="")) | (~models.Q(file="") & models.Q(link="")),
                name="material_is_a_file_or_a_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)


class AttendanceSource(models.TextChoices):
    MANAGER = "manager", "Marked by a manager"
    SELF = "self", "Reported by the participant"


class Attendance(models.Model):
    """A participant attended a session. No row means not (yet) known to have attended."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="session_attendances")
    source = models.CharField(max_length=8, choices=AttendanceSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["session_id", "participant_id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="attended_a_session_once")
        ]

    def __str__(self) -> str:
        return f"Participant {self.participant_id} attended session {self.session_id}"


class ReinforcementPrompt(models.Model):
    """The post-session prompt a mentor was sent; the unique key makes sending idempotent."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="reinforcement_prompts"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["session_id", "participant_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="one_reinforcement_prompt_per_mentor"
            )
        ]

    def __str__(self) -> str:
        return f"Reinforcement prompt for session {self.session_id} to participant {self.participant_id}"
