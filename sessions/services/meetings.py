"""Pair meetings: schedule, reschedule, log, private notes, action items.

Only a current member of the pair may write (``PermissionDenied`` otherwise; the views have
answered 404 before that). Every rule is checked before the first write, so refused input
leaves the database as it was.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from matching.models import Pair, PairMember
from organizations.date_ranges import DateRange
from programs.dates import program_year
from sessions.access import member_in_pair
from sessions.models import ActionItem, LearningSession, Meeting, MeetingFormat, MeetingStatus, PrivateNote
from sessions.models.meetings import MAX_MEETING_MINUTES
from sessions.stored_facts import pairs_changed

TEXT_LIMIT = 20_000
LOGGED_STATUSES = (MeetingStatus.HAPPENED, MeetingStatus.CANCELLED)

PAST_SCHEDULED = (
    "That time has already passed. Choose a time in the future, or record it as a meeting that "
    "already happened."
)
FUTURE_HAPPENED = "This meeting is still in the future, so it can't have happened yet."
DURATION = "A meeting lasts between 1 minute and 8 hours (480 minutes)."
OWNER_OUTSIDE = "Each action item belongs to someone in this pair."


@dataclass(frozen=True)
class ActionItemInput:
    text: str
    owner_id: int
    due_on: datetime.date | None = None


def _require_member(pair: Pair, actor) -> PairMember:
    member = member_in_pair(pair=pair, user=actor)
    if member is None:
        raise PermissionDenied("Only the people in this pair can do this.")
    return member


def _meeting_year(pair: Pair) -> DateRange:
    """When a pair's meetings (and their action items) may be: the program's year ± a margin."""
    return program_year(pair.cohort.program)


def _check_when(
    *, pair: Pair, starts_at: datetime.datetime, duration_minutes: int, status: str, now: datetime.datetime
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if duration_minutes is None or not 1 <= duration_minutes <= MAX_MEETING_MINUTES:
        errors.setdefault("duration_minutes", []).append(DURATION)
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be aware (convert from the organization's time zone first)")
    # First: a year-1 or year-9999 moment would overflow the comparisons below (and break every
    # page that shows it once stored).
    if problem := _meeting_year(pair).moment_problem(starts_at, organization=pair.organization):
        errors.setdefault("starts_at", []).append(problem)
        return errors
    if status == MeetingStatus.SCHEDULED and starts_at < now:
        errors.setdefault("starts_at", []).append(PAST_SCHEDULED)
    if status == MeetingStatus.HAPPENED and starts_at > now:
        errors.setdefault("starts_at", []).append(FUTURE_HAPPENED)
    return errors


def _check_place(*, format: str, location: str, video_url: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if format not in MeetingFormat.values:
        errors["format"] = ["Choose in person, video call or phone call."]
    if len(location) > 200:
        errors["location"] = ["Keep the place under 200 characters."]
    if video_url and not video_url.lower().startswith(("https://", "http://")):
        errors["video_url"] = ["A video link starts with https://."]
    return errors


@transaction.atomic
def meeting_schedule(
    *,
    actor,
    pair: Pair,
    starts_at: datetime.datetime,
    duration_minutes: int,
    format: str = MeetingFormat.VIDEO,
    location: str = "",
    video_url: str = "",
    status: str = MeetingStatus.SCHEDULED,
    now: datetime.datetime | None = None,
) -> Meeting:
    """Put a meeting in the pair's calendar, or record one that already happened.

    ``status`` is ``scheduled`` (the time must be in the future) or ``happened`` (the time must
    not be). Duration is 1 minute to 8 hours. Raises ``ValidationError`` keyed by field.
    """
    now = now or timezone.now()
    _require_member(pair, actor)
    if status not in (MeetingStatus.SCHEDULED, MeetingStatus.HAPPENED):
        raise ValidationError({"status": ["A new meeting is either scheduled or already happened."]})
    errors = _check_when(
        pair=pair, starts_at=starts_at, duration_minutes=duration_minutes, status=status, now=now
    )
    errors |= _check_place(format=format, location=location, video_url=video_url)
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        organization_id=pair.organization_id,
        pair=pair,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        format=format,
        location=location.strip(),
        video_url=video_url.strip(),
        status=status,
        scheduled_by=actor,
        logged_by=actor if status == MeetingStatus.HAPPENED else None,
        logged_at=now if status == MeetingStatus.HAPPENED else None,
    )
    pairs_changed([pair], now=now)
    return meeting


@transaction.atomic
def meeting_reschedule(
    *,
    actor,
    meeting: Meeting,
    starts_at: datetime.datetime,
    duration_minutes: int,
    format: str,
    location: str = "",
    video_url: str = "",
    now: datetime.datetime | None = None,
) -> Meeting:
    """Move a scheduled meeting or change where it happens (to a future time only)."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("pair").get(pk=meeting.pk)
    _require_member(meeting.pair, actor)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError("Only a scheduled meeting can be moved; this one is already logged.")
    errors = _check_when(
        pair=meeting.pair,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        status=MeetingStatus.SCHEDULED,
        now=now,
    )
    errors |= _check_place(format=format, location=location, video_url=video_url)
    if errors:
        raise ValidationError(errors)
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration_minutes
    meeting.format = format
    meeting.location = location.strip()
    meeting.video_url = video_url.strip()
    meeting.sequence += 1
    meeting.save()
    pairs_changed([meeting.pair], now=now)
    return meeting


