"""Serializers of the mentoring API.

Privacy: a meeting's content (``Meeting.CONTENT_FIELDS`` and its action items) is added only
for callers in the meeting's pair (``context["my_pair_ids"]``); everyone else — managers, HR,
API keys — gets the metadata alone. Private notes and check-in comments have no serializer.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sessions.health import HealthStatus
from sessions.models import ActionItem, Attendance, LearningSession, Meeting, SessionMaterial


class ActionItemSerializer(serializers.ModelSerializer):
    owner = serializers.IntegerField(
        source="owner_id", read_only=True, help_text="The owner's pair member id."
    )

    class Meta:
        model = ActionItem
        fields = ["id", "text", "owner", "due_on", "done", "done_at"]


class MeetingContentSerializer(serializers.Serializer):
    """What only the people in the pair receive."""

    topics = serializers.CharField()
    shared_notes = serializers.CharField()
    location = serializers.CharField()
    video_url = serializers.CharField()
    learning_session = serializers.IntegerField(source="learning_session_id", allow_null=True)
    action_items = ActionItemSerializer(many=True)


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting: metadata for everyone who may list it; ``content`` only for its pair."""

    cohort = serializers.IntegerField(source="pair.cohort_id", read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    content = serializers.SerializerMethodField(
        help_text="Topics, shared notes, place and action items: for the people in the pair only, else null."
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "pair",
            "cohort",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "format",
            "status",
            "content",
        ]

    @extend_schema_field(MeetingContentSerializer(allow_null=True))
    def get_content(self, meeting: Meeting) -> dict | None:
        if meeting.pair_id not in self.context.get("my_pair_ids", ()):
            return None
        return MeetingContentSerializer(
            {
                "topics": meeting.topics,
                "shared_notes": meeting.shared_notes,
                "location": meeting.location,
                "video_url": meeting.video_url,
                "learning_session_id": meeting.learning_session_id,
                "action_items": meeting.action_items.all(),
            }
        ).data


class MaterialSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The permission-checked download page, or the link.")

    class Meta:
        model = SessionMaterial
        fields = ["id", "title", "kind", "url", "size", "content_type", "created_at"]

    def get_kind(self, material: SessionMaterial) -> str:
        return "file" if material.is_file else "link"

    def get_url(self, material: SessionMaterial) -> str:
        if not material.is_file:
            return material.link
        organization = self.context["organization"]
        return reverse("mentoring:material", kwargs={"org_slug": organization.slug, "pk": material.pk})


class LearningSessionSerializer(serializers.ModelSerializer):
    ends_at = serializers.DateTimeField(read_only=True)
    materials = MaterialSerializer(many=True, read_only=True)
    attended = serializers.IntegerField(source="attended_count", read_only=True)

    class Meta:
        model = LearningSession
        fields = [
            "id",
            "cohort",
            "title",
            "kind",
            "audience",
            "description",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "location",
            "video_url",
            "discussion_guide",
            "materials",
            "attended",
        ]


class AttendanceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="participant.employee.name", read_only=True)
    role = serializers.CharField(source="participant.role", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "session", "participant", "name", "role", "source", "recorded_at"]


class PairPersonSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="participant.employee.name")
    department = serializers.CharField(source="participant.employee.department")
    role = serializers.CharField()


class PairHealthSerializer(serializers.Serializer):
    """One pair's numbers and health. Metadata only."""

    pair = serializers.IntegerField(source="pair.pk")
    cohort = serializers.IntegerField(source="pair.cohort_id")
    kind = serializers.CharField(source="pair.kind")
    people = PairPersonSerializer(source="members", many=True)
    published_on = serializers.DateField()
    last_meeting_on = serializers.DateField(allow_null=True)
    next_meeting_at = serializers.DateTimeField(allow_null=True)
    meetings_held = serializers.IntegerField()
    meetings_expected = serializers.IntegerField(
        help_text="Meetings the program's cadence expected by today; 0 until the first is expected."
    )
    first_meeting_expected_by = serializers.DateField(
        source="first_meeting_due_on",
        help_text="One meeting cadence after the pair could first meet (the later of publishing "
        "and the program's start).",
    )
    milestones_done_percent = serializers.IntegerField(source="goals.milestones_percent", allow_null=True)
    overdue_milestones = serializers.IntegerField(source="goals.overdue_milestones")
    session_attendance_percent = serializers.IntegerField(source="attendance_percent", allow_null=True)
    checkin_average_usefulness = serializers.FloatField(source="checkin_average", allow_null=True)
    health = serializers.ChoiceField(
        source="health.status",
        choices=HealthStatus.choices,
        help_text="not_started: never met, and the first meeting is not yet expected (neither healthy "
        "nor at risk); healthy; at_risk; stalled. See health_reasons for why.",
    )
    health_reasons = serializers.ListField(
        source="health.reasons",
        child=serializers.CharField(),
        help_text="Why the pair is at risk or stalled, worst first; empty when healthy or not started.",
    )
