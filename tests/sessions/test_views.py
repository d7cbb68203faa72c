"""Mentoring pages per role: the people in a pair, managers, HR, another pair, and refusals."""

import datetime
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions.models import (
    ActionItem,
    Attendance,
    CheckIn,
    LearningSession,
    Meeting,
    MeetingStatus,
    MentoringSettings,
    PrivateNote,
    SessionMaterial,
)
from tests.factories import MembershipFactory, UserFactory
from tests.frozen_time import clock_from
from tests.sessions.factories import (
    ActionItemFactory,
    CheckInFactory,
    LearningSessionFactory,
    MeetingFactory,
    PrivateNoteFactory,
    pair_of,
)

NOW = timezone.now()
clock = clock_from(NOW)  # the tests' clock starts at NOW: the data and the pages agree on the day
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def url(name: str, org, **kwargs) -> str:
    return reverse(f"mentoring:{name}", kwargs={"org_slug": org.slug, **kwargs})


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def local(org, moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(org.timezone))


# My mentoring and the pair space


def test_my_mentoring_lists_the_persons_pairs_and_explains_when_there_are_none(
    org, pair, mentee, senior_leader, client_for
):
    page = client_for(mentee).get(url("my_mentoring", org)).content.decode()
    mentor_name = pair.members.get(role="mentor").participant.employee.name
    assert mentor_name in page
    assert url("pair", org, pk=pair.pk) in page
    empty = client_for(senior_leader).get(url("my_mentoring", org)).content.decode()
    assert "You are not in a mentoring pair yet" in empty


def test_the_pair_space_shows_partners_meetings_items_and_health(
    org, cohort, pair, mentee, mentor_member, client_for
):
    upcoming = MeetingFactory(
        pair=pair, status=MeetingStatus.SCHEDULED, starts_at=NOW + datetime.timedelta(days=3)
    )
    MeetingFactory(pair=pair, starts_at=NOW - datetime.timedelta(days=2), topics="Negotiation basics")
    ActionItemFactory(meeting=upcoming, owner=mentor_member, text="Send the reading list")
    response = client_for(mentee).get(url("pair", org, pk=pair.pk))
    page = response.content.decode()
    assert response.status_code == 200
    mentor = mentor_member.participant
    assert mentor.employee.name in page and mentor.employee.department in page
    assert mentor.application.offer in page  # what the mentor can offer, from their application
    assert "Next meeting" in page and local(org, upcoming.starts_at).strftime("%H:%M") in page
    assert "Negotiation basics" in page
    assert "Send the reading list" in page
    assert "Healthy" in page
    assert 'id="pair-goals-title"' in page  # the goals app's section


def _due_in_four_days(org) -> str:
    from organizations.clock import local_date

    return (local_date(timezone.now(), org) + datetime.timedelta(days=4)).strftime("%-d %b")


def test_a_pair_that_has_not_met_yet_sees_when_its_first_meeting_is_expected(org, pair, mentee, client_for):
    page = client_for(mentee).get(url("pair", org, pk=pair.pk)).content.decode()
    assert "Not started" in page and "has not started yet" in page
    assert f"the program expects it by {_due_in_four_days(org)}" in page
    assert f"<dd>0 (first expected by {_due_in_four_days(org)})</dd>" in page
    assert "Healthy" not in page and "of 0 expected" not in page


def test_a_pair_that_met_before_its_first_meeting_was_due_is_healthy_on_its_space(
    org, pair, mentee, client_for
):
    MeetingFactory(pair=pair, starts_at=NOW - datetime.timedelta(days=2))
    page = client_for(mentee).get(url("pair", org, pk=pair.pk)).content.decode()
    assert "is doing: healthy" in page
    assert f"<dd>1 (first expected by {_due_in_four_days(org)})</dd>" in page
    assert "of 0 expected" not in page