def _check_action_items(pair: Pair, items: list[ActionItemInput]) -> dict[str, list[str]]:
    members = set(PairMember.objects.filter(pair=pair, left_at__isnull=True).values_list("pk", flat=True))
    year = _meeting_year(pair) if any(item.due_on for item in items) else None
    errors: list[str] = []
    for item in items:
        if not item.text.strip():
            errors.append("Say what the action item is.")
        elif len(item.text) > 300:
            errors.append("Keep each action item under 300 characters.")
        if item.owner_id not in members:
            errors.append(OWNER_OUTSIDE)
        if item.due_on and (problem := year.date_problem(item.due_on, what="a due date")):
            errors.append(problem)
    return {"action_items": sorted(set(errors), key=errors.index)} if errors else {}


def _learning_session(pair: Pair, session_id: int | None) -> LearningSession | None:
    if session_id is None:
        return None
    session = LearningSession.objects.filter(pk=session_id, cohort_id=pair.cohort_id).first()
    if session is None:
        raise ValidationError({"learning_session": ["Choose a learning session of this cohort."]})
    return session


def _save_private_note(meeting: Meeting, author, text: str) -> PrivateNote | None:
    text = text.strip()
    if not text:
        PrivateNote.objects.filter(meeting=meeting, author=author).delete()
        return None
    note, _ = PrivateNote.objects.update_or_create(
        meeting=meeting,
        author=author,
        defaults={"organization_id": meeting.organization_id, "text": text},
    )
    return note


@transaction.atomic
def meeting_log(
    *,
    actor,
    meeting: Meeting,
    status: str,
    topics: str = "",
    shared_notes: str = "",
    learning_session_id: int | None = None,
    private_note: str | None = None,
    action_items: list[ActionItemInput] | None = None,
    now: datetime.datetime | None = None,
) -> Meeting:
    """Record how a meeting went: happened or cancelled, topics, the learning session it
    followed up, notes shared with the pair, the actor's own private note (``None`` leaves it
    as it is, empty text removes it) and new action items.

    A meeting still in the future can't be logged as happened; each action item's owner must be
    in the pair. Raises ``ValidationError`` keyed by field and stores nothing then.
    """
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("pair").get(pk=meeting.pk)
    _require_member(meeting.pair, actor)
    action_items = action_items or []
    errors: dict[str, list[str]] = {}
    if status not in LOGGED_STATUSES:
        errors["status"] = ["Say whether the meeting happened or was cancelled."]
    elif status == MeetingStatus.HAPPENED and meeting.starts_at > now:
        errors["status"] = [FUTURE_HAPPENED]
    for name, text in (
        ("topics", topics),
        ("shared_notes", shared_notes),
        ("private_note", private_note or ""),
    ):
        if len(text) > TEXT_LIMIT:
            errors[name] = [f"Keep this under {TEXT_LIMIT:,} characters."]
    errors |= _check_action_items(meeting.pair, action_items)
    try:
        session = _learning_session(meeting.pair, learning_session_id)
    except ValidationError as error:
        errors |= error.message_dict
    if errors:
        raise ValidationError(errors)

    meeting.status = status
    meeting.topics = topics.strip()
    meeting.shared_notes = shared_notes.strip()
    meeting.learning_session = session
    meeting.logged_by = actor
    meeting.logged_at = now
    meeting.save()
    if private_note is not None:
        _save_private_note(meeting, actor, private_note)
    ActionItem.objects.bulk_create(
        ActionItem(
            organization_id=meeting.organization_id,
            meeting=meeting,
            text=item.text.strip(),
            owner_id=item.owner_id,
            due_on=item.due_on,
            created_by=actor,
        )
        for item in action_items
    )
    pairs_changed([meeting.pair], now=now)
    return meeting


@transaction.atomic
def private_note_save(*, author, meeting: Meeting, text: str) -> PrivateNote | None:
    """Write (or, with empty text, remove) the author's own private note on a meeting.

    Privacy: the note is keyed by its author and only ever shown back to them.
    """
    _require_member(meeting.pair, author)
    if len(text) > TEXT_LIMIT:
        raise ValidationError({"text": [f"Keep your note under {TEXT_LIMIT:,} characters."]})
    return _save_private_note(meeting, author, text)


@transaction.atomic
def action_item_add(
    *, actor, meeting: Meeting, text: str, owner_id: int, due_on: datetime.date | None = None
) -> ActionItem:
    """Add one action item to a meeting; its owner must be someone in the pair."""
    _require_member(meeting.pair, actor)
    item = ActionItemInput(text=text, owner_id=owner_id, due_on=due_on)
    errors = _check_action_items(meeting.pair, [item])
    if errors:
        raise ValidationError(errors)
    return ActionItem.objects.create(
        organization_id=meeting.organization_id,
        meeting=meeting,
        text=text.strip(),
        owner_id=owner_id,
        due_on=due_on,
        created_by=actor,
    )


@transaction.atomic
def action_item_set_done(
    *, actor, item: ActionItem, done: bool, now: datetime.datetime | None = None
) -> ActionItem:
    """Tick an action item off (or back on); anyone in the pair may."""
    item = ActionItem.objects.select_for_update().select_related("meeting__pair").get(pk=item.pk)
    _require_member(item.meeting.pair, actor)
    if item.done != done:
        item.done = done
        item.done_at = (now or timezone.now()) if done else None
        item.save(update_fields=["done", "done_at"])
    return item
