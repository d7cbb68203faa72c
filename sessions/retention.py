"""Retention kinds of the mentoring year (organizations/retention.py): meeting notes and
relationship check-in comments of ended programs."""

from django.db.models import Exists, F, OuterRef, Q

from organizations.retention import RetentionKind, register_retention_kind
from sessions.models import ActionItem, CheckIn, Meeting, PrivateNote

EXPIRED = "(expired)"
ENDED_ON = F("pair__cohort__program__end_date")


def _meetings_with_notes(organization):
    return (
        Meeting.objects.filter(organization=organization)
        .annotate(ended_on=ENDED_ON)
        .filter(
            Q(topics__gt="")
            | Q(shared_notes__gt="")
            | Exists(PrivateNote.objects.filter(meeting=OuterRef("pk")))
            | Exists(ActionItem.objects.filter(meeting=OuterRef("pk")).exclude(text=EXPIRED))
        )
    )


def _erase_meeting_notes(meetings) -> int:
    ids = list(meetings.values_list("pk", flat=True))
    PrivateNote.objects.filter(meeting_id__in=ids).delete()
    ActionItem.objects.filter(meeting_id__in=ids).update(text=EXPIRED)
    Meeting.objects.filter(pk__in=ids).update(topics="", shared_notes="")
    return len(ids)


def register() -> None:
    register_retention_kind(
        RetentionKind(
            key="meeting_notes",
            label="Meeting notes",
            what="topics, shared and private notes and action items of meetings",
            expiring=_meetings_with_notes,
            erase=_erase_meeting_notes,
            order=20,
        )
    )
    register_retention_kind(
        RetentionKind(
            key="checkin_comments",
            label="Check-in comments",
            what="the comments of relationship check-ins (the ratings stay)",
            expiring=lambda organization: (
                CheckIn.objects.filter(organization=organization)
                .exclude(comment="")
                .annotate(ended_on=ENDED_ON)
            ),
            erase=lambda checkins: CheckIn.objects.filter(pk__in=checkins.values("pk")).update(comment=""),
            order=30,
        )
    )
