"""What erasing a person removes in the mentoring year (organizations/erasure.py): their private
notes, the topics, shared notes and action items of their pairs' meetings (written together with
the partner, so they cannot be told apart), their check-in comments and their reports' notes.
Meetings, attendance and check-in ratings stay as facts (engagement figures count them)."""

from organizations.erasure import register_eraser
from sessions.models import ActionItem, CheckIn, Meeting, PrivateNote, UnresponsiveReport

MEMBER = "participant__employee"


def erase_mentoring_records(organization, employee, user) -> int:
    changed = 0
    if user is not None:
        changed += PrivateNote.objects.filter(organization=organization, author=user).delete()[0]
    pairs = {"pair__members__participant__employee": employee}
    meetings = Meeting.objects.filter(organization=organization, **pairs).values("pk")
    changed += ActionItem.objects.filter(organization=organization, meeting__in=meetings).update(
        text="(erased)"
    )
    changed += Meeting.objects.filter(pk__in=meetings).update(topics="", shared_notes="")
    changed += CheckIn.objects.filter(organization=organization, **{f"member__{MEMBER}": employee}).update(
        comment=""
    )
    changed += UnresponsiveReport.objects.filter(
        organization=organization, **{f"reporter__{MEMBER}": employee}
    ).update(note="")
    return changed


def register() -> None:
    register_eraser(erase_mentoring_records)
