import datetime

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from matching.models import Pair, PairMember
from organizations.models import Organization

MAX_MEETING_MINUTES = 8 * 60


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HAPPENED = "happened", "Happened"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    """One meeting of a pair (or group, or circle), scheduled and then logged.

    Privacy: ``CONTENT_FIELDS`` are for the pair's members only. Managers and HR see that a
    meeting happened (``METADATA_FIELDS``: when, how long, how, its status), never what was said.
    """

    CONTENT_FIELDS = ("topics", "shared_notes", "location", "video_url", "learning_session")
    METADATA_FIELDS = ("starts_at", "duration_minutes", "format", "status")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=16, choices=MeetingFormat.choices, default=MeetingFormat.VIDEO)
    location = models.CharField("place", max_length=200, blank=True)
    video_url = models.URLField("video link", max_length=500, blank=True)
    status = models.CharField(max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    topics = models.TextField(blank=True)
    learning_session = models.ForeignKey(
        "mentoring_sessions.LearningSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_meetings",
    )
    shared_notes = models.TextField(blank=True)
    # Bumped on every change of time or place, so calendar apps replace the old event.
    sequence = models.PositiveIntegerField(default=0)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["pair", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=MAX_MEETING_MINUTES),
                name="meeting_duration_between_1_minute_and_8_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting {self.pk} of pair {self.pair_id} ({self.status})"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class PrivateNote(models.Model):
    """A note one member keeps about a meeting. Privacy: shown to its author and nobody else,
    not the partner, not managers, not admins; no API or export carries it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"], name="one_private_note_per_author_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"Private note {self.pk} on meeting {self.meeting_id}"


class ActionItem(models.Model):
    """Something a member of the pair agreed to do. Its text is content: the pair's only."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(PairMember, on_delete=models.PROTECT, related_name="action_items")
    due_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["done", "due_on", "id"]

    def __str__(self) -> str:
        return f"Action item {self.pk} of meeting {self.meeting_id}"