@pytest.mark.parametrize("who", ["manager", "admin", "hr_analyst", "other_pair_user"])
def test_nobody_but_the_pair_reaches_its_space_or_meetings(
    org, pair, other_pair, people, other_pair_user, client_for, who
):
    user = other_pair_user if who == "other_pair_user" else getattr(people, who)
    meeting = MeetingFactory(pair=pair)
    client = client_for(user)
    for target in (
        url("pair", org, pk=pair.pk),
        url("meeting", org, pk=meeting.pk),
        url("meeting_log", org, pk=meeting.pk),
        url("meeting_ics", org, pk=meeting.pk),
        url("checkin", org, pk=pair.pk),
        url("meeting_create", org, pk=pair.pk),
    ):
        assert client.get(target).status_code == 404, target
    assert client.post(url("private_note", org, pk=meeting.pk), {"text": "sneaky"}).status_code == 404
    assert not PrivateNote.objects.exists()


def test_someone_who_left_the_pair_no_longer_reaches_it(org, pair, mentee, mentee_member, client_for):
    mentee_member.left_at = NOW
    mentee_member.save()
    assert client_for(mentee).get(url("pair", org, pk=pair.pk)).status_code == 404


def test_the_guide_of_the_latest_ended_session_shows_as_the_topic_to_reinforce(
    org, cohort, pair, mentor, client_for
):
    LearningSessionFactory(
        cohort=cohort, starts_at=NOW - datetime.timedelta(days=9), discussion_guide="Old guide"
    )
    latest = LearningSessionFactory(
        cohort=cohort, starts_at=NOW - datetime.timedelta(days=2), discussion_guide="Ask about feedback"
    )
    LearningSessionFactory(
        cohort=cohort, starts_at=NOW + datetime.timedelta(days=2), discussion_guide="Not yet"
    )
    page = client_for(mentor).get(url("pair", org, pk=pair.pk)).content.decode()
    assert "Topic to reinforce in your next meeting" in page
    assert "Ask about feedback" in page and "Old guide" not in page and "Not yet" not in page
    MeetingFactory(pair=pair, starts_at=NOW - datetime.timedelta(days=1), learning_session=latest)
    assert "You discussed it" in client_for(mentor).get(url("pair", org, pk=pair.pk)).content.decode()


def test_the_pair_space_does_not_query_per_meeting_or_item(org, pair, mentee, mentor_member, client_for):
    client = client_for(mentee)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("pair", org, pk=pair.pk)).status_code == 200
        return len(queries)

    MeetingFactory(pair=pair)
    count()  # the first visit makes the program's mentoring settings
    baseline = count()
    for days in range(2, 8):
        meeting = MeetingFactory(pair=pair, starts_at=NOW - datetime.timedelta(days=days))
        ActionItemFactory(meeting=meeting, owner=mentor_member)
    assert count() == baseline
    assert baseline <= 32


# Meetings


def _meeting_form(**overrides) -> dict:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return {
        "status": "scheduled",
        "date": tomorrow.isoformat(),
        "time": "14:30",
        "duration_minutes": "45",
        "format": "video",
        "location": "",
        "video_url": "https://meet.example.com/abc",
    } | overrides


def test_a_meeting_is_scheduled_on_the_organizations_clock(org, pair, mentee, client_for):
    response = client_for(mentee).post(url("meeting_create", org, pk=pair.pk), _meeting_form())
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == url("meeting", org, pk=meeting.pk)
    starts = local(org, meeting.starts_at)
    assert (starts.date(), starts.strftime("%H:%M")) == (
        timezone.localdate() + datetime.timedelta(days=1),
        "14:30",
    )
    assert meeting.starts_at.utcoffset() == datetime.timedelta(0)  # stored aware, in UTC


