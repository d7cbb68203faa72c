"""Meetings: schedule, reschedule, log, private notes, action items — and every refusal stores nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sessions.models import ActionItem, Meeting, MeetingStatus, PrivateNote
from sessions.services.meetings import (
    DURATION,
    FUTURE_HAPPENED,
    OWNER_OUTSIDE,
    PAST_SCHEDULED,
    ActionItemInput,
    action_item_add,
    action_item_set_done,
    meeting_log,
    meeting_reschedule,
    meeting_schedule,
    private_note_save,
)
from tests.frozen_time import clock_from
from tests.sessions.factories import LearningSessionFactory, MeetingFactory, member_of

NOW = timezone.now()
clock = clock_from(NOW)  # the tests' clock starts at NOW: the data and the pages agree on the day
TOMORROW = NOW + datetime.timedelta(days=1)
YESTERDAY = NOW - datetime.timedelta(days=1)


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_a_member_schedules_a_meeting(pair, mentor):
    meeting = meeting_schedule(
        actor=mentor,
        pair=pair,
        starts_at=TOMORROW,
        duration_minutes=45,
        format="in_person",
        location="Café Nord",
    )
    assert (meeting.status, meeting.duration_minutes, meeting.location) == (
        MeetingStatus.SCHEDULED,
        45,
        "Café Nord",
    )
    assert (meeting.organization_id, meeting.scheduled_by) == (pair.organization_id, mentor)


def test_a_meeting_that_already_happened_can_be_recorded(pair, mentee):
    meeting = meeting_schedule(
        actor=mentee, pair=pair, starts_at=YESTERDAY, duration_minutes=60, status=MeetingStatus.HAPPENED
    )
    assert meeting.status == MeetingStatus.HAPPENED
    assert meeting.logged_by == mentee


@pytest.mark.parametrize(
    ("starts_at", "duration", "status", "field", "message"),
    [
        (YESTERDAY, 60, MeetingStatus.SCHEDULED, "starts_at", PAST_SCHEDULED),
        (TOMORROW, 60, MeetingStatus.HAPPENED, "starts_at", FUTURE_HAPPENED),
        (TOMORROW, 0, MeetingStatus.SCHEDULED, "duration_minutes", DURATION),
        (TOMORROW, -5, MeetingStatus.SCHEDULED, "duration_minutes", DURATION),
        (TOMORROW, 481, MeetingStatus.SCHEDULED, "duration_minutes", DURATION),
        (
            TOMORROW,
            60,
            MeetingStatus.CANCELLED,
            "status",
            "A new meeting is either scheduled or already happened.",
        ),
    ],
)
def test_bad_meeting_times_are_refused_and_nothing_is_stored(
    pair, mentor, starts_at, duration, status, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        meeting_schedule(
            actor=mentor, pair=pair, starts_at=starts_at, duration_minutes=duration, status=status
        )
    assert _errors(excinfo)[field] == [message]
    assert not Meeting.objects.exists()


def test_eight_hours_is_the_longest_meeting(pair, mentor):
    assert (
        meeting_schedule(actor=mentor, pair=pair, starts_at=TOMORROW, duration_minutes=480).duration_minutes
        == 480
    )


def test_a_video_link_must_be_a_web_address(pair, mentor):
    with pytest.raises(ValidationError) as excinfo:
        meeting_schedule(
            actor=mentor, pair=pair, starts_at=TOMORROW, duration_minutes=30, video_url="javascript:x"
        )
    assert "video_url" in _errors(excinfo)
    assert not Meeting.objects.exists()


def test_someone_outside_the_pair_cannot_schedule_its_meetings(pair, other_pair_user, manager):
    for actor in (other_pair_user, manager):
        with pytest.raises(PermissionDenied):
            meeting_schedule(actor=actor, pair=pair, starts_at=TOMORROW, duration_minutes=30)
    assert not Meeting.objects.exists()


def test_a_member_who_left_the_pair_cannot_write_to_it(pair, mentee, mentee_member):
    mentee_member.left_at = NOW
    mentee_member.save()
    with pytest.raises(PermissionDenied):
        meeting_schedule(actor=mentee, pair=pair, starts_at=TOMORROW, duration_minutes=30)


def test_rescheduling_moves_the_meeting_and_bumps_its_calendar_sequence(pair, mentor):
    meeting = MeetingFactory(pair=pair, status=MeetingStatus.SCHEDULED, starts_at=TOMORROW)
    later = TOMORROW + datetime.timedelta(days=2)
    meeting_reschedule(actor=mentor, meeting=meeting, starts_at=later, duration_minutes=30, format="phone")
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.format, meeting.sequence) == (later, "phone", 1)


def test_rescheduling_into_the_past_or_a_logged_meeting_is_refused(pair, mentor):
    meeting = MeetingFactory(pair=pair, status=MeetingStatus.SCHEDULED, starts_at=TOMORROW)
    with pytest.raises(ValidationError):
        meeting_reschedule(
            actor=mentor, meeting=meeting, starts_at=YESTERDAY, duration_minutes=30, format="video"
        )
    logged = MeetingFactory(pair=pair, status=MeetingStatus.HAPPENED, starts_at=YESTERDAY)
    with pytest.raises(ValidationError):
        meeting_reschedule(
            actor=mentor, meeting=logged, starts_at=TOMORROW, duration_minutes=30, format="video"
        )
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.sequence) == (TOMORROW, 0)


def test_logging_records_content_the_authors_private_note_and_action_items(
    pair, mentor, mentee_member, cohort
):
    session = LearningSessionFactory(cohort=cohort)
    meeting = MeetingFactory(pair=pair, status=MeetingStatus.SCHEDULED, starts_at=YESTERDAY)
    meeting_log(
        actor=mentor,
        meeting=meeting,
        status=MeetingStatus.HAPPENED,
        topics="Stakeholder maps",
        shared_notes="We drew the map together.",
        learning_session_id=session.pk,
        private_note="She seems unsure about the move.",
        action_items=[
            ActionItemInput(text="Draft the map", owner_id=mentee_member.pk, due_on=TOMORROW.date())
        ],
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.topics, meeting.learning_session) == (
        "happened",
        "Stakeholder maps",
        session,
    )
    assert PrivateNote.objects.get().author == mentor
    item = ActionItem.objects.get()
    assert (item.text, item.owner, item.organization_id) == (
        "Draft the map",
        mentee_member,
        pair.organization_id,
    )


def test_logging_a_future_meeting_as_happened_is_refused_and_nothing_changes(pair, mentor, mentee_member):
    meeting = MeetingFactory(pair=pair, status=MeetingStatus.SCHEDULED, starts_at=TOMORROW)
    with pytest.raises(ValidationError) as excinfo:
        meeting_log(
            actor=mentor,
            meeting=meeting,
            status=MeetingStatus.HAPPENED,
            topics="Too early",
            private_note="not yet",
            action_items=[ActionItemInput(text="x", owner_id=mentee_member.pk)],
        )
    assert _errors(excinfo)["status"] == [FUTURE_HAPPENED]
    meeting.refresh_from_db()
    assert (meeting.status, meeting.topics) == (MeetingStatus.SCHEDULED, "")
    assert not PrivateNote.objects.exists() and not ActionItem.objects.exists()


def test_a_future_meeting_can_be_logged_as_cancelled(pair, mentor):
    meeting = MeetingFactory(pair=pair, status=MeetingStatus.SCHEDULED, starts_at=TOMORROW)
    meeting_log(actor=mentor, meeting=meeting, status=MeetingStatus.CANCELLED)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_an_action_item_owner_outside_the_pair_is_refused_and_nothing_is_stored(
    pair, mentor, other_pair, other_pair_user
):
    meeting = MeetingFactory(pair=pair, starts_at=YESTERDAY)
    outsider_member = member_of(other_pair, other_pair_user)
    with pytest.raises(ValidationError) as excinfo:
        meeting_log(
            actor=mentor,
            meeting=meeting,
            status=MeetingStatus.HAPPENED,
            topics="Should not be saved",
            action_items=[ActionItemInput(text="Someone else's job", owner_id=outsider_member.pk)],
        )
    assert _errors(excinfo)["action_items"] == [OWNER_OUTSIDE]
    meeting.refresh_from_db()
    assert meeting.topics == ""
    with pytest.raises(ValidationError):
        action_item_add(actor=mentor, meeting=meeting, text="Still not", owner_id=outsider_member.pk)
    assert not ActionItem.objects.exists()


def test_a_learning_session_of_another_cohort_cannot_be_linked(pair, mentor):
    meeting = MeetingFactory(pair=pair, starts_at=YESTERDAY)
    elsewhere = LearningSessionFactory(cohort__program__organization=pair.organization)
    with pytest.raises(ValidationError) as excinfo:
        meeting_log(
            actor=mentor, meeting=meeting, status=MeetingStatus.HAPPENED, learning_session_id=elsewhere.pk
        )
    assert "learning_session" in _errors(excinfo)


def test_each_member_keeps_one_private_note_and_empty_text_deletes_it(pair, mentor, mentee):
    meeting = MeetingFactory(pair=pair)
    private_note_save(author=mentor, meeting=meeting, text="first")
    private_note_save(author=mentor, meeting=meeting, text="second")
    private_note_save(author=mentee, meeting=meeting, text="mine")
    assert sorted(PrivateNote.objects.values_list("text", flat=True)) == ["mine", "second"]
    assert private_note_save(author=mentor, meeting=meeting, text="  ") is None
    assert list(PrivateNote.objects.values_list("text", flat=True)) == ["mine"]


def test_a_partner_ticks_off_an_action_item_and_can_reopen_it(pair, mentor, mentee, mentee_member):
    meeting = MeetingFactory(pair=pair)
    item = action_item_add(actor=mentor, meeting=meeting, text="Book the course", owner_id=mentee_member.pk)
    action_item_set_done(actor=mentee, item=item, done=True)
    item.refresh_from_db()
    assert item.done and item.done_at is not None
    action_item_set_done(actor=mentor, item=item, done=False)
    item.refresh_from_db()
    assert (item.done, item.done_at) == (False, None)


def test_an_outsider_cannot_tick_an_action_item(pair, mentor, mentee_member, other_pair_user):
    item = action_item_add(
        actor=mentor, meeting=MeetingFactory(pair=pair), text="x", owner_id=mentee_member.pk
    )
    with pytest.raises(PermissionDenied):
        action_item_set_done(actor=other_pair_user, item=item, done=True)
    item.refresh_from_db()
    assert not item.done


def test_a_meeting_in_the_database_cannot_last_longer_than_eight_hours(pair):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(pair=pair, duration_minutes=481)


# Dates out of range: year 1 (PostgreSQL stores 0001-01-01 00:10 in Amsterdam as 1 BC, which
# Django cannot read back) and the end of time (9999-12-31 23:30 overflows its end and .ics).


def _local(org, *args) -> datetime.datetime:
    from organizations.clock import organization_tz

    return datetime.datetime(*args, tzinfo=organization_tz(org))


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        ((1, 1, 1, 0, 10), MeetingStatus.HAPPENED),
        ((9999, 12, 31, 23, 30), MeetingStatus.SCHEDULED),
    ],
)
def test_a_meeting_in_year_one_or_at_the_end_of_time_is_refused_and_nothing_is_stored(
    org, pair, mentee, moment, status
):
    with pytest.raises(ValidationError) as excinfo:
        meeting_schedule(
            actor=mentee, pair=pair, starts_at=_local(org, *moment), duration_minutes=60, status=status
        )
    assert "give or take three months" in _errors(excinfo)["starts_at"][0]
    assert not Meeting.objects.exists()


def test_a_meeting_must_fall_within_the_programs_year_give_or_take_three_months(org, pair, mentor):
    program = pair.cohort.program
    early = datetime.datetime.combine(program.start_date - datetime.timedelta(days=93), datetime.time(9))
    with pytest.raises(ValidationError) as excinfo:
        meeting_schedule(
            actor=mentor,
            pair=pair,
            starts_at=_local(org, *early.timetuple()[:5]),
            duration_minutes=30,
            status=MeetingStatus.HAPPENED,
        )
    message = _errors(excinfo)["starts_at"][0]
    assert message.startswith("Choose a date between ")
    assert f"the program runs {program.start_date.day} " in message


def test_a_meeting_cannot_be_moved_to_the_end_of_time(org, pair, mentor):
    meeting = MeetingFactory(pair=pair, status=MeetingStatus.SCHEDULED, starts_at=TOMORROW)
    with pytest.raises(ValidationError) as excinfo:
        meeting_reschedule(
            actor=mentor,
            meeting=meeting,
            starts_at=_local(org, 9999, 12, 31, 23, 30),
            duration_minutes=30,
            format="video",
        )
    assert "starts_at" in _errors(excinfo)
    meeting.refresh_from_db()
    assert meeting.starts_at == TOMORROW


def test_an_action_item_due_at_the_end_of_time_is_refused(pair, mentor, mentee_member):
    meeting = MeetingFactory(pair=pair)
    with pytest.raises(ValidationError) as excinfo:
        action_item_add(
            actor=mentor,
            meeting=meeting,
            text="Read the book",
            owner_id=mentee_member.pk,
            due_on=datetime.date(9999, 12, 31),
        )
    assert "Choose a due date between" in _errors(excinfo)["action_items"][0]
    assert not ActionItem.objects.exists()
