"""What the mentoring year holds about a person (organizations/personal_data.py): the meetings
of their pairs (shared with their partners), their own private notes, their relationship
check-in answers, their attendance and the reports they made."""

from organizations.personal_data import PersonalData, register_personal_data
from sessions.models import Attendance, CheckIn, Meeting, PrivateNote, UnresponsiveReport


def register() -> None:
    register_personal_data(
        PersonalData(
            "Meetings",
            lambda user, organization: (
                Meeting.objects.filter(
                    organization=organization, pair__members__participant__employee__user=user
                )
                .distinct()
                .order_by("starts_at")
            ),
            fields=(
                "starts_at",
                "duration_minutes",
                "format",
                "location",
                "status",
                "topics",
                "shared_notes",
            ),
            order=60,
        )
    )
    register_personal_data(
        PersonalData(
            "Private notes",
            lambda user, organization: PrivateNote.objects.filter(organization=organization, author=user),
            fields=("meeting__starts_at", "text", "updated_at"),
            order=61,
        )
    )
    register_personal_data(
        PersonalData(
            "Relationship check-ins",
            lambda user, organization: CheckIn.objects.filter(
                organization=organization, member__participant__employee__user=user
            ),
            fields=(
                "round",
                "due_on",
                "answered_at",
                "usefulness",
                "met_as_planned",
                "would_continue",
                "comment",
            ),
            order=62,
        )
    )
    register_personal_data(
        PersonalData(
            "Learning session attendance",
            lambda user, organization: Attendance.objects.filter(
                organization=organization, participant__employee__user=user
            ),
            fields=("session__title", "session__starts_at", "source", "recorded_at"),
            order=63,
        )
    )
    register_personal_data(
        PersonalData(
            "Reports of an unresponsive partner",
            lambda user, organization: UnresponsiveReport.objects.filter(
                organization=organization, reporter__participant__employee__user=user
            ),
            fields=("created_at", "note"),
            order=64,
        )
    )