def test_a_past_time_for_a_scheduled_meeting_is_refused_with_a_message(org, pair, mentee, client_for):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client_for(mentee).post(url("meeting_create", org, pk=pair.pk), _meeting_form(date=yesterday))
    assert response.status_code == 200
    assert "That time has already passed" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("0", "between 1 minute and 8 hours"),
        ("600", "between 1 minute and 8 hours"),
        ("", "This field is required"),
    ],
)
def test_a_bad_duration_is_refused_with_a_message(org, pair, mentee, client_for, duration, message):
    response = client_for(mentee).post(
        url("meeting_create", org, pk=pair.pk), _meeting_form(duration_minutes=duration)
    )
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_recording_a_past_meeting_leads_to_its_log(org, pair, mentee, client_for):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client_for(mentee).post(
        url("meeting_create", org, pk=pair.pk), _meeting_form(date=yesterday, status="happened")
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == url("meeting_log", org, pk=meeting.pk)
    assert meeting.status == MeetingStatus.HAPPENED


def _log_form(owner_pk, **overrides) -> dict:
    return {
        "status": "happened",
        "topics": "Career paths",
        "learning_session": "",
        "shared_notes": "Both of us want to try the shadowing idea.",
        "private_note": "I should ask for more stretch work.",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "10",
        "items-0-text": "Shadow a sales call",
        "items-0-owner": str(owner_pk),
        "items-0-due_on": "",
        "items-1-text": "",
        "items-1-owner": "",
        "items-1-due_on": "",
    } | overrides


def test_logging_a_meeting_saves_notes_the_authors_private_note_and_action_items(
    org, pair, mentee, mentee_member, client_for
):
    meeting = MeetingFactory(
        pair=pair, status=MeetingStatus.SCHEDULED, starts_at=NOW - datetime.timedelta(hours=2)
    )
    response = client_for(mentee).post(url("meeting_log", org, pk=meeting.pk), _log_form(mentee_member.pk))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.topics) == ("happened", "Career paths")
    assert PrivateNote.objects.get().author == mentee
    assert ActionItem.objects.get().owner == mentee_member


def test_logging_a_future_meeting_as_happened_shows_why_and_saves_nothing(
    org, pair, mentee, mentee_member, client_for
):
    meeting = MeetingFactory(
        pair=pair, status=MeetingStatus.SCHEDULED, starts_at=NOW + datetime.timedelta(days=1)
    )
    response = client_for(mentee).post(url("meeting_log", org, pk=meeting.pk), _log_form(mentee_member.pk))
    assert response.status_code == 200
    assert "still in the future" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.topics == "" and not ActionItem.objects.exists() and not PrivateNote.objects.exists()


def test_an_action_item_owner_from_another_pair_is_refused(org, pair, other_pair, mentee, client_for):
    meeting = MeetingFactory(pair=pair, starts_at=NOW - datetime.timedelta(hours=2))
    stranger = other_pair.members.first()
    response = client_for(mentee).post(url("meeting_log", org, pk=meeting.pk), _log_form(stranger.pk))
    assert "Each action item belongs to someone in this pair." in response.content.decode()
    assert not ActionItem.objects.exists()


def test_a_member_sees_their_own_private_note_never_their_partners(org, pair, mentor, mentee, client_for):
    meeting = MeetingFactory(pair=pair)
    PrivateNoteFactory(meeting=meeting, author=mentor, text="MENTOR-ONLY THOUGHT")
    PrivateNoteFactory(meeting=meeting, author=mentee, text="MENTEE-ONLY THOUGHT")
    page = client_for(mentee).get(url("meeting", org, pk=meeting.pk)).content.decode()
    assert "MENTEE-ONLY THOUGHT" in page and "MENTOR-ONLY THOUGHT" not in page


def test_the_private_note_form_saves_and_clears_the_note(org, pair, mentee, client_for):
    meeting = MeetingFactory(pair=pair)
    client = client_for(mentee)
    client.post(url("private_note", org, pk=meeting.pk), {"text": "Remember to breathe"})
    assert PrivateNote.objects.get().text == "Remember to breathe"
    response = client.post(url("private_note", org, pk=meeting.pk), {"text": ""}, follow=True)
    assert "Private note deleted." in messages_of(response)
    assert not PrivateNote.objects.exists()


def test_an_action_item_is_ticked_from_the_pair_space(org, pair, mentor, mentee_member, client_for):
    item = ActionItemFactory(meeting=MeetingFactory(pair=pair), owner=mentee_member)
    response = client_for(mentor).post(
        url("action_item_done", org, pk=item.pk), {"done": "1", "next": url("pair", org, pk=pair.pk)}
    )
    assert response["Location"] == url("pair", org, pk=pair.pk)
    item.refresh_from_db()
    assert item.done


def test_an_action_item_of_another_pair_is_a_404(org, pair, other_pair, mentee, client_for):
    item = ActionItemFactory(meeting=MeetingFactory(pair=other_pair))
    assert client_for(mentee).post(url("action_item_done", org, pk=item.pk), {"done": "1"}).status_code == 404


def test_moving_a_meeting_to_the_past_is_refused(org, pair, mentee, client_for):
    meeting = MeetingFactory(
        pair=pair, status=MeetingStatus.SCHEDULED, starts_at=NOW + datetime.timedelta(days=2)
    )
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client_for(mentee).post(url("meeting_edit", org, pk=meeting.pk), _meeting_form(date=yesterday))
    assert "That time has already passed" in response.content.decode()
    assert Meeting.objects.get().starts_at == meeting.starts_at


# Check-ins


def _checkin_form(**overrides) -> dict:
    return {
        "usefulness": "4",
        "met_as_planned": "yes",
        "would_continue": "yes",
        "comment": "All good",
    } | overrides


def test_a_partner_answers_the_check_in_on_its_page(org, pair, mentee, mentee_member, client_for):
    CheckInFactory(pair=pair, member=mentee_member)
    client = client_for(mentee)
    assert (
        "How useful is this mentoring relationship"
        in client.get(url("checkin", org, pk=pair.pk)).content.decode()
    )
    response = client.post(url("checkin", org, pk=pair.pk), _checkin_form())
    assert response["Location"] == url("pair", org, pk=pair.pk)
    checkin = CheckIn.objects.get()
    assert (checkin.usefulness, checkin.met_as_planned, checkin.would_continue) == (4, True, True)
    assert "no check-in waiting" in client.get(url("checkin", org, pk=pair.pk)).content.decode()


@pytest.mark.parametrize("usefulness", ["0", "6", "abc", ""])
def test_an_out_of_range_usefulness_is_refused_with_a_message(
    org, pair, mentee, mentee_member, client_for, usefulness
):
    CheckInFactory(pair=pair, member=mentee_member)
    response = client_for(mentee).post(url("checkin", org, pk=pair.pk), _checkin_form(usefulness=usefulness))
    assert "Rate how useful the relationship is from 1 (not at all) to 5 (very)." in response.content.decode()
    assert CheckIn.objects.get().answered_at is None


def test_the_partners_check_in_is_not_answerable_by_the_other(org, pair, mentor, mentee_member, client_for):
    CheckInFactory(pair=pair, member=mentee_member)
    page = client_for(mentor).get(url("checkin", org, pk=pair.pk)).content.decode()
    assert "no check-in waiting" in page


# Learning sessions


def _session_form(**overrides) -> dict:
    return {
        "title": "Kickoff",
        "kind": "workshop",
        "audience": "everyone",
        "date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "time": "09:30",
        "duration_minutes": "120",
        "location": "Room 4",
        "video_url": "",
        "description": "",
        "discussion_guide": "What do you want from this year?",
    } | overrides


def test_a_manager_schedules_a_session_on_the_organizations_clock(org, cohort, manager, client_for):
    response = client_for(manager).post(url("session_create", org, pk=cohort.pk), _session_form())
    session = LearningSession.objects.get()
    assert response["Location"] == url("session", org, pk=session.pk)
    assert local(org, session.starts_at).strftime("%H:%M") == "09:30"
    assert session.created_by == manager


def test_a_bad_session_is_refused_with_a_message(org, cohort, manager, client_for):
    response = client_for(manager).post(
        url("session_create", org, pk=cohort.pk), _session_form(duration_minutes="0")
    )
    assert "between 1 minute and 8 hours" in response.content.decode()
    assert not LearningSession.objects.exists()


def test_a_manager_marks_attendance_with_the_checkbox_list(
    org, cohort, pair, manager, mentee_member, client_for
):
    session = LearningSessionFactory(cohort=cohort)
    client = client_for(manager)
    page = client.get(url("session", org, pk=session.pk)).content.decode()
    assert f'value="{mentee_member.participant_id}"' in page
    response = client.post(
        url("session_attendance", org, pk=session.pk),
        {"attended": [mentee_member.participant_id]},
        follow=True,
    )
    assert "Attendance saved: 1 person attended." in messages_of(response)
    assert list(Attendance.objects.values_list("participant_id", flat=True)) == [mentee_member.participant_id]


def test_a_participant_says_they_attended(org, cohort, pair, mentee, client_for):
    session = LearningSessionFactory(cohort=cohort)
    client = client_for(mentee)
    assert "I attended" in client.get(url("session", org, pk=session.pk)).content.decode()
    client.post(url("session_attended", org, pk=session.pk))
    assert Attendance.objects.get().source == "self"
    assert "You attended this session." in client.get(url("session", org, pk=session.pk)).content.decode()


def test_a_session_for_mentors_only_is_a_404_for_a_mentee(org, cohort, pair, mentee, mentor, client_for):
    session = LearningSessionFactory(cohort=cohort, audience="mentors")
    assert client_for(mentee).get(url("session", org, pk=session.pk)).status_code == 404
    assert client_for(mentor).get(url("session", org, pk=session.pk)).status_code == 200


def test_materials_are_uploaded_by_managers_and_downloaded_through_a_checked_view(
    org, cohort, pair, other_pair, manager, mentee, other_pair_user, client_for, settings
):
    session = LearningSessionFactory(cohort=cohort)
    response = client_for(manager).post(
        url("material_create", org, pk=session.pk),
        {"title": "Slides", "file": SimpleUploadedFile("slides.pdf", PDF)},
    )
    assert response.status_code == 302
    material = SessionMaterial.objects.get()
    download = client_for(mentee).get(url("material", org, pk=material.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith('attachment; filename="slides.pdf"')
    assert download["Cache-Control"] == "private, no-store"
    assert client_for(other_pair_user).get(url("material", org, pk=material.pk)).status_code == 200
    # Someone outside the cohort asks for it: the same 404 as a file that does not exist.
    stranger = MembershipFactory(organization=org, user=UserFactory()).user
    assert client_for(stranger).get(url("material", org, pk=material.pk)).status_code == 404
    assert settings.MEDIA_URL not in download["Content-Disposition"]


def test_a_too_big_or_wrong_file_is_refused_with_a_message_and_nothing_stored(
    org, cohort, manager, client_for, settings
):
    settings.SESSION_MATERIAL_MAX_BYTES = 1024
    session = LearningSessionFactory(cohort=cohort)
    client = client_for(manager)
    big = client.post(
        url("material_create", org, pk=session.pk),
        {"file": SimpleUploadedFile("big.pdf", PDF + b"x" * 2000)},
        follow=True,
    )
    assert any("files can be at most 1 KB" in m for m in messages_of(big))
    wrong = client.post(
        url("material_create", org, pk=session.pk),
        {"file": SimpleUploadedFile("run.exe", b"MZ")},
        follow=True,
    )
    assert any("is not a file type we accept" in m for m in messages_of(wrong))
    assert not SessionMaterial.objects.exists()


# Managers: overview, check-in answers, settings


def test_managers_see_the_per_pair_overview_and_hr_and_members_do_not(org, cohort, pair, people, client_for):
    for user, status in (
        (people.manager, 200),
        (people.hr_analyst, 403),
        (people.admin, 200),
        (people.mentee, 403),
    ):
        assert client_for(user).get(url("overview", org, pk=cohort.pk)).status_code == status
    page = client_for(people.manager).get(url("overview", org, pk=cohort.pk)).content.decode()
    assert pair.members.get(role="mentee").participant.employee.name in page
    # Published ten days ago and never met: its first meeting is due in four days.
    assert '<span class="badge badge-neutral" title="">Not started</span>' in page


def test_the_overview_shows_a_pair_not_started_with_the_day_its_first_meeting_is_due(
    org, cohort, pair, manager, client_for
):
    # The moment of this test, not the module's NOW (taken at collection, which may be the day
    # before on the organization's calendar when a run crosses its midnight).
    now = timezone.now()
    met_early = pair_of(UserFactory(), UserFactory(), cohort, published_at=now - datetime.timedelta(days=10))
    MeetingFactory(pair=met_early, starts_at=now - datetime.timedelta(days=1))
    page = client_for(manager).get(url("overview", org, pk=cohort.pk)).content.decode()
    due = _due_in_four_days(org)
    assert page.count(f'<span class="person-sub">first due by {due}</span>') == 2
    assert " / 0<" not in page and "/ 0</td>" not in page
    assert 'href="?health=not_started" class="badge badge-neutral">Not started: 1</a>' in page
    assert 'class="badge badge-ok">Healthy: 1</a>' in page
    assert '<option value="not_started">Not started</option>' in page
    only = (
        client_for(manager).get(url("overview", org, pk=cohort.pk) + "?health=not_started").content.decode()
    )
    mentee_of = {p: p.members.get(role="mentee").participant.employee.name for p in (pair, met_early)}
    assert mentee_of[pair] in only and mentee_of[met_early] not in only
    assert '<option value="not_started" selected>Not started</option>' in only


def test_the_overview_filters_and_sorts_from_the_query_string(org, cohort, pair, manager, client_for):
    page = client_for(manager).get(url("overview", org, pk=cohort.pk) + "?health=stalled").content.decode()
    assert "No pair matches these filters" in page
    page = (
        client_for(manager).get(url("overview", org, pk=cohort.pk) + "?sort=-last_meeting").content.decode()
    )
    assert 'aria-sort="descending"' in page


def test_the_csv_downloads_with_the_cohort_in_its_name(org, cohort, pair, manager, client_for):
    response = client_for(manager).get(url("overview_csv", org, pk=cohort.pk))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="cohort-{cohort.pk}-pairs-' in response["Content-Disposition"]
    assert response.content.decode().startswith("pair_id,kind,mentors")


def test_the_overview_page_does_not_query_per_pair(org, cohort, manager, client_for):
    from tests.factories import UserFactory
    from tests.sessions.factories import pair_of

    client = client_for(manager)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("overview", org, pk=cohort.pk)).status_code == 200
        return len(queries)

    pair_of(UserFactory(), UserFactory(), cohort)
    count()
    baseline = count()
    for _ in range(5):
        MeetingFactory(pair=pair_of(UserFactory(), UserFactory(), cohort))
    count()  # the new pairs' stored facts are computed on this read
    assert count() == baseline


def test_check_in_comments_are_for_cohort_managers_only(org, cohort, pair, mentee_member, people, client_for):
    CheckInFactory(pair=pair, member=mentee_member, answered=True, comment="We never find time")
    assert (
        "We never find time"
        in client_for(people.manager).get(url("checkin_answers", org, pk=cohort.pk)).content.decode()
    )
    assert client_for(people.hr_analyst).get(url("checkin_answers", org, pk=cohort.pk)).status_code == 403


def test_a_manager_changes_the_programs_health_settings(org, cohort, manager, client_for):
    form = {
        "first_checkin_weeks": "4",
        "checkin_interval_weeks": "6",
        "at_risk_cadence_factor": "2.0",
        "stalled_after_days": "60",
        "never_met_stalled_days": "21",
        "at_risk_overdue_milestones": "3",
        "at_risk_usefulness_at_most": "2",
        "silence_warning_days": "45",
        "silence_flag_days": "10",
    }
    response = client_for(manager).post(url("program_settings", org, pk=cohort.program_id), form)
    assert response["Location"] == url("overview", org, pk=cohort.pk)
    settings = MentoringSettings.objects.get(program=cohort.program)
    assert (
        settings.first_checkin_weeks,
        settings.stalled_after_days,
        str(settings.at_risk_cadence_factor),
        settings.silence_warning_days,
        settings.silence_flag_days,
    ) == (4, 60, "2.0", 45, 10)
    bad = client_for(manager).post(
        url("program_settings", org, pk=cohort.program_id),
        form | {"at_risk_cadence_factor": "0.5", "never_met_stalled_days": "90"},
    )
    assert bad.status_code == 200
    assert "Ensure this value is greater than or equal to 1.0" in bad.content.decode()
    assert str(MentoringSettings.objects.get().at_risk_cadence_factor) == "2.0"


def test_the_navigation_offers_mentoring_to_everyone(org, mentee, client_for):
    page = client_for(mentee).get(reverse("dashboard", kwargs={"org_slug": org.slug})).content.decode()
    assert url("my_mentoring", org) in page


def test_the_pair_space_shows_the_trust_profiles_the_cohorts_rule_lets_the_viewer_read(
    org, pair, mentee, mentee_member, mentor_member, client_for
):
    from cohorts.models import TrustProfile
    from cohorts.profiles.visibility import register_partner_source

    for member, purpose in ((mentee_member, "MENTEE-PURPOSE"), (mentor_member, "MENTOR-PURPOSE")):
        TrustProfile.objects.create(
            organization=org, participant=member.participant, purpose_statement=purpose, passions=["Teacher"]
        )
    paired = {mentee_member.participant_id: {mentor_member.participant_id}}
    previous = register_partner_source(lambda participant: paired.get(participant.pk, set()))
    try:
        page = client_for(mentee).get(url("pair", org, pk=pair.pk)).content.decode()
        assert "MENTEE-PURPOSE" in page and "MENTOR-PURPOSE" in page
        register_partner_source(lambda participant: set())
        page = client_for(mentee).get(url("pair", org, pk=pair.pk)).content.decode()
        assert "MENTEE-PURPOSE" in page and "MENTOR-PURPOSE" not in page
        assert mentor_member.participant.application.offer in page  # falls back to the application
    finally:
        register_partner_source(previous)


# Dates out of range are form errors, never a stored row that breaks every page


@pytest.mark.parametrize(
    ("status", "date", "time"),
    [("happened", "0001-01-01", "00:10"), ("scheduled", "9999-12-31", "23:30")],
)
def test_a_meeting_in_year_one_or_at_the_end_of_time_is_a_form_error(
    org, pair, mentee, client_for, status, date, time
):
    response = client_for(mentee).post(
        url("meeting_create", org, pk=pair.pk), _meeting_form(status=status, date=date, time=time)
    )
    assert response.status_code == 200
    assert "Choose a date between" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_cannot_be_moved_to_year_one_on_its_edit_page(org, pair, mentee, client_for):
    meeting = MeetingFactory(
        pair=pair, status=MeetingStatus.SCHEDULED, starts_at=NOW + datetime.timedelta(days=2)
    )
    form = _meeting_form(date="0001-01-01", time="00:10")
    del form["status"]
    response = client_for(mentee).post(url("meeting_edit", org, pk=meeting.pk), form)
    assert response.status_code == 200
    assert "Choose a date between" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.starts_at == NOW + datetime.timedelta(days=2)


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_a_learning_session_in_year_one_or_at_the_end_of_time_is_a_form_error(
    org, cohort, manager, client_for, date
):
    response = client_for(manager).post(
        url("session_create", org, pk=cohort.pk), _session_form(date=date, time="23:30")
    )
    assert response.status_code == 200
    assert "Choose a date between" in response.content.decode()
    assert not LearningSession.objects.exists()


def _csrf_checking_client(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_material_declared_far_too_large_is_refused_before_its_body_is_read(org, cohort, manager):
    session = LearningSessionFactory(cohort=cohort)
    # The body declares 100 MB but holds a few bytes: reading it (as Django's CSRF middleware
    # does to find the form's token) would fail the test client loudly.
    response = _csrf_checking_client(manager).post(
        url("material_create", org, pk=session.pk),
        data=b"x" * 16,
        content_type="multipart/form-data; boundary=never-read",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
        follow=True,
    )
    assert response.redirect_chain == [(url("session", org, pk=session.pk), 302)]
    assert any("This upload is 100 MB; files can be at most 10 MB" in m for m in messages_of(response))
    assert not SessionMaterial.objects.exists()


def test_a_material_upload_of_a_normal_size_still_needs_its_csrf_token(org, cohort, manager):
    session = LearningSessionFactory(cohort=cohort)
    response = _csrf_checking_client(manager).post(
        url("material_create", org, pk=session.pk), {"file": SimpleUploadedFile("slides.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not SessionMaterial.objects.exists()
